"""Downloadable tables of the import: errors and warnings of one or many files, and the
headline figures shown beside the upload."""

from __future__ import annotations

import io

import duckdb
import pandas as pd
import xlsxwriter

from analytics import texts
from analytics.ingest.model import ImportResult
from analytics.ingest.pipeline import issues_table
from analytics.ingest.statements import statement

FORMULA_START = ("=", "+", "-", "@")


def _safe(value):
    """Cell text that Excel will not run as a formula (file contents are untrusted)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def issues_workbook(results: list[ImportResult]) -> bytes:
    """One sheet listing every error and warning of the files, with the file name first."""
    frames = []
    for result in results:
        frame = issues_table(result)
        frame.insert(0, texts.IMPORT_ISSUES_FILE_COLUMN, result.file)
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(texts.IMPORT_ISSUES_SHEET)
    bold = workbook.add_format({"bold": True, "border": 1, "text_wrap": True})
    for column, name in enumerate(table.columns):
        sheet.write(0, column, name, bold)
        sheet.set_column(column, column, 60 if column == len(table.columns) - 1 else 16)
    for row, values in enumerate(table.itertuples(index=False), start=1):
        for column, value in enumerate(values):
            if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
                continue
            sheet.write(row, column, _safe(value))
    workbook.close()
    return buffer.getvalue()


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Headline figures of the database: villages, households, stores, accounts (commune
    reports), teams, committees, live uploads."""
    cur = con.cursor()
    row = cur.execute(statement("totals")).fetchone()
    names = [d[0] for d in cur.description]
    return dict(zip(names, row))
