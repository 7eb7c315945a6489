"""Who is acting, and what they may see and write: one data-access rule, default deny.

Scopes follow the hierarchy: an account's scope is the province (NULL), a district or a commune,
and access flows down the tree. Everyone with a scope may read the province's aggregates (the
figures of its districts); below that, a district officer reads their district in full and a
commune officer their commune in full. Writes: an admin writes anything; district and commune
officers write inside their scope; viewers write nothing.

Reads are checked here, in `analytics/`, by every function that returns figures (it takes the
acting Actor as a required keyword): `require_scope` for a scope's own figures, `require_rows`
for a table of units, `narrow` for watch lists. A None or invalid actor, or a scope outside the
actor's, raises AccessDenied (never an empty result), with one exception: a watch list (warnings,
reporting discipline, teams) asked for the whole province by an actor scoped below it is
narrowed to the actor's own scope, since it is the list the actor works from.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

ROLES = ("admin", "district", "commune", "viewer")
WRITER_ROLES = ("admin", "district", "commune")


class AccessDenied(PermissionError):
    """The acting account may not see or do this; the message (Vietnamese) says why."""


@dataclass(frozen=True)
class Actor:
    """The account behind a call. `district` / `commune` are the codes of its scope (both None for
    the province); `client` is the network address where the server knows it."""

    username: str
    role: str
    district: str | None = None
    commune: str | None = None
    display_name: str = ""
    client: str | None = None
    # why the account has no scope in the campaign it is read in (its scope, given in another
    # hierarchy version, has no unit there that lies wholly inside it): such an actor sees nothing
    unscoped: str = ""

    @property
    def scope_level(self) -> str:
        return "commune" if self.commune else "district" if self.district else "province"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def can_write(self) -> bool:
        return self.role in WRITER_ROLES

    @property
    def valid(self) -> bool:
        """A known role with a scope that fits it in the campaign (default deny for anything else)."""
        if self.role not in ROLES or self.unscoped:
            return False
        if self.role == "district":
            return self.district is not None and self.commune is None
        if self.role == "commune":
            return self.commune is not None
        return True


def operator(name: str | None = None) -> Actor:
    """The machine's operator acting from the command line with --as-admin (named in the audit)."""
    return Actor(f"operator:{name or getpass.getuser()}", "admin")


def can_view(actor: Actor | None, district: str | None = None, commune: str | None = None) -> bool:
    """May the actor see the figures of this scope (the province when both are None) and its
    children? The province view shows districts only, which every valid actor may read."""
    if actor is None or not actor.valid:
        return False
    if district is None and commune is None:
        return True
    if actor.scope_level == "province":
        return True
    if actor.scope_level == "district":
        return district == actor.district
    return commune == actor.commune


def can_write_unit(actor: Actor | None, district: str | None, commune: str | None) -> bool:
    """May the actor write figures of a unit in this district / commune (codes of the unit's
    own district and commune; a district-level unit has no commune)?"""
    if actor is None or not actor.valid or not actor.can_write:
        return False
    if actor.is_admin:
        return True
    if actor.role == "district":
        return district == actor.district
    return commune is not None and commune == actor.commune


def require_view(actor: Actor | None, district: str | None = None, commune: str | None = None) -> None:
    """Raise AccessDenied unless can_view."""
    from analytics import texts

    if not can_view(actor, district, commune):
        raise AccessDenied(texts.ACCESS_DENIED_VIEW)


def require_admin(actor: Actor | None) -> None:
    from analytics import texts

    if actor is None or not actor.valid or not actor.is_admin:
        raise AccessDenied(texts.ACCESS_DENIED_ADMIN)


def require_actor(actor: Actor | None) -> Actor:
    """The actor itself, or AccessDenied when there is none or it is invalid (default deny)."""
    from analytics import texts

    if actor is None or not isinstance(actor, Actor) or not actor.valid:
        raise AccessDenied(texts.ACCESS_DENIED_VIEW)
    return actor


def unit_line(con: duckdb.DuckDBPyConnection, code: str) -> tuple[str, str | None, str | None] | None:
    """(level, district code, commune code) of a unit, read from the unit table (a district has no
    commune; the province neither; on a hierarchy without districts nothing has a district);
    None for an unknown code."""
    row = con.cursor().execute(
        """
        SELECT u.level, u.code, p.code, p.level, g.code, g.level
        FROM unit u LEFT JOIN unit p ON p.code = u.parent_code LEFT JOIN unit g ON g.code = p.parent_code
        WHERE u.code = ?
        """,
        [str(code)],
    ).fetchone()
    if row is None:
        return None
    level, own, parent, parent_level, grandparent, grandparent_level = row
    if level == "district":
        return level, own, None
    if level == "commune":
        return level, parent if parent_level == "district" else None, own
    if level == "village":
        return level, grandparent if grandparent_level == "district" else None, parent
    return level, None, None


def require_scope(
    con: duckdb.DuckDBPyConnection,
    actor: Actor | None,
    district: str | None = None,
    commune: str | None = None,
    village: str | None = None,
) -> None:
    """The one read rule: may the actor see the scope these codes name (the deepest one given; the
    province when all are None) in full? The deepest code is checked with its real ancestors
    from the unit table, and a code above it must be one of those ancestors, so another
    district's commune passed with the actor's own district (or the reverse) is refused; so is
    an unknown code, to every actor scoped below the province."""
    from analytics import texts

    actor = require_actor(actor)
    if actor.scope_level == "province":
        return
    given = [(level, code) for level, code in (("district", district), ("commune", commune), ("village", village))
             if code]
    if not given:
        return
    level, code = given[-1]
    if level == "district" and actor.scope_level == "district" and code == actor.district:
        return
    if level == "commune" and code == actor.commune and (not district or district == actor.district):
        return
    line = unit_line(con, code)
    if line is None or line[0] != level:
        raise AccessDenied(texts.ACCESS_DENIED_VIEW)
    _, unit_district, unit_commune = line
    if (district and district != unit_district) or (commune and commune != unit_commune):
        raise AccessDenied(texts.ACCESS_DENIED_VIEW)
    require_view(actor, unit_district, unit_commune)


def require_rows(
    con: duckdb.DuckDBPyConnection,
    actor: Actor | None,
    level: str,
    district: str | None = None,
    commune: str | None = None,
) -> None:
    """May the actor read a table of the units of `level` inside a scope? The province's and its
    districts' aggregates are open to every valid actor; communes or villages of the whole
    province only to province-scoped actors; anything inside a district or commune needs
    require_scope."""
    from analytics import texts

    require_scope(con, actor, district, commune)
    if not district and not commune and level in ("commune", "village") and actor.scope_level != "province":
        raise AccessDenied(texts.ACCESS_DENIED_PROVINCE_LIST)


def narrow(
    con: duckdb.DuckDBPyConnection, actor: Actor | None, district: str | None = None, commune: str | None = None
) -> tuple[str | None, str | None]:
    """The (district, commune) a watch list is built for: the asked scope once checked, except
    that the whole province asked by an actor scoped below it becomes the actor's own scope."""
    require_scope(con, actor, district, commune)
    if not district and not commune:
        return actor.district, actor.commune
    return district, commune


def home(con: duckdb.DuckDBPyConnection, actor: Actor | None) -> tuple[str | None, str | None]:
    """(district, commune) of the actor's own scope, the district of a commune officer read from
    the unit table when the account names only the commune; (None, None) for the province."""
    actor = require_actor(actor)
    if actor.commune and not actor.district:
        line = unit_line(con, actor.commune)
        return (line[1] if line else None), actor.commune
    return actor.district, actor.commune


def actor_for_account(
    con: duckdb.DuckDBPyConnection, username: str, role: str, scope_code: str | None, display_name: str = "",
    scope_version: str | None = None, client: str | None = None,
) -> Actor:
    """The Actor of an account row in the campaign `con` is bound to: its scope code (a unit of
    `scope_version`, None: the first campaign's) read in the campaign's hierarchy
    (analytics.lineage.scope_in_campaign). A scope that is not a district or commune there, or
    that would have to widen to become one, leaves an actor that is not valid (it sees nothing)
    and says why in `unscoped`."""
    from analytics.hierarchy import scope_in_campaign

    if not scope_code or role == "admin":
        return Actor(username, role, display_name=display_name, client=client)
    found = scope_in_campaign(con, scope_code, scope_version)
    if found.problem:
        return Actor(username, role, display_name=display_name, client=client, unscoped=found.problem)
    return Actor(username, role, district=found.district, commune=found.commune, display_name=display_name,
                 client=client)


def scope_levels(actor: Actor | None, has_districts: bool = True) -> tuple[str, ...]:
    """The scope levels the actor may choose: the province (its districts' aggregates) for every
    valid actor, a district for province- and district-scoped actors, a commune for all of them.
    On a hierarchy without districts the province's children are its communes, a list for
    province-scoped actors only: the others choose their commune."""
    if actor is None or not actor.valid:
        return ()
    if not has_districts:
        return ("province", "commune") if actor.scope_level == "province" else ("commune",)
    if actor.scope_level == "commune":
        return ("province", "commune")
    return ("province", "district", "commune")


def visible_units(actor: Actor | None, units):
    """The rows of a units_frame (code, district_code) the actor may open in full: every row for
    the province, the district's own rows for a district officer, the commune (and its villages,
    by parent_code) for a commune officer; none for a None or invalid actor."""
    if actor is None or not actor.valid:
        return units.iloc[0:0]
    if actor.scope_level == "province":
        return units
    if actor.scope_level == "district":
        return units[units["district_code"] == actor.district]
    return units[(units["code"] == actor.commune) | (units["parent_code"] == actor.commune)]
