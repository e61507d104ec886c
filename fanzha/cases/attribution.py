"""Which unit a case counts for: the written rules of DOMAIN.md §1, kept as settings.

``FANZHA_CASE_ATTRIBUTION_RULES`` lists the rules that apply, in order (see
:class:`fanzha.cases.choices.AttributionRule`): by default the 办事处 whose territory the victim
lives in, the sector unit responsible for the victim's employer or venue, and the assessed unit
the victim works for (an internal-staff case). A unit reached by two rules counts the case once,
under the first rule. The result is stored as ``CaseAttribution`` rows so the counts are a plain
query anyone can check from the case list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from fanzha.cases.choices import AttributionRule
from fanzha.cases.models import Case, CaseAttribution


@dataclass(frozen=True)
class Attribution:
    """One unit a case counts for, with the rule and a sentence saying why."""

    unit_id: int
    unit_name: str
    rule: str
    rule_label: str


def _rules() -> list[str]:
    valid = set(AttributionRule.values)
    return [r for r in settings.FANZHA_CASE_ATTRIBUTION_RULES if r in valid]


def units_for(case: Case) -> list[tuple[int, str]]:
    """``(unit_id, rule)`` pairs for one case, in rule order, each unit once."""
    found: dict[int, str] = {}
    for rule in _rules():
        unit_id: int | None = None
        if rule == AttributionRule.RESIDENCE_OFFICE:
            unit_id = case.grid.office_id if case.grid_id else None
        elif rule == AttributionRule.EMPLOYER_SECTOR:
            unit_id = case.employer.sector_unit_id if case.employer is not None else None
        elif rule == AttributionRule.EMPLOYER_TERRITORY:
            unit_id = case.employer.territory_unit_id if case.employer is not None else None
        elif rule == AttributionRule.STAFF_UNIT:
            unit_id = case.victim_unit_id if case.internal_staff else None
        if unit_id is not None and unit_id not in found:
            found[unit_id] = rule
    return list(found.items())


def attribute(case: Case) -> None:
    """Recompute the stored attribution of one case."""
    wanted = units_for(case)
    with transaction.atomic():
        CaseAttribution.objects.filter(case=case).delete()
        CaseAttribution.objects.bulk_create(
            [CaseAttribution(case=case, unit_id=u, rule=r) for u, r in wanted]
        )


def attribute_many(case_ids: Iterable[int]) -> int:
    """Recompute the attribution of many cases at once (imports, demo, a rule change)."""
    ids = list(case_ids)
    rows: list[CaseAttribution] = []
    with transaction.atomic():
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            CaseAttribution.objects.filter(case_id__in=chunk).delete()
            for case in Case.objects.filter(pk__in=chunk).select_related("grid", "employer"):
                rows.extend(
                    CaseAttribution(case_id=case.pk, unit_id=u, rule=r) for u, r in units_for(case)
                )
        CaseAttribution.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def explain(case: Case) -> list[Attribution]:
    """Which units the case counts for and by which rule, for the case page and appeals."""
    labels = dict(AttributionRule.choices)
    return [
        Attribution(a.unit_id, a.unit.name, a.rule, str(labels.get(a.rule, a.rule)))
        for a in case.attributions.select_related("unit").order_by("pk")
    ]


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Aware datetimes for the local days ``start`` to ``end`` inclusive."""
    tz = timezone.get_current_timezone()
    low = datetime(start.year, start.month, start.day, tzinfo=tz)
    high_day = end + timedelta(days=1)
    high = datetime(high_day.year, high_day.month, high_day.day, tzinfo=tz)
    return low, high


def counted_cases(start: date, end: date) -> QuerySet[Case]:
    """Cases that count, dated (by ``FANZHA_CASE_COUNT_DATE``) between two days inclusive.
    Not restricted: callers that serve a user apply ``restrict`` themselves."""
    low, high = day_bounds(start, end)
    field = settings.FANZHA_CASE_COUNT_DATE
    return Case.objects.exclude(status__in=settings.FANZHA_CASE_UNCOUNTED_STATUSES).filter(
        **{f"{field}__gte": low, f"{field}__lt": high}
    )


def year_window(year: int, until: date | None = None) -> tuple[date, date]:
    """1 January of ``year`` to ``until`` (moved into ``year`` keeping month and day) or 31
    December: the same window in two years makes a fair year-on-year comparison."""
    end = date(year, 12, 31)
    if until is not None:
        try:
            end = min(end, until.replace(year=year))
        except ValueError:  # 29 February in a common year
            end = min(end, date(year, 2, 28))
    return date(year, 1, 1), end


def case_counts_by_unit(
    year: int, until: date | None = None, cases: QuerySet[Case] | None = None
) -> dict[int, int]:
    """Counted cases per unit id in ``year`` (up to ``until``'s month and day when given).
    Units with no case are absent. This is the input of the assessment's year-on-year item;
    a view passes ``cases`` (restricted to the user) to count only what the user may see."""
    start, end = year_window(year, until)
    low, high = day_bounds(start, end)
    field = settings.FANZHA_CASE_COUNT_DATE
    base = CaseAttribution.objects.all()
    if cases is not None:
        base = base.filter(case__in=cases.values("pk"))
    rows = (
        base.exclude(case__status__in=settings.FANZHA_CASE_UNCOUNTED_STATUSES)
        .filter(**{f"case__{field}__gte": low, f"case__{field}__lt": high})
        .values("unit_id")
        .annotate(n=Count("case_id"))
    )
    return {row["unit_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class YearOnYear:
    """Cases of one unit in a window of this year against the same window last year."""

    unit_id: int
    unit_name: str
    this_year: int
    last_year: int

    @property
    def change(self) -> float | None:
        """Relative change (0.25 = +25%); None when last year had none."""
        if self.last_year == 0:
            return None
        return (self.this_year - self.last_year) / self.last_year


def year_on_year(
    year: int, until: date | None = None, cases: QuerySet[Case] | None = None
) -> list[YearOnYear]:
    """Per assessed unit (办事处 and sector units), this year's and last year's counts."""
    from fanzha.org.choices import UnitKind
    from fanzha.org.models import Unit

    now = case_counts_by_unit(year, until, cases)
    before = case_counts_by_unit(year - 1, until, cases)
    units = Unit.objects.filter(
        kind__in=[UnitKind.OFFICE, UnitKind.SECTOR, UnitKind.BUREAU]
    ).order_by("kind", "code")
    return [YearOnYear(u.pk, u.name, now.get(u.pk, 0), before.get(u.pk, 0)) for u in units]
