"""Dissuasion figures over a (restricted) task queryset: successful dissuasions (outcome 3),
amounts lost and saved, and time from an alert's arrival to first contact, p50/p90, by
sub-district office, police station, grid and level.

The percentiles are continuous (linear interpolation between the two nearest values, like
PostgreSQL's ``percentile_cont``). On PostgreSQL the database computes them, one grouped query
per breakdown; other databases get the same numbers from a single pass over the contacted
tasks' response times."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Greatest

from fanzha.alerts.choices import Level, Outcome

P50, P90 = 0.5, 0.9


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    p50_minutes: float | None
    p90_minutes: float | None


# The breakdowns: (name, the task field grouped on, the field giving its label).
BREAKDOWNS = [
    ("by_office", "office_id", "office__name"),
    ("by_station", "station_id", "station__name"),
    ("by_grid", "grid_id", "grid__name"),
    ("by_level", "level", "level"),
]


def percentile(values: list[float], q: float) -> float | None:
    """Continuous percentile (q in 0..1) of ``values``, as PostgreSQL's ``percentile_cont``:
    the value at rank (n - 1) * q of the sorted values, interpolated; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate ``percentile_cont(q) WITHIN GROUP (ORDER BY x)``."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must lie in 0..1")
        super().__init__(expression, fraction=float(fraction), **extra)


class EpochMinutes(Func):
    """Minutes in a PostgreSQL interval."""

    template = "EXTRACT(EPOCH FROM %(expressions)s) / 60.0"
    output_field = FloatField()


def _minutes_expression() -> Any:
    # Clocks differ a little, so a first contact may be stamped just before the alert's own
    # ingest time: count that as zero minutes, never negative.
    return Greatest(
        EpochMinutes(F("first_contact_at") - F("alert__created_at")),
        Value(0.0),
        output_field=FloatField(),
    )


def _label(key: Any, name: Any, levels: dict[str, str]) -> str:
    """A breakdown row's label: the unit's or grid's name, or the level's (translated)."""
    if key is None:
        return "—"
    return levels.get(name, str(name)) if key == name else str(name)


def _sorted(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: r.label)


def _in_database(contacted: QuerySet, levels: dict[str, str]) -> dict[str, Any]:
    minutes = _minutes_expression()
    aggregates = {
        "n": Count("pk"),
        "p50": PercentileCont(minutes, P50),
        "p90": PercentileCont(minutes, P90),
    }
    out: dict[str, Any] = {}
    overall = contacted.aggregate(**aggregates)
    out["overall"] = Row("", overall["n"], overall["p50"], overall["p90"])
    for name, key, label in BREAKDOWNS:
        fields = [key] if key == label else [key, label]
        grouped = contacted.order_by().values(*fields).annotate(**aggregates)
        out[name] = _sorted(
            Row(_label(g[key], g[label], levels), g["n"], g["p50"], g["p90"]) for g in grouped
        )
    return out


def _in_python(contacted: QuerySet, levels: dict[str, str]) -> dict[str, Any]:
    fields = ["first_contact_at", "alert__created_at"]
    extra = sorted({f for _, key, label in BREAKDOWNS for f in (key, label)})
    groups: dict[str, dict[Any, list[float]]] = {name: defaultdict(list) for name, *_ in BREAKDOWNS}
    labels: dict[str, dict[Any, str]] = {name: {} for name, *_ in BREAKDOWNS}
    everything: list[float] = []
    for row in contacted.values(*fields, *extra).iterator(chunk_size=5000):
        value = max(0.0, (row["first_contact_at"] - row["alert__created_at"]).total_seconds() / 60)
        everything.append(value)
        for name, key, label in BREAKDOWNS:
            groups[name][row[key]].append(value)
            labels[name][row[key]] = _label(row[key], row[label], levels)
    out: dict[str, Any] = {
        "overall": Row(
            "", len(everything), percentile(everything, P50), percentile(everything, P90)
        )
    }
    for name, *_ in BREAKDOWNS:
        out[name] = _sorted(
            Row(labels[name][k], len(v), percentile(v, P50), percentile(v, P90))
            for k, v in groups[name].items()
        )
    return out


def figures(tasks: QuerySet) -> dict[str, Any]:
    """The figures page's numbers for ``tasks`` (already restricted to what the user sees)."""
    totals = tasks.aggregate(
        total=Count("pk"),
        dissuaded=Count("pk", filter=Q(outcome=Outcome.DISSUADED)),
        defrauded=Count("pk", filter=Q(outcome=Outcome.DEFRAUDED)),
        saved=Sum("amount_saved"),
        lost=Sum("amount_lost"),
    )
    levels = {str(value): str(label) for value, label in Level.choices}
    contacted = tasks.filter(first_contact_at__isnull=False)
    if connections[tasks.db].vendor == "postgresql":
        response = _in_database(contacted, levels)
    else:
        response = _in_python(contacted, levels)
    return {
        "total": totals["total"],
        "dissuaded": totals["dissuaded"],
        "defrauded": totals["defrauded"],
        "saved": totals["saved"] or Decimal("0"),
        "lost": totals["lost"] or Decimal("0"),
        **response,
    }
