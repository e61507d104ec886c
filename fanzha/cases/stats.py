"""Case figures for a period: totals, by fraud type and by 办事处 (the 通告 and 报告 use them).

These functions are not scoped: they serve district-wide documents issued by the police. Views
that show figures to a user restrict the queryset first and call :func:`figures_for`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from fanzha.cases.attribution import counted_cases
from fanzha.cases.models import Case

ZERO = Decimal("0.00")


@dataclass
class Figures:
    """Counted cases and money for one period."""

    cases: int = 0
    loss: Decimal = ZERO
    recovered: Decimal = ZERO
    internal: int = 0
    by_type: dict[str, tuple[int, Decimal]] = field(default_factory=dict)
    by_office: dict[int, tuple[int, Decimal]] = field(default_factory=dict)


def figures_for(qs: QuerySet[Case]) -> Figures:
    """Totals and breakdowns of a queryset of cases."""
    totals = qs.aggregate(
        n=Count("pk"),
        loss=Sum("loss"),
        recovered=Sum("recovered"),
        internal=Count("pk", filter=Q(internal_staff=True)),
    )
    result = Figures(
        cases=totals["n"] or 0,
        loss=totals["loss"] or ZERO,
        recovered=totals["recovered"] or ZERO,
        internal=totals["internal"] or 0,
    )
    for by_type in qs.order_by().values("fraud_type").annotate(n=Count("pk"), loss=Sum("loss")):
        result.by_type[by_type["fraud_type"]] = (by_type["n"], by_type["loss"] or ZERO)
    by_office = qs.order_by().values("grid__office_id").annotate(n=Count("pk"), loss=Sum("loss"))
    for row in by_office:
        result.by_office[row["grid__office_id"]] = (row["n"], row["loss"] or ZERO)
    return result


def period_figures(start: date, end: date) -> Figures:
    """District-wide figures of counted cases dated ``start`` to ``end`` inclusive."""
    return figures_for(counted_cases(start, end))


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a calendar quarter."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1-4, not {quarter}")
    first_month = 3 * (quarter - 1) + 1
    start = date(year, first_month, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, first_month + 3, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def typical_cases(start: date, end: date, limit: int) -> list[Case]:
    """The period's cases with the largest losses (a 通告 shows them masked)."""
    return list(
        counted_cases(start, end)
        .select_related("grid__office", "grid__community")
        .order_by("-loss", "pk")[:limit]
    )
