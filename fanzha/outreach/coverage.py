"""Coverage figures the assessment (and the pages here) read: pledge rate, 六进 activity counts,
banners hung. Typed functions over querysets; no access scoping here (callers that serve a
person pass querysets through ``restrict`` first, the assessment reads the whole district).

A unit's area: a 办事处 covers its grids' households, places and the activities organised by
itself or its communities; a 社区/村居 its own grids; a 派出所 the grids it polices; a sector unit
the places of its sector (it has no households); the district and the 公安分局 everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from fanzha.org.choices import UnitKind
from fanzha.org.models import Grid, Unit
from fanzha.outreach.choices import SixInto
from fanzha.outreach.models import Activity, BannerHanging, Pledge

_RATE = Decimal("0.0001")


def _ratio(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(_RATE, rounding=ROUND_HALF_UP)


def grid_q(unit: Unit, prefix: str = "") -> Q | None:
    """Rows (through ``prefix`` to a grid) in a unit's territory; ``None``: no territory."""
    if unit.kind in (UnitKind.DISTRICT, UnitKind.BUREAU):
        return Q()
    if unit.kind == UnitKind.OFFICE:
        return Q(**{f"{prefix}office": unit.pk})
    if unit.kind in (UnitKind.COMMUNITY, UnitKind.VILLAGE):
        return Q(**{f"{prefix}community": unit.pk})
    if unit.kind == UnitKind.STATION:
        return Q(**{f"{prefix}station": unit.pk})
    return None


def place_q(unit: Unit, prefix: str = "") -> Q:
    """Places a unit is responsible for, by territory or by sector."""
    if unit.kind == UnitKind.SECTOR:
        return Q(**{f"{prefix}sector_unit": unit.pk})
    q = grid_q(unit, f"{prefix}grid__")
    return q if q is not None else Q(pk__in=[])


def organiser_ids(unit: Unit) -> list[int]:
    """A unit and the units under it (a 办事处's communities organise activities for it)."""
    return [unit.pk, *Unit.objects.filter(parent=unit).values_list("pk", flat=True)]


# -- pledges -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PledgeCoverage:
    households: int
    signed: int
    electronic: int

    @property
    def rate(self) -> Decimal | None:
        """Signed households ÷ households, 0–1 with 4 decimals; ``None`` without households."""
        return _ratio(self.signed, self.households)


@dataclass(frozen=True)
class GridPledgeCoverage(PledgeCoverage):
    grid_id: int = 0
    grid_name: str = ""
    community_name: str = ""


def pledge_coverage(unit: Unit, on: date | None = None) -> PledgeCoverage:
    """Households in a unit's territory and how many have signed (by ``on`` if given)."""
    from fanzha.people.models import Household

    q = grid_q(unit, "grid__")
    if q is None:
        return PledgeCoverage(0, 0, 0)
    households = Household.objects.filter(q).count()
    pledges = Pledge.objects.filter(q)
    if on is not None:
        pledges = pledges.filter(signed_on__lte=on)
    counts = pledges.aggregate(n=Count("pk"), e=Count("pk", filter=Q(method="electronic")))
    return PledgeCoverage(households, counts["n"], counts["e"])


def pledge_rate(unit: Unit, on: date | None = None) -> Decimal | None:
    """The pledge rate of a unit (0–1), ``None`` for a unit without households."""
    return pledge_coverage(unit, on).rate


def pledge_coverage_by_grid(grids: object) -> list[GridPledgeCoverage]:
    """Coverage per grid of a (restricted) grid queryset, two grouped queries in all."""
    from fanzha.people.models import Household

    grid_rows = list(
        Grid.objects.filter(pk__in=grids.values("pk"))  # type: ignore[attr-defined]
        .select_related("community")
        .order_by("code")
    )
    ids = [g.pk for g in grid_rows]
    households = dict(
        Household.objects.filter(grid__in=ids).values_list("grid").annotate(n=Count("pk"))
    )
    signed: dict[int, dict[str, int]] = {
        row["grid"]: {"n": row["n"], "e": row["e"]}
        for row in Pledge.objects.filter(grid__in=ids)
        .values("grid")
        .annotate(n=Count("pk"), e=Count("pk", filter=Q(method="electronic")))
    }
    return [
        GridPledgeCoverage(
            households.get(g.pk, 0),
            signed.get(g.pk, {}).get("n", 0),
            signed.get(g.pk, {}).get("e", 0),
            g.pk,
            g.name,
            g.community.name,
        )
        for g in grid_rows
    ]


# -- publicity -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ActivityCounts:
    """A unit's 六进 activities in a period."""

    total: int = 0
    headcount: int = 0
    materials: int = 0
    covers_card: int = 0
    places_covered: int = 0
    by_category: dict[str, int] = field(default_factory=dict)

    @property
    def categories_reached(self) -> int:
        return sum(1 for n in self.by_category.values() if n)


@dataclass(frozen=True)
class ActivityRow:
    """One activity as the assessment reads it."""

    id: int
    unit_id: int
    held_on: date
    category: str
    covers_card: bool
    headcount: int


def activities_of(unit: Unit, start: date, end: date) -> object:
    return Activity.objects.filter(
        unit__in=organiser_ids(unit), held_on__gte=start, held_on__lte=end
    )


def activity_counts(unit: Unit, start: date, end: date) -> ActivityCounts:
    """Activities organised by a unit (or the units under it) between two dates, inclusive."""
    qs = activities_of(unit, start, end)
    totals = qs.aggregate(  # type: ignore[attr-defined]
        n=Count("pk"),
        h=Sum("headcount"),
        m=Sum("materials"),
        c=Count("pk", filter=Q(covers_card=True)),
        p=Count("place", distinct=True),
    )
    by_category = {str(c): 0 for c in SixInto.values}
    for row in qs.values("category").annotate(n=Count("pk")):  # type: ignore[attr-defined]
        by_category[row["category"]] = row["n"]
    return ActivityCounts(
        totals["n"], totals["h"] or 0, totals["m"] or 0, totals["c"], totals["p"], by_category
    )


def activity_rows(unit: Unit, start: date, end: date) -> list[ActivityRow]:
    """Each activity with its organising unit, date, 六进 category and 断卡 flag."""
    qs = activities_of(unit, start, end).order_by("held_on", "pk")  # type: ignore[attr-defined]
    return [
        ActivityRow(
            r["pk"], r["unit_id"], r["held_on"], r["category"], r["covers_card"], r["headcount"]
        )
        for r in qs.values("pk", "unit_id", "held_on", "category", "covers_card", "headcount")
    ]


def card_in_six_into(unit: Unit, start: date, end: date) -> bool:
    """Whether the unit put 断卡 publicity into its 六进 activities in the period (the
    assessment's 2-point item)."""
    return activities_of(unit, start, end).filter(covers_card=True).exists()  # type: ignore


def place_coverage(unit: Unit, start: date, end: date) -> tuple[int, int]:
    """(places in the unit's area reached by any activity in the period, places in the area)."""
    from fanzha.places.models import Place

    places = Place.objects.filter(place_q(unit))
    reached = (
        places.filter(
            publicity_activities__held_on__gte=start, publicity_activities__held_on__lte=end
        )
        .distinct()
        .count()
    )
    return reached, places.count()


# -- banners -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BannerCoverage:
    venues: int
    hung: int

    @property
    def rate(self) -> Decimal | None:
        return _ratio(self.hung, self.venues)


def banner_coverage(unit: Unit, year: int) -> BannerCoverage:
    """Venues in a unit's area and how many have hung their banners (or slogans) for a year."""
    from fanzha.outreach.banners import venue_q
    from fanzha.places.models import Place

    venues = Place.objects.filter(place_q(unit)).filter(venue_q())
    hung = BannerHanging.objects.filter(year=year, place__in=venues.values("pk")).count()
    return BannerCoverage(venues.count(), hung)
