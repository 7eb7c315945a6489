"""Sign an AppTest session in without the login form (the form itself: tests/test_page_login.py)."""

from __future__ import annotations

from analytics.access import Actor

ADMIN = Actor("test.admin", "admin", display_name="Quản trị (kiểm thử)")


def signed_in(at, actor: Actor = ADMIN):
    """The same AppTest, signed in as `actor` (an admin by default: every page is listed)."""
    at.session_state["kts_auth_actor"] = actor
    return at
