"""Registration and App coverage against the drive's targets (DOMAIN.md §1.3).

Denominator: residents at least ``FANZHA_COVERAGE_MIN_AGE`` (16) years old; numerators: those of
them registered for warnings, and those with the App installed. Targets are ``MM-DD:percent``
settings (80% by 30 June, 100% by 31 July). Rows are sorted furthest-behind first so a unit
knows where to go door to door. Three grouped queries whatever the size of the district.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.utils import timezone

from fanzha.org.models import Grid, Unit
from fanzha.people.models import Resident
from fanzha.registrations.models import AppInstall, Registration


@dataclass
class CoverageRow:
    key: Any
    name: str
    parent: str
    population: int = 0
    registered: int = 0
    app: int = 0
    url: str = ""

    @property
    def registered_rate(self) -> Decimal:
        return Decimal(self.registered) / self.population if self.population else Decimal(0)

    @property
    def app_rate(self) -> Decimal:
        return Decimal(self.app) / self.population if self.population else Decimal(0)

    def gap(self, target: Decimal) -> Decimal:
        """How many percentage points the registration rate is below the target."""
        return max(Decimal(0), target - self.registered_rate)

    @property
    def to_visit(self) -> int:
        """People still to register to reach the current target."""
        target = current_target()[1]
        needed = int((target * self.population).to_integral_value(rounding="ROUND_CEILING"))
        return max(0, needed - self.registered)


def min_age() -> int:
    return int(settings.FANZHA_COVERAGE_MIN_AGE)


def targets(year: int | None = None) -> list[tuple[date, Decimal]]:
    year = year or timezone.localdate().year
    result = []
    for item in settings.FANZHA_COVERAGE_TARGETS:
        try:
            day, percent = item.split(":")
            month, dom = (int(x) for x in day.split("-"))
            result.append((date(year, month, dom), Decimal(percent) / 100))
        except (ValueError, ArithmeticError):
            raise ImproperlyConfigured(
                f"FANZHA_COVERAGE_TARGETS: {item!r} is not MM-DD:percent"
            ) from None
    return sorted(result)


def current_target(today: date | None = None) -> tuple[date, Decimal]:
    today = today or timezone.localdate()
    all_targets = targets(today.year)
    for day, rate in all_targets:
        if day >= today:
            return day, rate
    return all_targets[-1]


def _cutoff(today: date) -> date:
    age = min_age()
    try:
        return today.replace(year=today.year - age)
    except ValueError:  # 29 February
        return today.replace(year=today.year - age, day=28)


def _per_grid(user: Any, today: date) -> tuple[dict, dict, dict]:
    cutoff = _cutoff(today)
    population = dict(
        Resident.objects.restrict(user)
        .filter(birth_date__lte=cutoff)
        .values_list("grid")
        .annotate(n=Count("pk"))
        .order_by()
    )
    registered = dict(
        Registration.objects.restrict(user)
        .filter(registrant__birth_date__lte=cutoff)
        .values_list("registrant__grid")
        .annotate(n=Count("pk"))
        .order_by()
    )
    app = dict(
        AppInstall.objects.restrict(user)
        .filter(resident__birth_date__lte=cutoff)
        .values_list("resident__grid")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return population, registered, app


def _sorted(rows: list[CoverageRow]) -> list[CoverageRow]:
    target = current_target()[1]
    return sorted(rows, key=lambda r: (-r.gap(target), -r.to_visit, r.name))


def by_grid(user: Any, today: date | None = None) -> list[CoverageRow]:
    today = today or timezone.localdate()
    population, registered, app = _per_grid(user, today)
    grids = Grid.objects.restrict(user).select_related("community").order_by()
    rows = [
        CoverageRow(
            g.pk,
            g.name,
            g.community.name,
            population.get(g.pk, 0),
            registered.get(g.pk, 0),
            app.get(g.pk, 0),
            g.get_absolute_url(),
        )
        for g in grids
    ]
    return _sorted(rows)


def by_unit(user: Any, today: date | None = None) -> list[CoverageRow]:
    """Per 办事处 and per 社区/村居 (rolled up from grids)."""
    today = today or timezone.localdate()
    population, registered, app = _per_grid(user, today)
    rows: dict[int, CoverageRow] = {}
    units = {u.pk: u for u in Unit.objects.filter(kind__in=["office", "community", "village"])}
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for grid_id, community_id, office_id in Grid.objects.restrict(user).values_list(
        "pk", "community_id", "office_id"
    ):
        for unit_id in (community_id, office_id):
            t = totals[unit_id]
            t[0] += population.get(grid_id, 0)
            t[1] += registered.get(grid_id, 0)
            t[2] += app.get(grid_id, 0)
    for unit_id, (pop, reg, inst) in totals.items():
        unit = units.get(unit_id)
        if unit is None:
            continue
        parent = units.get(unit.parent_id) if unit.parent_id else None
        rows[unit_id] = CoverageRow(
            unit_id,
            unit.name,
            parent.name if parent else "",
            pop,
            reg,
            inst,
            unit.get_absolute_url(),
        )
    return _sorted(list(rows.values()))
