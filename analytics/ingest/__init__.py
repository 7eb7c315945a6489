"""Excel import: read the province's report files, validate them, preview, write, undo.

The public surface: prepare (dry run), commit, import_file, undo_preview, undo_upload,
list_uploads, template_bytes, and the small data classes of analytics.ingest.model.

Imported lazily (on first use of a name): the process that reads an upload imports only
`analytics.ingest.reading`, not pandas and DuckDB, so it starts in a fraction of the time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analytics.ingest.model import KIND_ORDER, KINDS, ImportOptions, ImportResult, Issue, Plan
    from analytics.ingest.pipeline import (
        commit, dry_run_result, import_file, issues_table, list_uploads, prepare, sha256_of, upload_issues,
    )
    from analytics.ingest.templates import template_bytes
    from analytics.ingest.undo import UndoError, UndoPreview, undo_preview, undo_upload

_HOMES = {
    "model": ("KINDS", "KIND_ORDER", "ImportOptions", "ImportResult", "Issue", "Plan"),
    "pipeline": ("commit", "dry_run_result", "import_file", "issues_table", "list_uploads", "prepare", "sha256_of",
                 "upload_issues"),
    "templates": ("template_bytes",),
    "undo": ("UndoError", "UndoPreview", "undo_preview", "undo_upload"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = sorted(_HOME_OF)


def __getattr__(name: str) -> Any:
    if name not in _HOME_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME_OF[name]}"), name)
    globals()[name] = value
    return value
