"""Excel import: read the province's report files, validate them, preview, write, undo.

The public surface: prepare (dry run), commit, import_file, undo_upload, list_uploads,
template_bytes, and the small data classes of analytics.ingest.model.
"""

from analytics.ingest.model import KIND_ORDER, KINDS, ImportOptions, ImportResult, Issue, Plan
from analytics.ingest.pipeline import (
    UndoError, commit, dry_run_result, import_file, issues_table, list_uploads, prepare, sha256_of, undo_upload,
    upload_issues,
)
from analytics.ingest.templates import template_bytes

__all__ = [
    "KINDS", "KIND_ORDER", "ImportOptions", "ImportResult", "Issue", "Plan", "UndoError", "commit",
    "dry_run_result", "import_file", "issues_table", "list_uploads", "prepare", "sha256_of", "template_bytes",
    "undo_upload", "upload_issues",
]
