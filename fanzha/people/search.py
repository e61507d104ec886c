"""Resident search: by name, or by an exact phone or ID number through the blind index."""

from __future__ import annotations

import re
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from fanzha.lib.sealed import id_index, phone_index

_PHONEISH = re.compile(r"^\+?[\d\s\-]{11,16}$")
_IDISH = re.compile(r"^\d{17}[\dXx]$")
_NOTHING = Q(pk__in=[])

Kind = Literal["id", "phone", "name", "invalid", "empty"]


def classify(text: str) -> tuple[Kind, str]:
    """What a search box holds: an 18-character ID number or an 11-digit mobile number (both
    returned as their blind index), a name, or something that looks like a number but is not a
    valid one."""
    text = (text or "").strip()
    if not text:
        return "empty", ""
    try:
        if _IDISH.match(text):
            return "id", id_index(text)
        if _PHONEISH.match(text):
            return "phone", phone_index(text)
    except ValidationError:
        return "invalid", text
    return "name", text


def search_q(text: str, *, prefix: str = "") -> Q:
    """A filter for a search box; ``prefix`` points at the resident from another model."""
    kind, value = classify(text)
    if kind == "empty":
        return Q()
    if kind == "invalid":
        return _NOTHING
    if kind == "name":
        return Q(**{f"{prefix}name__startswith": value})
    return Q(**{f"{prefix}{kind}_index": value})


def search(queryset: QuerySet, text: str) -> QuerySet:
    return queryset.filter(search_q(text))
