"""Nhập báo cáo: upload Excel files, preview what changes with every problem listed, confirm,
and undo past uploads."""

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from analytics import texts, vnformat as fmt
from analytics.ingest import (
    KINDS, ImportOptions, UndoError, dry_run_result, import_file, issues_table, list_uploads, prepare,
    template_bytes, undo_preview, undo_upload,
)
from analytics.ingest.exports import issues_workbook, totals
from analytics.ingest.undo import FIGURES, dependants_table, units_table
from ui import state, tables
from ui.auth import current_actor
from ui.safe_text import md

log = logging.getLogger("dashboard")
KEY = "kts_import_"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

con = state.connection()
settings = state.settings()
actor = current_actor()
writer = actor is not None and actor.valid and actor.can_write

has_districts = state.has_districts()
kinds = texts.IMPORT_KINDS if has_districts else texts.IMPORT_KINDS_TODAY

st.title(texts.IMPORT_PAGE_TITLE)
st.caption(texts.IMPORT_PAGE_CAPTION if has_districts else texts.IMPORT_PAGE_CAPTION_TODAY)
if len(state.campaigns()) > 1:
    st.info(texts.IMPORT_INTO_CAMPAIGN.format(campaign=md(settings.campaign.name),
                                              hierarchy=texts.HIERARCHY_NAMES[settings.campaign.hierarchy]),
            icon=":material/flag:")

figures = totals(con)
cols = st.columns(3)
for number, (key, label) in enumerate(texts.IMPORT_TOTAL_LABELS.items()):
    cols[number % 3].metric(label, fmt.number(figures[key]), border=True)

with st.expander(texts.IMPORT_TEMPLATES_HEADER):
    template_cols = st.columns(3)
    for number, kind in enumerate(KINDS):
        template_cols[number % 3].download_button(
            texts.IMPORT_TEMPLATE_DOWNLOAD.format(kind=kinds[kind]), template_bytes(kind, has_districts),
            file_name=f"mau_{kind}.xlsx", mime=XLSX_MIME, key=f"{KEY}template_{kind}")

for message in st.session_state.pop(f"{KEY}messages", []):
    st.success(message)

if not writer:
    st.warning(texts.IMPORT_READ_ONLY.format(account=md(actor.username) if actor else "?",
                                             role=texts.ROLES.get(actor.role, actor.role) if actor else "?"))
files = None if not writer else st.file_uploader(texts.IMPORT_UPLOAD_LABEL, type=["xlsx", "xlsm", "xls", "ods"], accept_multiple_files=True,
                         help=texts.IMPORT_UPLOAD_HELP.format(mb=fmt.number(settings.max_file_mb)),
                         key=f"{KEY}files_{st.session_state.get(f'{KEY}round', 0)}")

st.subheader(texts.IMPORT_OPTIONS_HEADER)
option_cols = st.columns(4)
kind_choice = option_cols[0].selectbox(texts.IMPORT_KIND_LABEL, [None, *KINDS], key=f"{KEY}kind",
                                       format_func=lambda k: texts.IMPORT_KIND_AUTO if k is None else kinds[k])
use_date = option_cols[1].checkbox(texts.IMPORT_USE_DATE, key=f"{KEY}use_date")
report_date = option_cols[1].date_input(texts.IMPORT_DATE_LABEL, value=settings.campaign_start, format="DD/MM/YYYY",
                                        min_value=settings.campaign_start, max_value=dt.date.today(),
                                        disabled=not use_date, key=f"{KEY}date")
# An officer picks only inside their own scope (the importer refuses rows outside it anyway).
district = None
if has_districts:
    districts = state.visible_units("district")
    district = option_cols[2].selectbox(texts.IMPORT_DISTRICT_LABEL, [None, *districts["code"]], key=f"{KEY}district",
                                        format_func=lambda c: texts.IMPORT_NONE if c is None else
                                        districts.set_index("code").loc[c, "name"])
communes = state.visible_units("commune")
if district:
    communes = communes[communes["parent_code"] == district]
commune_names = {c.code: f"{c.name} ({c.district_name})" if c.district_name else c.name for c in communes.itertuples()}
commune = option_cols[3].selectbox(texts.IMPORT_COMMUNE_LABEL, [None, *communes["code"]], key=f"{KEY}commune",
                                   format_func=lambda c: texts.IMPORT_NONE if c is None else commune_names[c])

extra_cols = st.columns(3)
include_hidden = extra_cols[0].checkbox(texts.IMPORT_INCLUDE_HIDDEN, help=texts.IMPORT_INCLUDE_HIDDEN_HELP,
                                        key=f"{KEY}include_hidden")
target_unit = extra_cols[1].selectbox(texts.IMPORT_TARGET_UNIT_LABEL, list(texts.IMPORT_TARGET_UNITS),
                                      format_func=texts.IMPORT_TARGET_UNITS.get, key=f"{KEY}target_unit")

values = extra_cols[2].selectbox(texts.IMPORT_VALUES_LABEL, list(texts.IMPORT_VALUES),
                                 format_func=texts.IMPORT_VALUES.get, key=f"{KEY}values")

options = ImportOptions(kind=kind_choice, report_date=report_date if use_date else None, district=district,
                        commune=commune, actor=actor, include_hidden=include_hidden, target_unit=target_unit,
                        values=values)


def preview(upload) -> object:
    """Dry run of one uploaded file, kept while the file, the options and the data stay the same."""
    data = upload.getvalue()
    cache = st.session_state.setdefault(f"{KEY}previews", {})
    key = (upload.name, upload.file_id, repr(options), state.version())
    if key not in cache:
        bar = st.progress(0.0, text=texts.IMPORT_PROGRESS_READING)
        try:
            plan = prepare(con, settings, data, upload.name, options,
                           progress=lambda fraction, text: bar.progress(fraction, text=text))
        finally:
            bar.empty()
        cache[key] = dry_run_result(plan)
    return cache[key]


results = []
for upload in files or []:
    try:
        results.append((upload, preview(upload)))
    except Exception as exc:  # noqa: BLE001 - one broken file must not hide the others; logged in full
        log.exception("preview of %s failed", upload.name)
        st.error(texts.IMPORT_ERROR_GENERIC.format(file=md(upload.name), error=md(exc)))

for upload, result in results:
    st.subheader(texts.IMPORT_PREVIEW_HEADER.format(file=md(result.file)))
    if result.status == "already_imported":
        st.info(texts.IMPORT_ALREADY.format(file=md(result.file), id=result.upload_id))
        continue
    st.markdown(texts.IMPORT_DETECTED.format(
        kind=kinds.get(result.kind, "?"), source=texts.SOURCES.get(result.source, "—"),
        rows=fmt.number(result.rows)))
    if result.status == "refused":
        st.error(texts.IMPORT_REFUSED_INFO.format(file=md(result.file), count=len(result.errors)))
    elif "added" in result.summary:
        st.success(texts.IMPORT_READY_INFO.format(file=md(result.file), **{k: fmt.number(result.summary[k])
                                                                      for k in ("added", "replaced", "unchanged")}))
        if result.summary.get("opening"):
            st.info(texts.IMPORT_READY_OPENING.format(opening=fmt.number(result.summary["opening"])))
        if result.summary.get("superseded"):
            st.info(texts.IMPORT_READY_SUPERSEDED.format(superseded=fmt.number(result.summary["superseded"])))
    else:
        st.success(texts.IMPORT_READY_SHORT.format(file=md(result.file)))
    issues = issues_table(result)
    if result.errors:
        st.markdown(f"**{texts.IMPORT_ERRORS_HEADER.format(count=len(result.errors))}**")
        st.dataframe(issues[issues[texts.IMPORT_ISSUE_COLUMNS['severity']] == texts.IMPORT_SEVERITY['error']],
                     hide_index=True, width="stretch", placeholder="")
    if result.warnings:
        st.markdown(f"**{texts.IMPORT_WARNINGS_HEADER.format(count=len(result.warnings))}**")
        st.dataframe(issues[issues[texts.IMPORT_ISSUE_COLUMNS['severity']] == texts.IMPORT_SEVERITY['warning']],
                     hide_index=True, width="stretch", placeholder="")
    if result.errors or result.warnings:
        st.download_button(texts.IMPORT_DOWNLOAD_ISSUES, issues_workbook([result], settings), mime=XLSX_MIME,
                           file_name=f"loi_{result.file.rsplit('.', 1)[0]}.xlsx", key=f"{KEY}issues_{upload.file_id}")
    loose = tables.matches_frame(result.matches)
    if not loose.empty:
        st.markdown(f"**{texts.IMPORT_MATCHES_HEADER.format(count=len(loose))}**")
        st.dataframe(loose, hide_index=True, width="stretch", placeholder="")
    for table in result.layout:
        with st.expander(texts.IMPORT_LAYOUT_HEADER.format(sheet=md(table["sheet"]), row=table["header_row"],
                                                           first=table["first_row"] or "–", last=table["last_row"])):
            st.dataframe(tables.layout_frame(table), hide_index=True, width="stretch", placeholder="")
            hidden = [texts.IMPORT_HIDDEN_ROWS.format(rows=", ".join(map(str, table["hidden_rows"])))] if table["hidden_rows"] else []
            if table["hidden_columns"]:
                hidden.append(texts.IMPORT_HIDDEN_COLUMNS.format(columns=", ".join(table["hidden_columns"])))
            if hidden:
                st.caption(texts.IMPORT_LAYOUT_HIDDEN.format(what="; ".join(hidden)))
    if result.status == "dry_run" and not result.preview.empty:
        st.markdown(f"**{texts.IMPORT_CHANGES_HEADER}**")
        st.dataframe(tables.preview_frame(result.preview.head(2000)), hide_index=True, width="stretch", placeholder="")

ready = [(upload, result) for upload, result in results if result.status == "dry_run"]
if results:
    if ready:
        if st.button(texts.IMPORT_CONFIRM.format(count=len(ready)), type="primary", key=f"{KEY}confirm"):
            done = []
            for upload, _ in ready:
                final = import_file(con, settings, upload.getvalue(), upload.name, options)
                if final.status == "accepted":
                    done.append(texts.IMPORT_DONE.format(file=md(final.file), id=final.upload_id, rows=fmt.number(final.rows)))
                elif final.status == "refused":
                    done.append(texts.IMPORT_DONE_REFUSED.format(file=md(final.file), id=final.upload_id))
                else:
                    done.append(texts.IMPORT_ALREADY.format(file=md(final.file), id=final.upload_id))
            st.session_state[f"{KEY}messages"] = done
            st.session_state[f"{KEY}previews"] = {}
            st.session_state[f"{KEY}round"] = st.session_state.get(f"{KEY}round", 0) + 1
            state.invalidate()
            st.rerun()
    else:
        st.info(texts.IMPORT_CONFIRM_NONE)

st.subheader(texts.IMPORT_HISTORY_HEADER)
history = list_uploads(con)
if history.empty:
    st.caption(texts.IMPORT_HISTORY_EMPTY)
else:
    shown = history.assign(kind=history["kind"].map(lambda k: texts.UPLOAD_KIND_LABELS.get(k, k)),
                           status=history["status"].map(lambda s: texts.IMPORT_STATUSES.get(s, s)),
                           source=history["source"].map(lambda s: texts.SOURCES.get(s, s) if s else ""),
                           uploaded_at=history["uploaded_at"].map(lambda t: fmt.datetime(t) if pd.notna(t) else ""),
                           undone_at=history["undone_at"].map(lambda t: fmt.datetime(t) if pd.notna(t) else ""),
                           undone_by=history["undone_by"].fillna(""),
                           rows=history["rows"].map(fmt.number))
    st.dataframe(shown[list(texts.IMPORT_HISTORY_COLUMNS)].rename(columns=texts.IMPORT_HISTORY_COLUMNS),
                 hide_index=True, width="stretch", placeholder="", key=f"{KEY}history")
    undoable = history[(history["status"] == "accepted") & history["undone_at"].isna()]
    if writer and not undoable.empty:
        undo_cols = st.columns([3, 1], vertical_alignment="bottom")
        labels = dict(zip(undoable["id"], undoable["file_name"]))
        chosen = undo_cols[0].selectbox(texts.IMPORT_UNDO_PICK, list(undoable["id"]), key=f"{KEY}undo_pick",
                                        format_func=lambda i: f"{i} · {labels[i]}")
        if undo_cols[1].button(texts.IMPORT_UNDO_BUTTON, key=f"{KEY}undo"):
            st.session_state[f"{KEY}undo_target"] = int(chosen)
    target = st.session_state.get(f"{KEY}undo_target")
    if writer and target is not None:
        try:
            undo = undo_preview(con, target, actor)
        except UndoError as exc:
            st.error(md(exc))
            st.session_state.pop(f"{KEY}undo_target", None)
        else:
            with st.container(border=True):
                st.markdown(f"**{texts.IMPORT_UNDO_PREVIEW_HEADER.format(id=undo.upload_id, file=md(undo.file_name))}**")
                st.markdown(texts.IMPORT_UNDO_PREVIEW_WHO.format(
                    user=md(undo.user_name), at=fmt.datetime(undo.uploaded_at),
                    kind=texts.UPLOAD_KIND_LABELS.get(undo.kind, undo.kind), rows=fmt.number(undo.rows)))
                count_cols = st.columns(2)
                count_cols[0].metric(texts.IMPORT_UNDO_UNITS, fmt.number(len(undo.units)), border=True)
                count_cols[1].metric(texts.IMPORT_UNDO_DAYS, fmt.number(len(undo.days)), border=True)
                if undo.days:
                    st.caption(texts.IMPORT_UNDO_DAYS_RANGE.format(first=fmt.date(undo.days[0]),
                                                                  last=fmt.date(undo.days[-1])))
                st.markdown(f"**{texts.IMPORT_UNDO_FIGURES}**")
                figure_cols = st.columns(len(FIGURES))
                for column, figure in zip(figure_cols, FIGURES):
                    before, after = undo.before[figure], undo.after[figure]
                    column.metric(texts.UNDO_FIGURES[figure], fmt.number(after),
                                  delta=fmt.number(after - before) if after != before else None,
                                  help=texts.IMPORT_UNDO_FIGURE_HELP.format(before=fmt.number(before),
                                                                            after=fmt.number(after)))
                st.dataframe(units_table(undo), hide_index=True, width="stretch", placeholder="", key=f"{KEY}undo_units")
                if len(undo.dependants):
                    st.markdown(f"**{texts.IMPORT_UNDO_DEPENDANTS.format(count=len(undo.dependants))}**")
                    st.dataframe(dependants_table(undo), hide_index=True, width="stretch", placeholder="")
                for reason in undo.reasons:
                    st.warning(md(reason))
                typed = None
                if undo.allowed and undo.needs_confirm_id:
                    typed = st.text_input(texts.IMPORT_UNDO_TYPE_ID.format(id=undo.upload_id),
                                          key=f"{KEY}undo_confirm_id_{undo.upload_id}").strip()
                if not undo.allowed:
                    st.error(md(undo.refusal))
                action_cols = st.columns(2)
                confirmed = action_cols[0].button(
                    texts.IMPORT_UNDO_CONFIRM.format(id=undo.upload_id), type="primary", key=f"{KEY}undo_confirm",
                    disabled=not undo.allowed or (undo.needs_confirm_id and typed != str(undo.upload_id)))
                if action_cols[1].button(texts.IMPORT_UNDO_CANCEL, key=f"{KEY}undo_cancel"):
                    st.session_state.pop(f"{KEY}undo_target", None)
                    st.rerun()
                if confirmed:
                    try:
                        undone = undo_upload(con, undo.upload_id, actor,
                                             confirm_id=int(typed) if typed and typed.isdigit() else None)
                    except UndoError as exc:
                        st.error(md(exc))
                    else:
                        st.session_state.pop(f"{KEY}undo_target", None)
                        st.session_state[f"{KEY}messages"] = [texts.IMPORT_UNDONE.format(id=undone["upload_id"],
                                                                                        file=md(undone["file"]))]
                        st.session_state[f"{KEY}previews"] = {}
                        state.invalidate()
                        st.rerun()
