"""Which sector unit is responsible for a place, by its kind (DOMAIN.md §1).

The mapping is a setting (``FANZHA_SECTOR_BY_PLACE_KIND``, ``kind:sector`` pairs); a place kind
not in it is the territory's 办事处's alone.
"""

from __future__ import annotations

from django.conf import settings

from fanzha.org.choices import SectorKind, UnitKind
from fanzha.org.models import Unit

DEFAULT_SECTOR_BY_PLACE_KIND = {
    "enterprise": SectorKind.TAX,
    "site": SectorKind.ENFORCEMENT,
    "eatery": SectorKind.MARKET,
    "food_shop": SectorKind.MARKET,
    "workshop": SectorKind.MARKET,
    "restaurant": SectorKind.MARKET,
    "school": SectorKind.EDUCATION,
    "kindergarten": SectorKind.EDUCATION,
    "training": SectorKind.EDUCATION,
}


def sector_by_place_kind() -> dict[str, str]:
    pairs = getattr(settings, "FANZHA_SECTOR_BY_PLACE_KIND", None)
    if not pairs:
        return dict(DEFAULT_SECTOR_BY_PLACE_KIND)
    return dict(pair.split(":", 1) for pair in pairs)


def sector_unit_for(kind: str) -> Unit | None:
    sector = sector_by_place_kind().get(kind)
    if not sector:
        return None
    return Unit.objects.filter(kind=UnitKind.SECTOR, sector=sector).order_by("pk").first()
