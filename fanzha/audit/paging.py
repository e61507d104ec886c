"""Keyset ("cursor") pages for the audit log.

The log grows by the million, so a page never counts the rows and never skips with OFFSET: it
continues from the (time, id) of the last row shown, which the composite indexes in
``models.py`` turn into a short index range scan. The first page, a page deep in the past and a
filtered page therefore cost about the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)
# Bounds that every database's datetime and integer can hold; anything else is not a cursor.
_MAX_MICROS = 253402300799 * 10**6
_MAX_PK = 2**63 - 1


@dataclass(frozen=True)
class Cursor:
    """A position in the log: the (time, id) of a row. As text: ``<microseconds>.<id>``."""

    time: datetime
    pk: int

    @classmethod
    def of(cls, row: Any) -> Cursor:
        return cls(row.time, row.pk)

    def token(self) -> str:
        return f"{(self.time - _EPOCH) // _MICRO}.{self.pk}"

    @classmethod
    def parse(cls, token: str | None) -> Cursor | None:
        """The cursor in ``token``, or None for an empty or malformed one."""
        micros, _, pk = (token or "").partition(".")
        if not (micros.isdigit() and pk.isdigit()) or len(micros) > 18 or len(pk) > 19:
            return None
        if int(micros) > _MAX_MICROS or not 0 < int(pk) <= _MAX_PK:
            return None
        return cls(_EPOCH + int(micros) * _MICRO, int(pk))


@dataclass(frozen=True)
class KeysetPage:
    """One page, newest first; ``newer``/``older`` are the tokens of the neighbouring pages
    (None at either end)."""

    rows: list[Any]
    newer: str | None
    older: str | None


def keyset_page(
    qs: QuerySet, size: int, *, older: str | None = None, newer: str | None = None
) -> KeysetPage:
    """The page of ``qs`` (newest first) after cursor ``older`` or before cursor ``newer``;
    the first page when neither is a valid cursor."""
    after, before = Cursor.parse(older), Cursor.parse(newer)
    if before is not None and after is None:
        # Rows newer than the cursor, oldest first, then turned round. ``time >= t`` is the
        # index bound; the OR only filters the few rows that share the cursor's time.
        found = list(
            qs.filter(time__gte=before.time)
            .filter(Q(time__gt=before.time) | Q(pk__gt=before.pk))
            .order_by("time", "pk")[: size + 1]
        )
        more = len(found) > size
        rows = found[:size][::-1]
        return KeysetPage(
            rows,
            newer=Cursor.of(rows[0]).token() if more else None,
            older=Cursor.of(rows[-1]).token() if rows else None,
        )
    if after is not None:
        qs = qs.filter(time__lte=after.time).filter(Q(time__lt=after.time) | Q(pk__lt=after.pk))
    found = list(qs.order_by("-time", "-pk")[: size + 1])
    rows = found[:size]
    return KeysetPage(
        rows,
        newer=Cursor.of(rows[0]).token() if after is not None and rows else None,
        older=Cursor.of(rows[-1]).token() if len(found) > size else None,
    )
