"""Dissuasion figures over a (restricted) task queryset: successful dissuasions (outcome 3),
amounts lost and saved, and time from an alert's arrival to first contact, p50/p90, by unit,
grid and level."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from fanzha.alerts.choices import Level, Outcome


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    p50_minutes: float | None
    p90_minutes: float | None


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil without floats drifting
    return ordered[int(rank) - 1]


def _rows(groups: dict[str, list[float]]) -> list[Row]:
    return [
        Row(label, len(v), percentile(v, 50), percentile(v, 90))
        for label, v in sorted(groups.items(), key=lambda kv: kv[0])
    ]


def figures(tasks: QuerySet) -> dict[str, Any]:
    totals = tasks.aggregate(
        total=Count("pk"),
        dissuaded=Count("pk", filter=Q(outcome=Outcome.DISSUADED)),
        defrauded=Count("pk", filter=Q(outcome=Outcome.DEFRAUDED)),
        saved=Sum("amount_saved"),
        lost=Sum("amount_lost"),
    )
    by_unit: dict[str, list[float]] = defaultdict(list)
    by_grid: dict[str, list[float]] = defaultdict(list)
    by_level: dict[str, list[float]] = defaultdict(list)
    everything: list[float] = []
    levels = dict(Level.choices)
    for office, station, grid, level, first, created in (
        tasks.filter(first_contact_at__isnull=False)
        .values_list(
            "office__name",
            "station__name",
            "grid__name",
            "level",
            "first_contact_at",
            "alert__created_at",
        )
        .iterator(chunk_size=5000)
    ):
        minutes = max(0.0, (first - created).total_seconds() / 60)
        everything.append(minutes)
        by_unit[office or station or "—"].append(minutes)
        by_grid[grid or "—"].append(minutes)
        by_level[str(levels.get(level, level))].append(minutes)
    return {
        "total": totals["total"],
        "dissuaded": totals["dissuaded"],
        "defrauded": totals["defrauded"],
        "saved": totals["saved"] or Decimal("0"),
        "lost": totals["lost"] or Decimal("0"),
        "overall": Row("", len(everything), percentile(everything, 50), percentile(everything, 90)),
        "by_unit": _rows(by_unit),
        "by_grid": _rows(by_grid),
        "by_level": _rows(by_level),
    }
