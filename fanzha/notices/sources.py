"""Figures the 通告 and 报告 borrow from other apps, each read guarded.

The alerts, indicators, outreach and assessment apps are built alongside this one; each reader
returns ``None`` when its app (or the table) is not there yet, and the document then says the
figure is not available instead of failing. Every read runs in a savepoint so a missing table
on PostgreSQL cannot poison the caller's transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Count, F, Q

log = logging.getLogger(__name__)
T = TypeVar("T")


def _guarded(app: str, read: Callable[[], T]) -> T | None:
    if not apps.is_installed(f"fanzha.{app}"):
        return None
    try:
        with transaction.atomic():
            return read()
    except (ImportError, LookupError, AttributeError, DatabaseError, TypeError) as exc:
        log.info("figures from %s not available: %s", app, exc)
        return None


def warnings(start: date, end: date) -> dict[str, int] | None:
    """Warnings received and people dissuaded (outcome 3) in the period."""

    def read() -> dict[str, int]:
        alert = apps.get_model("alerts", "Alert")
        attempt = apps.get_model("alerts", "Attempt")
        received = alert.objects.filter(
            received_at__date__gte=start, received_at__date__lte=end
        ).count()
        dissuaded = (
            attempt.objects.filter(outcome="3", at__date__gte=start, at__date__lte=end)
            .values("task_id")
            .distinct()
            .count()
        )
        return {"alerts": received, "dissuaded": dissuaded}

    return _guarded("alerts", read)


def bans(start: date, end: date) -> dict[str, int] | None:
    """The article's ban figures for the period (``fanzha.indicators.counts.ban_counts``)."""

    def read() -> dict[str, int]:
        from fanzha.indicators.counts import ban_counts
        from fanzha.indicators.models import Indicator

        counts = ban_counts(Indicator.objects.all(), start, end)
        return {
            "wechat_permanent": counts.wechat_permanent,
            "wechat_short": counts.wechat_short_term,
            "wechat_groups": counts.wechat_groups,
            "qq": counts.qq,
        }

    return _guarded("indicators", read)


def publicity(unit: Any, start: date, end: date) -> int | None:
    """六进 activities a unit organised (``fanzha.outreach.activity_counts``)."""

    def read() -> int:
        from fanzha.outreach import activity_counts

        return int(activity_counts(unit, start, end).total)

    return _guarded("outreach", read)


def assessment_scores(year: int) -> dict[int, Decimal] | None:
    """Each unit's total in the year's assessment (the last scored period of the year)."""

    def read() -> dict[int, Decimal]:
        model = apps.get_model("assessment", "UnitAssessment")
        rows = (
            model.objects.filter(period__year=year, scored_at__isnull=False)
            .order_by("unit_id", F("period__quarter").asc(nulls_last=True))
            .values_list("unit_id", "total")
        )
        # Later periods overwrite earlier ones: an annual period (no quarter) sorts last.
        return dict(rows)

    return _guarded("assessment", read)


def registration_coverage(on: date) -> dict[int, tuple[int, int]]:
    """Per 办事处 and sector unit: (registered residents, residents of the target age).

    A 办事处 counts residents living in its grids; a sector unit counts residents whose employer
    it is responsible for. The denominator follows ``FANZHA_COVERAGE_MIN_AGE`` (DOMAIN.md §1.3).
    """
    from fanzha.people.models import Resident

    born_by = date(on.year - settings.FANZHA_COVERAGE_MIN_AGE, on.month, min(on.day, 28))
    adults = Resident.objects.filter(birth_date__lte=born_by)
    result: dict[int, list[int]] = {}
    registered = Q(registration__isnull=False)
    for key in ("grid__office_id", "employer__sector_unit_id"):
        rows = (
            adults.exclude(**{f"{key}": None})
            .values(key)
            .annotate(n=Count("pk"), r=Count("pk", filter=registered))
        )
        for row in rows:
            pair = result.setdefault(row[key], [0, 0])
            pair[0] += row["r"]
            pair[1] += row["n"]
    return {k: (v[0], v[1]) for k, v in result.items()}
