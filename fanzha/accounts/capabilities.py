"""What a role may do, beyond which rows it sees (that is ``restrict``)."""

from __future__ import annotations

from typing import Any

from fanzha.accounts.choices import Role

EDITOR_ROLES = {Role.ADMIN, Role.LIAISON, Role.GRID_WORKER, Role.OFFICER}


def is_staff_user(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_edit(user: Any) -> bool:
    return is_staff_user(user) and (user.is_superuser or user.role in EDITOR_ROLES)


def is_admin(user: Any) -> bool:
    return is_staff_user(user) and (user.is_superuser or user.role == Role.ADMIN)


def can_reveal(user: Any) -> bool:
    """See a full ID or phone number (each reveal is audited). Leaders never do."""
    if not is_staff_user(user):
        return False
    if user.is_superuser or user.role in (Role.ADMIN, Role.OFFICER):
        return True
    return bool(user.has_perm("people.reveal_identifiers"))


def can_export(user: Any) -> bool:
    return is_staff_user(user) and user.role != Role.LEADER
