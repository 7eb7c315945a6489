"""Every path of the product, resolved from the repository root (never the working directory)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SETTINGS_PATH = DATA_DIR / "settings.toml"
DEFAULT_DB_PATH = DATA_DIR / "dashboard.duckdb"
SQL_DIR = Path(__file__).resolve().parent / "sql"

DB_ENV_VAR = "DASHBOARD_DB"


def database_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else $DASHBOARD_DB, else data/dashboard.duckdb."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(DB_ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_DB_PATH
