"""Downloadable tables of the import: errors and warnings of one or many files, and the
headline figures shown beside the upload."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import texts
from analytics.export import to_xlsx
from analytics.ingest.model import ImportResult
from analytics.ingest.pipeline import issues_table
from analytics.ingest.statements import statement
from analytics.settings import Settings


def issues_workbook(results: list[ImportResult], settings: Settings) -> bytes:
    """One sheet listing every error and warning of the files, with the file name first; written
    by the exports' writer, since file names and cell values are untrusted (no formula, no link,
    long text kept)."""
    frames = []
    for result in results:
        frame = issues_table(result)
        frame.insert(0, texts.IMPORT_ISSUES_FILE_COLUMN, result.file)
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return to_xlsx(table, title=texts.IMPORT_ISSUES_SHEET, settings=settings)


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Headline figures of the database: villages, households, stores, accounts (commune
    reports), teams, committees, live uploads."""
    cur = con.cursor()
    row = cur.execute(statement("totals")).fetchone()
    names = [d[0] for d in cur.description]
    return dict(zip(names, row))
