"""Tổ công nghệ số: teams and members per commune and village, villages without a (full) team,
leaders who are not village heads, steering committees and their roles, Zalo group names."""

import streamlit as st

from analytics import texts, vnformat as fmt
from ui import downloads, filters, state
from ui.safe_text import md

settings = state.settings()
scope = filters.current()
view = state.teams_view(scope.district, scope.commune)
communes = view.communes

st.title(texts.TEAMS_TITLE)
st.caption((texts.TEAMS_CAPTION if scope.has_districts else texts.TEAMS_CAPTION_TODAY).format(
    scope=md(filters.watched_name(scope)), members=settings.targets.team_members_min))

cols = st.columns(4)
cols[0].metric(texts.KPI_TEAMS, f"{fmt.number(communes['teams'].sum())}/{fmt.number(communes['villages'].sum())}", border=True)
cols[1].metric(texts.KPI_MEMBERS, fmt.number(communes["members"].sum()), border=True)
cols[2].metric(texts.KPI_FULL_TEAMS, f"{fmt.number(communes['full_teams'].sum())}/{fmt.number(communes['villages'].sum())}",
               border=True)
cols[3].metric(texts.KPI_COMMITTEES, f"{fmt.number(communes['committee'].sum())}/{fmt.number(len(communes))}", border=True)

if not view.has_villages:
    st.info(texts.EMPTY_NO_VILLAGES)

st.subheader(texts.TEAMS_PER_COMMUNE)
table = communes.assign(
    committee=communes["committee"].map({True: texts.YES, False: texts.NO}),
    postal_partner=communes["postal_partner"].map(texts.PARTNERS),
    zalo_ok=communes["zalo_ok"].map({True: texts.ZALO_OK, False: texts.ZALO_WRONG}),
)[[c for c in ("name", "district_name", "villages", "teams", "members", "full_teams", "villages_without_team",
           "villages_not_full", "leaders_not_head", "committee", "committee_members", "heads", "deputies",
           "ordinary_members", "postal_partner", "zalo_group", "zalo_expected", "zalo_ok") if c in communes.columns]
  ].rename(columns=texts.TEAM_COLUMNS)
st.dataframe(table, hide_index=True, width="stretch", placeholder="")
downloads.download_buttons(table, stem="to-cong-nghe-so-xa", title=texts.TEAMS_PER_COMMUNE, key="teams_communes")

villages = view.villages
gaps = villages[~villages["full"] | villages["leader_not_head"]]
st.subheader(texts.TEAMS_GAPS.format(count=len(gaps)))
if len(gaps):
    gap_table = gaps.assign(
        problem=[texts.TEAMS_NO_TEAM if not team else (texts.TEAMS_NOT_FULL if not full else texts.TEAMS_LEADER_NOT_HEAD)
                 for team, full in zip(gaps["has_team"], gaps["full"])],
    )[[c for c in ("name", "commune_name", "district_name", "problem", "members", "leader_name", "leader_position")
       if c in gaps.columns or c == "problem"]].fillna(
        {"leader_name": "", "leader_position": ""}).rename(columns=texts.TEAM_COLUMNS)
    st.dataframe(gap_table, hide_index=True, width="stretch", placeholder="")
    downloads.download_buttons(gap_table, stem="thon-chua-du-to", title=texts.TEAMS_GAPS.format(count=len(gaps)),
                               key="teams_gaps")

if scope.commune:
    st.subheader(texts.TEAMS_MEMBERS)
    if view.members.empty:
        st.info(texts.TEAMS_NO_MEMBERS)
    else:
        names = view.member_villages()
        village = st.selectbox(texts.TEAMS_MEMBERS_VILLAGE, [None, *names],
                               format_func=lambda code: names.get(code, texts.TEAMS_MEMBERS_ALL_VILLAGES),
                               key=state.KEY_PREFIX + "teams_village")
        team_members = view.members_of(village).rename(columns=texts.TEAM_COLUMNS)
        st.dataframe(team_members, hide_index=True, width="stretch", placeholder="")
        downloads.download_buttons(team_members, stem="thanh-vien-to-cns", title=texts.TEAMS_MEMBERS,
                                   key="teams_members")

    st.subheader(texts.TEAMS_COMMITTEE)
    if view.committee.empty:
        st.info(texts.TEAMS_NO_COMMITTEE)
    else:
        members = view.committee[["row_no", "honorific", "full_name", "position", "committee_role", "duties"]].rename(
            columns=texts.TEAM_COLUMNS)
        st.dataframe(members, hide_index=True, width="stretch", placeholder="")
        downloads.download_buttons(members, stem="ban-chi-dao", title=texts.TEAMS_COMMITTEE, key="teams_committee")
else:
    st.caption(texts.TEAMS_PICK_COMMUNE)
