"""The database: open the DuckDB file, apply numbered migrations, run named SQL."""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import duckdb

from analytics import texts
from analytics.increments import derive
from analytics.paths import SQL_DIR, database_path

MIGRATIONS_DIR = SQL_DIR / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
# A migration whose first line is this marker creates shared tables (accounts, tokens, audit,
# the campaign registry): applied to "main" only, never to a campaign's own schema.
SHARED_MARKER = "-- scope: shared"
MAIN_SCHEMA = "main"
_SCHEMA_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class DatabaseLockedError(RuntimeError):
    """Another process holds the database file; the message says which and what to do."""


class DatabaseVersionError(RuntimeError):
    """The file was written by a newer version of the product."""


def migrations() -> list[tuple[int, Path]]:
    """Numbered migration files, in order."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return found


LATEST_VERSION = migrations()[-1][0]


@cache
def sql(name: str) -> str:
    """The text of analytics/sql/<name>.sql (named queries live there, never in f-strings)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _lock_holder(message: str) -> str:
    match = re.search(r"Conflicting lock is held in (.+?) \(PID (\d+)\)", message)
    if match:
        return f"{match.group(1)}, PID {match.group(2)}"
    match = re.search(r"PID (\d+)", message)
    return f"PID {match.group(1)}" if match else ""


def open_database(path: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database file and bring its schema up to date."""
    db_path = database_path(path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(db_path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            holder = _lock_holder(str(exc))
            raise DatabaseLockedError(
                texts.DB_LOCKED.format(
                    path=db_path, holder=texts.DB_LOCKED_HOLDER.format(holder=holder) if holder else ""
                )
            ) from exc
        raise
    if not read_only:
        migrate(con, db_path)
        for (schema,) in con.execute(
            "SELECT schema_name FROM campaign WHERE schema_name <> ? ORDER BY schema_name", [MAIN_SCHEMA]
        ).fetchall():
            migrate(con, db_path, schema)
            close_interrupted_uploads(CampaignDB(con, schema, ""))
        close_interrupted_uploads(con)
    return con


def close_interrupted_uploads(con: duckdb.DuckDBPyConnection) -> None:
    """Mark "failed" the uploads a killed process left "in_progress" (only one process can
    open the file for writing, so none of them is still running)."""
    con.execute(sql("uploads_interrupted"), {"reason": texts.IMPORT_INTERRUPTED})


class CampaignDB:
    """A connection to one campaign's schema: every unqualified table and view a query names is
    the campaign's own (DuckDB looks in the schema chosen by USE first), and the shared tables
    (accounts, tokens, audit, the campaign registry) are found in "main". `.cursor()` gives
    another connection to the same campaign, so code written for a plain DuckDB connection
    (`con.cursor().execute(...)`) reads and writes one campaign without naming it; everything
    else is the underlying DuckDB cursor's."""

    __slots__ = ("root", "schema", "campaign_id", "owns_root", "_cursor")

    def __init__(self, root: duckdb.DuckDBPyConnection, schema: str, campaign_id: str, owns_root: bool = False):
        if not _SCHEMA_NAME.match(schema):
            raise ValueError(f"bad schema name {schema!r}")
        self.root = root.root if isinstance(root, CampaignDB) else root
        self.schema = schema
        self.campaign_id = campaign_id
        self.owns_root = owns_root  # close() also closes the process's connection (a command's own)
        self._cursor = self.root.cursor()
        if schema != MAIN_SCHEMA:
            self._cursor.execute(f'USE "{schema}"')  # schema names come from the registry, checked above

    def cursor(self) -> "CampaignDB":
        return CampaignDB(self.root, self.schema, self.campaign_id)

    def close(self) -> None:
        self._cursor.close()
        if self.owns_root:
            self.root.close()

    def __getattr__(self, name: str):
        return getattr(self._cursor, name)

    def __repr__(self) -> str:
        return f"CampaignDB({self.campaign_id!r}, schema={self.schema!r})"


def campaign_of(con) -> str | None:
    """The id of the campaign a connection is bound to (None: a plain connection, "main")."""
    return getattr(con, "campaign_id", None)


def schema_version(con: duckdb.DuckDBPyConnection, schema: str = MAIN_SCHEMA) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version' AND table_schema = ?",
        [schema],
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute(f'SELECT coalesce(max(version), 0) FROM "{schema}".schema_version').fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection, db_path: Path | str = "", schema: str = MAIN_SCHEMA) -> int:
    """Apply the migrations the file (or a campaign's schema: the migrations that are not shared)
    lacks, each in its own transaction; return the version."""
    if not _SCHEMA_NAME.match(schema):
        raise ValueError(f"bad schema name {schema!r}")
    if schema != MAIN_SCHEMA:
        con = con.cursor()
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        con.execute(f'USE "{schema}"')
    con.execute(
        f'CREATE TABLE IF NOT EXISTS "{schema}".schema_version '
        "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
    )
    current = schema_version(con, schema)
    if current > LATEST_VERSION:
        raise DatabaseVersionError(texts.DB_TOO_NEW.format(path=db_path, found=current, known=LATEST_VERSION))
    applied = {row[0] for row in con.execute(f'SELECT version FROM "{schema}".schema_version').fetchall()}
    for number, path in migrations():
        if number in applied:
            continue
        text = path.read_text(encoding="utf-8")
        shared = text.startswith(SHARED_MARKER)
        con.execute("BEGIN TRANSACTION")
        try:
            if not shared or schema == MAIN_SCHEMA:
                con.execute(text)
            con.execute(
                f'INSERT INTO "{schema}".schema_version VALUES (?, ?, current_timestamp::TIMESTAMP)',
                [number, path.name],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = number
    return current


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection, data: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """One write transaction on a fresh cursor; bumps the data version on commit (unless
    `data` is False: sign-ins and sessions change no figure, so cached queries stay valid).

    Write conflicts between sessions are retried by `run_in_transaction`; this context
    manager only commits or rolls back, so a failure leaves nothing half written.
    """
    cur = con.cursor()
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
        if data:
            sync_report_current(cur)
            bump_data_version(cur)
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()


# DuckDB admits one writing process per file; inside it, sessions share one connection.
# Serialising their write transactions makes conflicts (every commit bumps the data
# version row) impossible instead of merely retried.
_WRITE_LOCK = threading.RLock()


def run_in_transaction(con: duckdb.DuckDBPyConnection, work, retries: int = 5, data: bool = True):
    """Call work(cursor) inside one transaction (one writer at a time in this process),
    retrying on a write-write conflict."""
    for attempt in range(retries):
        try:
            with _WRITE_LOCK, transaction(con, data) as cur:
                return work(cur)
        except duckdb.TransactionException as exc:
            if "conflict" not in str(exc).lower() or attempt == retries - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def rolled_back(con: duckdb.DuckDBPyConnection, work):
    """Call work(cursor) inside a transaction that is then rolled back (one writer at a time):
    to read what the database would hold after a write, writing nothing."""
    with _WRITE_LOCK:
        cur = con.cursor()
        try:
            cur.execute("BEGIN TRANSACTION")
            return work(cur)
        finally:
            cur.execute("ROLLBACK")
            cur.close()


def sync_report_current(cur: duckdb.DuckDBPyConnection) -> int:
    """Bring report_current in line with uploads added, undone or redone since the last sync;
    return the number of uploads whose keys were re-derived."""
    changed = cur.execute(
        """
        SELECT u.id, u.status = 'accepted' AND u.undone_at IS NULL AS live
        FROM upload u LEFT JOIN report_sync s ON s.upload_id = u.id
        WHERE s.upload_id IS NULL OR s.live <> (u.status = 'accepted' AND u.undone_at IS NULL)
        """
    ).fetchall()
    if not changed:
        return 0
    ids = [row[0] for row in changed]
    has_reports = cur.execute("SELECT count(*) FROM report WHERE upload_id IN (SELECT unnest(?))", [ids]).fetchone()[0]
    if has_reports:
        _rederive(cur, ids)
    cur.execute(
        """
        INSERT INTO report_sync SELECT * FROM (SELECT unnest(?) AS upload_id, unnest(?) AS live)
        ON CONFLICT (upload_id) DO UPDATE SET live = excluded.live
        """,
        [ids, [row[1] for row in changed]],
    )
    return len(ids)


def statements(name: str) -> list[str]:
    """The statements of a SQL file (DuckDB binds parameters in one statement at a time)."""
    return [text for text in sql(name).split(";\n") if text.strip()]


def _rederive(cur: duckdb.DuckDBPyConnection, ids: list[int]) -> None:
    """Re-derive the increments of every family the uploads touch from its live observations."""
    create, select = statements("report_observations")
    cur.execute(create, {"ids": ids})
    derived = derive(cur.execute(select).df())
    cur.register("ingest_derived", derived)
    try:
        for text in statements("report_current_replace"):
            cur.execute(text)
    finally:
        cur.unregister("ingest_derived")


def bump_data_version(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(
        """
        INSERT INTO meta VALUES ('data_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = (CAST(meta.value AS BIGINT) + 1)::VARCHAR
        """
    )


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A number that changes with every committed write (imports, undo, demo, init)."""
    row = con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
    return int(row[0]) if row else 0


def meta_value(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the database holds no units yet (freshly created)."""
    return con.execute("SELECT count(*) FROM unit").fetchone()[0] == 0
