"""Prominent two-card problems per jurisdiction: the assessment's 断卡 item asks whether one
occurred in a unit's jurisdiction in the period (3 points if none)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from fanzha.cards.models import TwoCardProblem


def problems_in(unit: object, period_start: date, period_end: date):  # type: ignore[no-untyped-def]
    """Problems recorded for the unit or the units under it (a 办事处's communities), with the
    date inside [period_start, period_end]."""
    unit_id = getattr(unit, "pk", unit)
    return TwoCardProblem.objects.filter(
        Q(unit_id=unit_id) | Q(unit__parent_id=unit_id),
        occurred_on__gte=period_start,
        occurred_on__lte=period_end,
    )


def has_prominent_problem(unit: object, period_start: date, period_end: date) -> bool:
    """Did a prominent two-card problem occur in ``unit``'s jurisdiction in the period?
    ``unit`` is an ``org.Unit`` or its id; both ends of the period count."""
    return problems_in(unit, period_start, period_end).exists()
