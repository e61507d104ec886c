"""Who handles verification, platform submission and bans: the police and the district
administrator (DOMAIN.md §1: the 公安分局 does account bans). Everyone on staff may report."""

from __future__ import annotations

from typing import Any

from fanzha.accounts.capabilities import is_admin, is_staff_user
from fanzha.accounts.choices import Role


def can_handle(user: Any) -> bool:
    return is_admin(user) or (is_staff_user(user) and user.role == Role.OFFICER)
