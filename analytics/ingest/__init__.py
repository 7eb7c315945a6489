"""Excel import: read the province's report files, validate them, preview, write, undo.

The public surface: prepare (dry run), commit, import_file, undo_preview, undo_upload,
list_uploads, template_bytes, and the small data classes of analytics.ingest.model.
"""

from analytics.ingest.model import KIND_ORDER, KINDS, ImportOptions, ImportResult, Issue, Plan
from analytics.ingest.pipeline import (
    commit, dry_run_result, import_file, issues_table, list_uploads, prepare, sha256_of, upload_issues,
)
from analytics.ingest.templates import template_bytes
from analytics.ingest.undo import UndoError, UndoPreview, undo_preview, undo_upload

__all__ = [
    "KINDS", "KIND_ORDER", "ImportOptions", "ImportResult", "Issue", "Plan", "UndoError", "UndoPreview", "commit",
    "dry_run_result", "import_file", "issues_table", "list_uploads", "prepare", "sha256_of", "template_bytes",
    "undo_preview", "undo_upload", "upload_issues",
]
