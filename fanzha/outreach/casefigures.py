"""Case counts and losses per venue and per grid, read from the case register.

Cases are those the register counts (``fanzha.cases.attribution.counted_cases``: not void,
dated by ``FANZHA_CASE_COUNT_DATE``), grouped by the victim's employer place (a venue's "own"
cases) or by the victim's grid of residence. The register is another app; if it is not
installed every figure is zero and ``register_available()`` is false, so pages can say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Sum

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Figures:
    """A venue's or area's cases and loss in a period."""

    cases: int = 0
    loss: Decimal = ZERO


def register_available() -> bool:
    """Whether case figures come from a real case register."""
    return apps.is_installed("fanzha.cases")


def _counted(start: date, end: date) -> Any:
    if not register_available():
        return None
    from fanzha.cases.attribution import counted_cases

    return counted_cases(start, end)


def _grouped(path: str, ids: list[int], start: date, end: date) -> dict[int, Figures]:
    qs = _counted(start, end)
    if qs is None or not ids:
        return {}
    rows = (
        qs.filter(**{f"{path}__in": ids})
        .order_by()
        .values(path)
        .annotate(n=Count("pk"), loss=Sum("loss"))
    )
    return {
        row[path]: Figures(row["n"], Decimal(row["loss"] or ZERO).quantize(ZERO)) for row in rows
    }


def by_place(place_ids: list[int], start: date, end: date) -> dict[int, Figures]:
    """Cases whose victim works at each place, between two dates (inclusive)."""
    return _grouped("employer", place_ids, start, end)


def by_grid(grid_ids: list[int], start: date, end: date) -> dict[int, Figures]:
    """Cases whose victim lives in each grid, between two dates (inclusive)."""
    return _grouped("grid", grid_ids, start, end)


def for_place_year(place_id: int, year: int, until: date | None = None) -> Figures:
    """A venue's own cases and loss in a calendar year (the banner rule), up to ``until``."""
    end = min(until, date(year, 12, 31)) if until else date(year, 12, 31)
    return by_place([place_id], date(year, 1, 1), end).get(place_id, Figures())
