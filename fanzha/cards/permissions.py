"""Who decides joint punishments and appeals: the police and the district administrator.
Every editor may record people, acts and appeals."""

from __future__ import annotations

from typing import Any

from fanzha.accounts.capabilities import is_admin, is_staff_user
from fanzha.accounts.choices import Role


def can_decide(user: Any) -> bool:
    return is_admin(user) or (is_staff_user(user) and user.role == Role.OFFICER)
