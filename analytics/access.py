"""Who is acting, and what they may see and write: one data-access rule, default deny.

Scopes follow the hierarchy: an account's scope is the province (NULL), a district or a commune,
and access flows down the tree. Everyone with a scope may read the province's aggregates (the
figures of its districts); below that, a district officer reads their district in full and a
commune officer their commune in full. Writes: an admin writes anything; district and commune
officers write inside their scope; viewers write nothing.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

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
        """A known role with a scope that fits it (default deny for anything else)."""
        if self.role not in ROLES:
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
