"""Undoing an upload: who may, what it removes (a preview computed without writing), what builds
on it, and the undo itself with its audit row in the same transaction.

Rules: an admin undoes any upload; a district officer an upload whose units all lie in their
district; a commune officer only their own uploads, inside their commune; a viewer none. An
upload that others build on (the villages of a households file that later reports, teams or
targets use; the demo season; a reference load) is refused to everyone but an admin, and to an
admin too unless the upload's number is typed again (`confirm_id`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from analytics import audit, texts
from analytics.access import Actor
from analytics.db import rolled_back, run_in_transaction, sync_report_current
from analytics.ingest.scope import may_write
from analytics.ingest.statements import statement

FIGURES = ("villages", "households", "stores", "accounts", "teams", "committees")
FOUNDATION_KINDS = ("demo", "reference")


class UndoError(ValueError):
    """The upload cannot be undone (or not by this account); the message (Vietnamese) says why."""


@dataclass
class UndoPreview:
    """What undoing one upload would remove, and whether the acting account may do it."""

    upload_id: int
    file_name: str
    kind: str
    source: str | None
    user_name: str
    uploaded_at: dt.datetime
    rows: int
    units: pd.DataFrame                  # code, name, level, district_code, commune_code, rows
    days: list[dt.date]
    before: dict[str, float]             # FIGURES of the touched communes / districts, now
    after: dict[str, float]              # the same once the upload is undone
    dependants: pd.DataFrame             # id, file_name, kind, user_name, uploaded_at, villages
    refusal: str | None = None           # why this account may not undo it (None: it may)
    needs_confirm_id: bool = False       # others build on it: type the number to confirm
    reasons: list[str] = field(default_factory=list)   # why a confirmation by number is needed

    @property
    def allowed(self) -> bool:
        return self.refusal is None

    def changes(self) -> pd.DataFrame:
        """One row per figure: figure, before, after, change."""
        return pd.DataFrame([{"figure": key, "before": self.before[key], "after": self.after[key],
                              "change": self.after[key] - self.before[key]} for key in FIGURES])

    def as_json(self) -> dict[str, Any]:
        return {
            "upload_id": self.upload_id, "file": self.file_name, "kind": self.kind, "user_name": self.user_name,
            "uploaded_at": self.uploaded_at.isoformat() if self.uploaded_at else None, "rows": self.rows,
            "units": len(self.units), "unit_codes": list(self.units["code"][:200]),
            "unit_names": [str(n) for n in self.units["name"].fillna(self.units["code"])[:200]],
            "days": len(self.days), "first_day": self.days[0].isoformat() if self.days else None,
            "last_day": self.days[-1].isoformat() if self.days else None,
            "before": self.before, "after": self.after,
            "dependants": [int(i) for i in self.dependants["id"]],
            "dependant_uploads": [{"id": int(d.id), "file": d.file_name, "user_name": d.user_name,
                                   "villages": int(d.villages)} for d in self.dependants.itertuples(index=False)],
            "needs_confirm_id": self.needs_confirm_id,
            "reasons": self.reasons, "allowed": self.allowed, "refusal": self.refusal,
        }


def _upload_row(cur: duckdb.DuckDBPyConnection, upload_id: int):
    row = cur.execute(statement("upload_row"), [upload_id]).fetchone()
    if row is None:
        raise UndoError(texts.IMPORT_UNDO_NOT_FOUND.format(id=upload_id))
    _, kind, status, undone_at, undone_by, *_ = row
    if undone_at is not None:
        raise UndoError(texts.IMPORT_UNDO_TWICE.format(id=upload_id, at=undone_at.strftime("%d/%m/%Y %H:%M"),
                                                       user=undone_by or "?"))
    if status != "accepted":
        raise UndoError(texts.IMPORT_UNDO_REFUSED.format(id=upload_id))
    return row


def _scope_codes(units: pd.DataFrame) -> list[str]:
    """The communes of the touched units, and districts touched directly (their own targets)."""
    communes = units["commune_code"].dropna().tolist()
    districts = units.loc[units["level"] == "district", "code"].tolist()
    return sorted(set(communes) | set(districts))


def _figures(cur: duckdb.DuckDBPyConnection, codes: list[str], source: str) -> dict[str, float]:
    row = cur.execute(statement("scope_figures"), {"codes": codes, "source": source}).fetchone()
    return {key: float(value) for key, value in zip(FIGURES, row)}


def _figures_after(con: duckdb.DuckDBPyConnection, upload_id: int, codes: list[str], source: str) -> dict[str, float]:
    """The figures as they would read with the upload undone: the same views, read inside a
    transaction that marks it undone and is then rolled back (nothing is written)."""
    def undone(cur: duckdb.DuckDBPyConnection) -> dict[str, float]:
        cur.execute(statement("undo_upload"), [dt.datetime.now(), "preview", upload_id])
        sync_report_current(cur)
        return _figures(cur, codes, source)

    return rolled_back(con, undone)


def _refusal(actor: Actor | None, kind: str, user_name: str, units: pd.DataFrame, dependants: pd.DataFrame,
             upload_id: int) -> str | None:
    if actor is None or not actor.valid or not actor.can_write:
        return texts.UNDO_NO_ROLE.format(account=actor.username if actor else "?")
    if actor.is_admin:
        return None
    if kind in FOUNDATION_KINDS or len(dependants):
        return texts.UNDO_DEPENDANTS_ADMIN_ONLY.format(id=upload_id)
    if actor.role == "commune" and user_name != actor.username:
        return texts.UNDO_NOT_OWN.format(id=upload_id, user=user_name)
    if units.empty and user_name != actor.username:
        return texts.UNDO_NOT_OWN.format(id=upload_id, user=user_name)
    outside = [u for u in units.itertuples(index=False)
               if not may_write(actor, u.level, u.district_code, u.commune_code)]
    if outside:
        names = ", ".join(str(u.name or u.code) for u in outside[:5]) + ("…" if len(outside) > 5 else "")
        return texts.UNDO_OUT_OF_SCOPE.format(id=upload_id, count=len(outside), units=names)
    return None


def undo_preview(con: duckdb.DuckDBPyConnection, upload_id: int, actor: Actor | None) -> UndoPreview:
    """What undoing the upload removes (file, who and when, units and days touched, the figures
    of the touched communes before and after), what builds on it and whether `actor` may undo it."""
    cur = con.cursor()
    _, kind, _, _, _, file_name, user_name, uploaded_at, rows, source = _upload_row(cur, upload_id)
    units = cur.execute(statement("upload_units"), {"id": upload_id}).df()
    days = [d.date() if isinstance(d, dt.datetime) else d
            for d in pd.to_datetime(cur.execute(statement("upload_days"), {"id": upload_id}).df()["report_date"])]
    dependants = cur.execute(statement("upload_dependants"), {"id": upload_id}).df()
    codes = _scope_codes(units)
    figures_source = source or "commune"
    before = _figures(cur, codes, figures_source)
    after = _figures_after(con, upload_id, codes, figures_source)
    reasons = []
    if kind in FOUNDATION_KINDS:
        reasons.append(texts.UNDO_REASON_FOUNDATION.format(kind=texts.UPLOAD_KIND_LABELS.get(kind, kind)))
    if len(dependants):
        reasons.append(texts.UNDO_REASON_DEPENDANTS.format(count=len(dependants),
                                                           ids=", ".join(str(i) for i in dependants["id"])))
    return UndoPreview(
        upload_id=upload_id, file_name=file_name, kind=kind, source=source, user_name=user_name,
        uploaded_at=uploaded_at, rows=int(rows or 0), units=units, days=days, before=before, after=after,
        dependants=dependants, refusal=_refusal(actor, kind, user_name, units, dependants, upload_id),
        needs_confirm_id=bool(reasons), reasons=reasons,
    )


def undo_upload(con: duckdb.DuckDBPyConnection, upload_id: int, actor: Actor | None, now: dt.datetime | None = None,
                confirm_id: int | None = None) -> dict:
    """Mark an accepted upload undone (every view falls back to what was there before it), with
    its audit row in the same transaction; refused when `actor` may not, or when others build on
    it and `confirm_id` is not the upload's number."""
    now = now or dt.datetime.now().replace(microsecond=0)
    preview = undo_preview(con, upload_id, actor)
    if not preview.allowed:
        raise UndoError(preview.refusal)
    if preview.needs_confirm_id and confirm_id != upload_id:
        raise UndoError(texts.UNDO_CONFIRM_ID_NEEDED.format(id=upload_id, reasons=" ".join(preview.reasons)))
    summary = preview.as_json()

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        changed = cur.execute(statement("undo_upload"), [now, actor.username, upload_id]).fetchone()[0]
        if not changed:
            raise UndoError(texts.IMPORT_UNDO_TWICE.format(id=upload_id, at="?", user="?"))
        audit.record(cur, actor, "undo", f"upload {upload_id}", {
            key: summary[key] for key in ("upload_id", "file", "kind", "user_name", "uploaded_at", "rows", "units",
                                          "days", "first_day", "last_day", "before", "after", "dependants")
        } | {"confirm_id": confirm_id})

    run_in_transaction(con, work)
    return {"upload_id": upload_id, "file": preview.file_name, "kind": preview.kind, "undone_at": now.isoformat(),
            "undone_by": actor.username, "before": preview.before, "after": preview.after}


def units_table(preview: UndoPreview) -> pd.DataFrame:
    """The units an undo touches, with Vietnamese headers (page, download)."""
    frame = preview.units.assign(level=preview.units["level"].map(lambda level: texts.LEVELS.get(level, level or "")),
                                 name=preview.units["name"].fillna(preview.units["code"]))
    return frame[list(texts.UNDO_UNIT_COLUMNS)].rename(columns=texts.UNDO_UNIT_COLUMNS)


def dependants_table(preview: UndoPreview) -> pd.DataFrame:
    """The uploads that build on the one to undo, with Vietnamese headers."""
    frame = preview.dependants.assign(
        kind=preview.dependants["kind"].map(lambda kind: texts.UPLOAD_KIND_LABELS.get(kind, kind)),
        uploaded_at=preview.dependants["uploaded_at"].map(lambda t: t.strftime("%d/%m/%Y %H:%M") if pd.notna(t) else ""))
    return frame[list(texts.UNDO_DEPENDANT_COLUMNS)].rename(columns=texts.UNDO_DEPENDANT_COLUMNS)
