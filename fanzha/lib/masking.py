"""Masks shown wherever a phone or ID number appears (DOMAIN.md §6)."""

from __future__ import annotations


def mask_phone(value: str | None) -> str:
    """138****1234: the carrier prefix and last four digits stay readable."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_id(value: str | None) -> str:
    """3702**********1234: province and city, then the last four characters."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_name(value: str | None) -> str:
    """张*三 style: keep the family name; used in documents that leave the platform."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]
