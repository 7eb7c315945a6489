"""Xếp hạng thi đua: the emulation ranking of districts, communes or villages, its method and its files."""

import datetime as dt
import logging

import streamlit as st

from analytics import ranking as ranking_mod
from analytics import texts, vnformat as fmt
from analytics.access import AccessDenied
from ui import charts, downloads, filters, reform, state
from ui.auth import current_actor
from ui.safe_text import md

KEY = state.KEY_PREFIX + "ranking_"


def _apply_preset(presets: dict, criteria: tuple) -> None:
    """Copy the chosen preset's weights into the weight inputs (a callback runs before the widgets)."""
    chosen = presets.get(st.session_state[KEY + "preset"])
    if chosen is not None:
        for criterion in criteria:
            st.session_state[KEY + "w_" + criterion] = float(chosen.get(criterion, 0.0))


def _weights_changed() -> None:
    """A weight typed by hand no longer matches the preset shown: the label says so."""
    st.session_state[KEY + "preset"] = texts.RANKING_PRESET_CUSTOM


def _save_preset(criteria: tuple) -> None:
    """Save the current weights under the typed name (a callback: the preset list of this run
    already includes it, and the selectbox shows it)."""
    name = st.session_state[KEY + "preset_name"].strip()
    chosen = {c: st.session_state[KEY + "w_" + c] for c in criteria}
    try:
        ranking_mod.save_preset(state.connection(), state.settings(), name, chosen, current_actor())
    except (ranking_mod.RankingError, AccessDenied) as exc:
        st.session_state[KEY + "message"] = ("error", md(exc))
    else:
        state.invalidate()
        st.session_state[KEY + "preset"] = name
        st.session_state[KEY + "message"] = ("success", texts.RANKING_PRESET_SAVED.format(name=md(name)))


def _delete_preset() -> None:
    """Delete the chosen saved preset (a callback, before the selectbox is drawn again)."""
    name = st.session_state[KEY + "preset"]
    try:
        ranking_mod.delete_preset(state.connection(), name, current_actor())
    except AccessDenied as exc:
        st.session_state[KEY + "message"] = ("error", md(exc))
    else:
        state.invalidate()
        st.session_state[KEY + "preset"] = texts.RANKING_PRESET_DEFAULT
        st.session_state[KEY + "message"] = ("success", texts.RANKING_PRESET_DELETED.format(name=md(name)))


settings = state.settings()
scope = filters.current()
actor = current_actor()
admin = actor is not None and actor.valid and actor.is_admin

st.title(texts.RANKING_PAGE_TITLE)
st.caption(texts.RANKING_PAGE_CAPTION.format(as_of=fmt.date(scope.as_of), scope=md(scope.scope_name)))

if scope.level == "province" and state.actor().scope_level == "province":
    choices = [level for level in texts.RANKING_LEVEL_CHOICES if scope.has_districts or level != "district"]
    level = st.radio(texts.RANKING_LEVEL, choices, horizontal=True, format_func=texts.RANKING_LEVEL_CHOICES.get,
                     key=KEY + "level" + ("" if scope.has_districts else "_communes"))
elif scope.level == "province":
    # the communes of the whole province are ranked for province-scoped accounts only
    level = "district"
else:
    level = scope.child_level
# the communes of the whole province can be ranked as they are since 1/7/2025 (older campaigns)
today = level == "commune" and scope.level == "province" and reform.toggle(scope.level, "ranking_today")
criteria = ranking_mod.LEVEL_CRITERIA[level]

try:
    defaults = ranking_mod.ranking_options(settings).weights
    presets = {texts.RANKING_PRESET_DEFAULT: defaults, **ranking_mod.presets(state.connection(), settings)}
    saved = ranking_mod.saved_presets(state.connection())
except ranking_mod.RankingError as exc:
    st.error(md(exc))
    st.stop()

left, middle, right = st.columns([2, 2, 3], vertical_alignment="bottom")
default_compare = max(settings.campaign_start, scope.as_of - dt.timedelta(days=30))
compare = left.date_input(texts.RANKING_COMPARE, value=default_compare, min_value=settings.campaign_start,
                          max_value=scope.as_of, format="DD/MM/YYYY", help=texts.RANKING_COMPARE_HELP,
                          key=KEY + "compare_" + scope.as_of.isoformat())
separate = middle.toggle(texts.RANKING_SEPARATE, key=KEY + "separate", disabled=level == "village",
                         help=texts.RANKING_SEPARATE_HELP if scope.has_districts else texts.RANKING_SEPARATE_HELP_TODAY)
right.selectbox(texts.RANKING_PRESET, [*presets, texts.RANKING_PRESET_CUSTOM], key=KEY + "preset",
                on_change=_apply_preset, args=(presets, criteria))

for criterion in criteria:
    st.session_state.setdefault(KEY + "w_" + criterion, float(defaults.get(criterion, 0.0)))
with st.expander(texts.RANKING_WEIGHTS):
    st.caption(texts.RANKING_WEIGHTS_HELP)
    columns = st.columns(5)
    for i, criterion in enumerate(criteria):
        columns[i % 5].number_input(texts.RANKING_CRITERIA[criterion], min_value=0.0, max_value=1000.0, step=5.0,
                                    format="%g", key=KEY + "w_" + criterion, on_change=_weights_changed)
    name_col, save_col, delete_col = st.columns([3, 1, 1], vertical_alignment="bottom")
    preset_name = name_col.text_input(texts.RANKING_PRESET_NAME, key=KEY + "preset_name", disabled=not admin)
    save_col.button(texts.RANKING_PRESET_SAVE, key=KEY + "save", disabled=not admin or not preset_name.strip(),
                    on_click=_save_preset, args=(criteria,))
    delete_col.button(texts.RANKING_PRESET_DELETE, key=KEY + "delete",
                      disabled=not admin or st.session_state.get(KEY + "preset") not in saved, on_click=_delete_preset)
    if not admin:
        st.caption(texts.RANKING_PRESET_ADMIN_ONLY)
    if KEY + "message" in st.session_state:
        kind, message = st.session_state.pop(KEY + "message")
        (st.success if kind == "success" else st.error)(message)

weights = tuple((c, st.session_state[KEY + "w_" + c]) for c in criteria if st.session_state[KEY + "w_" + c] > 0)
if not weights:
    st.warning(texts.RANKING_NEED_WEIGHT)
    st.stop()

try:
    result = state.ranking(level, scope.as_of, scope.district, scope.commune,
                           compare if compare and compare < scope.as_of else None, weights,
                           bool(separate) and level != "village", today)
except (ranking_mod.RankingError, AccessDenied) as exc:
    logging.getLogger("dashboard").warning("ranking refused: %s", exc)
    st.error(md(exc))
    st.stop()

if not len(result.table) or result.table["households"].sum() == 0:
    st.info(texts.RANKING_EMPTY)
    st.stop()

st.subheader(texts.RANKING_TABLE_TODAY if today else texts.RANKING_TABLE_TITLE)
if result.apart is not None and len(result.apart):
    st.warning(texts.REFORM_CAPTION_APART.format(count=fmt.number(len(result.apart))))
table = result.export_frame()
score_col = texts.RANKING_COLUMNS["score"]
counts = [texts.COLUMNS[k] for k in ("households", "stores", "accounts", "active")]
growth = [texts.RANKING_CRITERIA_SHORT[c] for c in ranking_mod.GROWTH_DAYS if c in result.options.criteria]
# text, not progress bars: a bar's label follows the browser's locale (119.44), the reader expects 119,44
styled = (table.style.format(fmt.number, subset=counts).format(fmt.percent, subset=result.percent_columns())
          .format(lambda v: fmt.number(v, 2), subset=[score_col, *growth]))
# the rank, score and unit stay in view when the reader scrolls to the figures
st.dataframe(styled, hide_index=True, width="stretch", key=KEY + "table", placeholder="", column_config={
    texts.RANKING_COLUMNS["rank"]: st.column_config.NumberColumn(pinned=True),
    score_col: st.column_config.NumberColumn(
        score_col, pinned=True, help=texts.RANKING_SCORE_HELP.format(cap=fmt.number(result.options.cap_pct))),
    texts.COLUMNS["name"]: st.column_config.TextColumn(pinned=True),
})
downloads.download_buttons(table, stem=result.file_stem, title=result.title, key="ranking",
                           as_of=scope.as_of, **result.export_options())

st.plotly_chart(charts.ranking_chart(result.table, result.options.cap_pct, result.separate_phases),
                key=KEY + "chart")
with st.expander(texts.RANKING_METHOD_TITLE, expanded=True):
    st.markdown("\n\n".join(result.method().split("\n")))
