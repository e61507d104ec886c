"""Helpers for the dashboard tests: registering world residents through the registry's own
capability functions (so the change signals fire as in production)."""

from __future__ import annotations

from typing import Any

from fanzha.registrations.protection import add_family_member, register


def register_with_family(resident: Any, phone: str, family_phones: list[str]) -> Any:
    registration = register(resident, phone=phone)
    for i, family_phone in enumerate(family_phones):
        add_family_member(registration, name=f"家人{i}", relation="parent", phone=family_phone)
    return registration
