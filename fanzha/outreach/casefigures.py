"""Case counts and losses per venue and per grid, read from the case register.

The case register (``fanzha.cases``) is built by another team in parallel; until its model lands,
every figure here is zero and ``register_available()`` is false, so pages can say so. The field
paths are found once from the model's fields (the victim's employer place, the grid, the date and
the loss), so this module does not break when a field is renamed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from django.apps import apps
from django.db.models import Count, Sum

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Figures:
    """A venue's or area's cases and loss in a period."""

    cases: int = 0
    loss: Decimal = ZERO


@dataclass(frozen=True)
class _Paths:
    model: Any
    place: str | None
    grid: str | None
    day: str | None
    loss: str | None


def _first(names: list[str], candidates: tuple[str, ...]) -> str | None:
    for candidate in candidates:
        if candidate in names:
            return candidate
    return None


@cache
def _paths() -> _Paths | None:
    if not apps.is_installed("fanzha.cases"):
        return None
    try:
        model = apps.get_model("cases", "Case")
    except LookupError:
        return None
    fields = {f.name: f for f in model._meta.get_fields() if getattr(f, "concrete", False)}
    names = list(fields)
    place = _first(
        names, ("victim_employer", "employer", "employer_place", "victim_place", "place")
    )
    if place is None:
        place = next(
            (
                n
                for n, f in fields.items()
                if getattr(f, "related_model", None)
                and f.related_model._meta.label == "places.Place"
            ),
            None,
        )
    grid = _first(names, ("grid", "victim_grid"))
    if grid is None and "victim" in names:
        grid = "victim__grid"
    day = _first(
        names,
        (
            "occurred_on",
            "occurred_at",
            "reported_on",
            "reported_at",
            "registered_on",
            "filed_on",
            "happened_on",
            "created_at",
        ),
    )
    loss = _first(names, ("loss", "amount_lost", "loss_amount", "lost_amount", "amount"))
    return _Paths(model, place, grid, day, loss)


def register_available() -> bool:
    """Whether case figures come from a real case register."""
    paths = _paths()
    return paths is not None and paths.day is not None


def _grouped(path: str | None, ids: list[int], start: date, end: date) -> dict[int, Figures]:
    paths = _paths()
    if paths is None or path is None or paths.day is None or not ids:
        return {}
    day_field = paths.model._meta.get_field(paths.day)
    day_lookup = (
        f"{paths.day}__date" if day_field.get_internal_type() == "DateTimeField" else (paths.day)
    )
    qs = paths.model._default_manager.filter(
        **{f"{path}__in": ids, f"{day_lookup}__gte": start, f"{day_lookup}__lte": end}
    )
    aggregates: dict[str, Any] = {"n": Count("pk")}
    if paths.loss:
        aggregates["loss"] = Sum(paths.loss)
    result: dict[int, Figures] = {}
    for row in qs.values(path).annotate(**aggregates):
        loss = row.get("loss") or ZERO
        result[row[path]] = Figures(row["n"], Decimal(loss).quantize(ZERO))
    return result


def by_place(place_ids: list[int], start: date, end: date) -> dict[int, Figures]:
    """Cases whose victim works at each place, between two dates (inclusive)."""
    paths = _paths()
    return _grouped(paths.place if paths else None, place_ids, start, end)


def by_grid(grid_ids: list[int], start: date, end: date) -> dict[int, Figures]:
    """Cases whose victim lives in each grid, between two dates (inclusive)."""
    paths = _paths()
    return _grouped(paths.grid if paths else None, grid_ids, start, end)


def for_place_year(place_id: int, year: int) -> Figures:
    """A venue's own cases and loss in a calendar year (the banner rule)."""
    return by_place([place_id], date(year, 1, 1), date(year, 12, 31)).get(place_id, Figures())
