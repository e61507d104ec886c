"""Masks shown wherever a phone or ID number appears (DOMAIN.md §6)."""

from __future__ import annotations

import re

# A run of at least seven digits, with spaces, hyphens or a leading + between them and an ID
# number's final X: a phone or ID number, whole or partial, as someone typed it.
_NUMBER_RUN = re.compile(r"\+?\d(?:[\s\-]?\d){6,}[Xx]?")
_NOT_DIGIT = re.compile(r"[^\dXx]")
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


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


def mask_numbers(text: str) -> str:
    """``text`` with every phone or ID number in it masked (a run of 15 or more digits as an ID
    number, 11 to 14 as a phone number, a shorter one, a partial number, all but its first
    three digits; a date stays): for records of what someone typed, such as the filters of an
    export in the audit log, which must not become a copy of the numbers."""

    def mask(match: re.Match[str]) -> str:
        if _DATE.match(match.group()):
            return match.group()
        digits = _NOT_DIGIT.sub("", match.group())
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]  # +86 and a mobile number
        if len(digits) >= 15:
            return mask_id(digits)
        if len(digits) >= 11:
            return mask_phone(digits)
        return digits[:3] + "*" * (len(digits) - 3)

    return _NUMBER_RUN.sub(mask, text)
