"""Login for the app. Until the governance work lands, everyone is an open-access analyst."""

from __future__ import annotations

from moat.governance.permissions import User


def login() -> User | None:
    return User("guest", "admin")


def current_user() -> User:
    return User("guest", "admin")
