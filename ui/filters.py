"""The sidebar filters every page shares: as-of date and scope (province, district, commune, and
the drill-down's village; no district on a hierarchy without districts). They live in the URL's query string too (`?ngay=2021-08-02&huyen=187&xa=06505`),
so a reload, a shared link or a link between pages keeps them: this module is the one owner of both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st

from analytics import access, texts
from analytics import vnformat
from analytics.coverage import child_level
from ui import state
from ui.safe_text import md

KEY = state.KEY_PREFIX + "filters"
AS_OF_KEY = state.KEY_PREFIX + "as_of"
LEVEL_KEY = state.KEY_PREFIX + "level"
DISTRICT_KEY = state.KEY_PREFIX + "district"
COMMUNE_KEY = state.KEY_PREFIX + "commune"
VILLAGE_KEY = state.KEY_PREFIX + "village"
# the query string this session last wrote: a different one came from outside (a link, a reload,
# the drill-down's go_to); none of ours means a page switch dropped them, and they are written again
SYNCED_KEY = state.KEY_PREFIX + "url_synced"
PARAMS = {"as_of": "ngay", "district": "huyen", "commune": "xa", "village": "thon"}
CAMPAIGN_PARAM = "chien_dich"
# widgets whose values belong to one campaign (its dates and its units): reset on a switch
_CAMPAIGN_BOUND = (AS_OF_KEY, LEVEL_KEY, DISTRICT_KEY, COMMUNE_KEY, VILLAGE_KEY, SYNCED_KEY)


@dataclass(frozen=True)
class Filters:
    as_of: dt.date
    level: str                 # province | district | commune
    district: str | None       # district code
    commune: str | None        # commune code
    scope_name: str            # for captions: 'Toàn tỉnh', 'Huyện Chi Lăng', ...
    village: str | None = None       # the drill-down's village (commune scope only)
    district_name: str | None = None
    commune_name: str | None = None
    campaign: str | None = None      # the campaign's id (None: the only one)
    has_districts: bool = True       # False on a hierarchy without districts (since 1/7/2025)

    @property
    def child_level(self) -> str:
        return child_level(self.level, self.has_districts)

    def params(self, **codes: str | None) -> dict[str, str]:
        """The query string of this campaign, date and scope (or of other units: `params(district=..)`)."""
        units = codes or {"district": self.district, "commune": self.commune, "village": self.village}
        found = {CAMPAIGN_PARAM: self.campaign} if self.campaign else {}
        found[PARAMS["as_of"]] = self.as_of.isoformat()
        found.update({PARAMS[level]: code for level, code in units.items() if code})
        return found

    def link(self, url_path: str, **codes: str | None) -> str:
        """A relative link to a page (its url_path) on this date and scope (or other units)."""
        return f"{url_path}?{urlencode(self.params(**codes))}"


def _default_as_of(start: dt.date, end: dt.date, last_report: dt.date | None = None) -> dt.date:
    """Today inside the campaign's days; the last day with a commune report when today is later
    (a campaign whose reports stop at some day shows its figures, not days nobody reported yet)."""
    day = min(dt.date.today(), last_report) if last_report else dt.date.today()
    return min(max(day, start), end)


def _url_params() -> dict[str, str]:
    return {name: st.query_params[name] for name in (CAMPAIGN_PARAM, *PARAMS.values()) if st.query_params.get(name)}


def _forget_campaign_widgets() -> None:
    """Another campaign is shown: the date and units chosen belong to the one before."""
    for key in _CAMPAIGN_BOUND:
        st.session_state.pop(key, None)


def _switched_campaign() -> None:
    """The sidebar chose another campaign: start it on its own default day and whole scope, and
    make the query string say it (an older link's campaign would switch back)."""
    _forget_campaign_widgets()
    st.query_params.from_dict({CAMPAIGN_PARAM: st.session_state[state.CAMPAIGN_KEY]})


CAMPAIGN_NOTICES_KEY = state.KEY_PREFIX + "campaign_notices"


def campaign_from_url() -> None:
    """Choose the campaign a fresh link names before anything reads the session's campaign (the
    signed-in account's scope is read in the campaign's hierarchy); its notices wait for the
    sidebar."""
    url = _url_params()
    if url and url != st.session_state.get(SYNCED_KEY):
        st.session_state[CAMPAIGN_NOTICES_KEY] = _choose_campaign(url)


def _choose_campaign(url: dict[str, str]) -> list[str]:
    """The campaign a link names (when it differs from the session's), else the session's, else
    the first. Returns the notices to show."""
    choices = {c.id: c.name for c in state.campaigns()}
    wanted = url.get(CAMPAIGN_PARAM)
    notices = []
    if wanted and wanted != st.session_state.get(state.CAMPAIGN_KEY):
        if wanted in choices:
            _forget_campaign_widgets()
            st.session_state[state.CAMPAIGN_KEY] = wanted
        else:
            notices.append(texts.URL_BAD_CAMPAIGN.format(value=md(wanted), known=", ".join(md(n) for n in choices.values())))
    if st.session_state.get(state.CAMPAIGN_KEY) not in choices:
        st.session_state[state.CAMPAIGN_KEY] = next(iter(choices))
    return notices


def campaign_picker() -> None:
    """The sidebar's campaign choice, when the database holds several."""
    choices = {c.id: c.name for c in state.campaigns()}
    if st.session_state.get(state.CAMPAIGN_KEY) not in choices:
        st.session_state[state.CAMPAIGN_KEY] = next(iter(choices))
    if len(choices) > 1:
        with st.sidebar:
            st.selectbox(texts.CAMPAIGN_PICK, list(choices), format_func=choices.get, key=state.CAMPAIGN_KEY,
                         on_change=_switched_campaign)


def _campaign_picker(url: dict[str, str]) -> list[str]:
    """The campaign a link names (when it differs from the session's), then the sidebar's choice
    when the database holds several. Returns the notices to show (also those campaign_from_url
    kept for this run)."""
    notices = st.session_state.pop(CAMPAIGN_NOTICES_KEY, []) + _choose_campaign(url)
    campaign_picker()
    return notices


def _apply_url(params: dict[str, str], start: dt.date, end: dt.date) -> list[str]:
    """Put a link's date and scope into the sidebar's widgets before they are drawn; a part that
    is invalid or outside the account's scope is left out. Returns the notices to show."""
    notices = []
    value = params.get(PARAMS["as_of"])
    if value:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
        if day and start <= day <= end:
            st.session_state[AS_OF_KEY] = day
        else:
            fallback = st.session_state.get(AS_OF_KEY) or _default_as_of(start, end)
            notices.append(texts.URL_BAD_DATE.format(value=md(value), start=vnformat.date(start),
                                                     end=vnformat.date(end), date=vnformat.date(fallback)))
    district, commune, village = (params.get(PARAMS[level]) for level in ("district", "commune", "village"))
    levels = access.scope_levels(state.actor(), state.has_districts())
    units = {level: state.units(level).set_index("code") for level in ("district", "commune", "village")}
    unknown = [code for code, level in ((district, "district"), (commune, "commune")) if code and code not in units[level].index]
    if unknown:
        notices.append(texts.URL_BAD_UNIT.format(value=md(unknown[0]), scope=texts.SCOPE_PROVINCE))
        district = commune = village = None
    if commune and district and units["commune"].at[commune, "parent_code"] != district:
        notices.append(texts.URL_BAD_UNIT.format(value=md(commune), scope=md(units["district"].at[district, "name"])))
        commune = village = None
    if commune:
        district = units["commune"].at[commune, "district_code"]
        district = district if isinstance(district, str) and district else None
    visible = {level: set(state.visible_units(level)["code"]) for level in ("district", "commune")}
    if ((commune and commune not in visible["commune"])
            or (district and not commune and ("district" not in levels or district not in visible["district"]))):
        notices.append(texts.ACCESS_DENIED_LINK.format(user=md(getattr(state.actor(), "username", ""))))
        district, commune = state.home()
        village = None
    if village and commune and (village not in units["village"].index
                                or units["village"].at[village, "parent_code"] != commune):
        notices.append(texts.URL_BAD_UNIT.format(value=md(village), scope=md(units["commune"].at[commune, "name"])))
        village = None
    level = "commune" if commune else "district" if district and "district" in levels else "province"
    st.session_state[LEVEL_KEY] = level
    for key, code in ((DISTRICT_KEY, district), (COMMUNE_KEY, commune)):
        if code:
            st.session_state[key] = code
    st.session_state[VILLAGE_KEY] = (commune, village) if commune and village else None
    return notices


def _write_url(filters: Filters) -> None:
    """Make the query string say the sidebar's date and scope (only when it does not yet)."""
    wanted = filters.params()
    if _url_params() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[SYNCED_KEY] = wanted


def sidebar(remember: bool = True) -> Filters:
    """Render the shared filters in the sidebar, after applying a link's date and scope; the
    entry script remembers them for the page it runs next (`current`)."""
    url = _url_params()
    fresh = bool(url) and url != st.session_state.get(SYNCED_KEY)
    campaign_notices = _campaign_picker(url) if fresh else _campaign_picker({})
    settings = state.settings()
    start, end = settings.campaign_start, settings.campaign_end
    has_districts = settings.has_districts
    notices = campaign_notices + (_apply_url(url, start, end) if fresh else [])
    with st.sidebar:
        as_of = st.date_input(texts.AS_OF, value=_default_as_of(start, end, state.last_report_day()),
                              min_value=start, max_value=end, format="DD/MM/YYYY", key=AS_OF_KEY)
        actor = state.actor()
        allowed = access.scope_levels(actor, has_districts)
        levels = {"province": texts.SCOPE_PROVINCE, "district": texts.SCOPE_DISTRICT,
                  "commune": texts.SCOPE_COMMUNE if has_districts else texts.SCOPE_COMMUNE_TODAY}
        levels = {key: label for key, label in levels.items() if key in allowed}
        level = st.radio(texts.SCOPE_LEVEL, list(levels), format_func=levels.get, key=LEVEL_KEY)
        district = commune = district_name = commune_name = None
        scope_name = texts.SCOPE_PROVINCE
        if level == "district" or (level == "commune" and "district" in levels):
            districts = state.visible_units("district")
            names = dict(zip(districts["code"], districts["name"]))
            district = st.selectbox(texts.SCOPE_PICK_DISTRICT, list(names), format_func=names.get, key=DISTRICT_KEY)
            scope_name = district_name = names.get(district, scope_name)
        if level == "commune":
            communes = state.visible_units("commune")
            if "district" in levels:
                communes = communes[communes["parent_code"] == district]
            names = dict(zip(communes["code"], communes["name"]))
            commune = st.selectbox(texts.SCOPE_PICK_COMMUNE, list(names), format_func=names.get, key=COMMUNE_KEY)
            if "district" not in levels and has_districts:
                # a commune officer picks no district: the commune's own
                row = communes[communes["code"] == commune]
                district = row["parent_code"].iloc[0] if len(row) else None
                scope_name = district_name = row["district_name"].iloc[0] if len(row) else scope_name
            commune_name = names.get(commune, "")
            # without districts a commune is named alone (its parent is the province)
            scope_name = f"{commune_name}, {scope_name}" if has_districts else commune_name
        st.caption(texts.SIDEBAR_DB.format(path=md(state.db_path().name), as_of=vnformat.date(as_of)))
    # the drill-down's village stays while its commune is the scope
    village = dict([st.session_state.get(VILLAGE_KEY) or (None, None)]).get(commune) if commune else None
    campaign = state.campaign_id() if len(state.campaigns()) > 1 else None
    filters = Filters(as_of, level, district, commune, scope_name, village, district_name, commune_name, campaign,
                      has_districts)
    for notice in notices:
        st.warning(notice, icon=":material/link_off:")
    if remember:
        _write_url(filters)
        st.session_state[KEY] = filters
    return filters


def go_to(district: str | None = None, commune: str | None = None, village: str | None = None) -> None:
    """Open another unit on the same day (the drill-down): the query string changes, and the next
    run's sidebar follows it, so the sidebar and every page show that unit."""
    as_of = st.session_state.get(AS_OF_KEY)
    campaign = st.session_state.get(state.CAMPAIGN_KEY)
    st.query_params.from_dict({
        **({CAMPAIGN_PARAM: campaign} if campaign and len(state.campaigns()) > 1 else {}),
        **({PARAMS["as_of"]: as_of.isoformat()} if as_of else {}),
        **{PARAMS[level]: code for level, code in
           (("district", district), ("commune", commune), ("village", village)) if code},
    })


def current() -> Filters:
    """The filters the entry script's sidebar set for this run; a page run on its own (in
    tests) renders the sidebar itself. Call once per run, at the top of a page."""
    return st.session_state.pop(KEY, None) or sidebar(remember=False)


def district_only(scope: Filters) -> str:
    """The scope a page with nothing finer than a district shows, saying so when a commune is
    chosen (on a hierarchy without districts such a page shows the commune itself)."""
    if scope.level != "commune" or not scope.has_districts:
        return scope.scope_name
    st.info(texts.DISTRICT_ONLY.format(district=md(scope.district_name or ""), commune=md(scope.commune_name or "")),
            icon=":material/info:")
    return scope.district_name or scope.scope_name


def watched_name(filters: Filters) -> str:
    """The scope a watch list (warnings, reporting discipline, teams) really covers: the whole
    province asked by an account scoped below it is narrowed to the account's own unit."""
    if filters.level != "province":
        return filters.scope_name
    district, commune = state.home()
    code, level = (commune, "commune") if commune else (district, "district")
    if code is None:
        return filters.scope_name
    names = dict(zip(state.units(level)["code"], state.units(level)["name"]))
    return names.get(code, filters.scope_name)
