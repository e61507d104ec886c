"""Resident search: by name, or by an exact phone or ID number through the blind index."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from fanzha.lib.sealed import id_index, phone_index

_PHONEISH = re.compile(r"^\+?[\d\s\-]{11,16}$")
_IDISH = re.compile(r"^\d{17}[\dXx]$")


def search_q(text: str, *, prefix: str = "") -> Q:
    """A filter for a search box: an 18-character ID number, an 11-digit mobile number, or a
    name (prefix match). ``prefix`` points at the resident from another model."""
    text = (text or "").strip()
    if not text:
        return Q()
    if _IDISH.match(text):
        try:
            return Q(**{f"{prefix}id_index": id_index(text)})
        except ValidationError:
            return Q(pk__in=[])
    if _PHONEISH.match(text):
        try:
            return Q(**{f"{prefix}phone_index": phone_index(text)})
        except ValidationError:
            return Q(pk__in=[])
    return Q(**{f"{prefix}name__startswith": text})


def search(queryset: QuerySet, text: str) -> QuerySet:
    return queryset.filter(search_q(text))
