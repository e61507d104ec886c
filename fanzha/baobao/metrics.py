"""三包 coverage the assessment reads: how many of a unit's areas have both people."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q

from fanzha.org.models import Unit


@dataclass(frozen=True)
class BaobaoCoverage:
    areas: int
    with_staff: int
    with_officer: int
    complete: int

    @property
    def rate(self) -> Decimal | None:
        """Areas with both a staff member and an officer ÷ areas (0–1), ``None`` if none."""
        if not self.areas:
            return None
        return (Decimal(self.complete) / Decimal(self.areas)).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )


def coverage(unit: Unit) -> BaobaoCoverage:
    """Villages, compounds and enterprises in a unit's area (territory, or sector for a sector
    unit) and how many have their staff member and officer."""
    from fanzha.baobao.models import Assignment
    from fanzha.outreach.coverage import place_q
    from fanzha.places.models import Place

    places = Place.objects.filter(place_q(unit), kind__in=settings.FANZHA_BAOBAO_AREA_KINDS)
    areas = places.count()
    counts = Assignment.objects.filter(area__in=places.values("pk")).aggregate(
        s=Count("pk", filter=Q(staff__isnull=False)),
        o=Count("pk", filter=Q(officer__isnull=False)),
        c=Count("pk", filter=Q(staff__isnull=False, officer__isnull=False)),
    )
    return BaobaoCoverage(areas, counts["s"], counts["o"], counts["c"])
