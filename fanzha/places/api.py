"""Places over the API: read-only and scoped."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from fanzha.core.api_utils import Page, paginate, scoped
from fanzha.places.models import Place

router = Router(tags=["places"])


class PlaceOut(Schema):
    id: int
    name: str
    kind: str
    uscc: str | None
    address: str
    grid_id: int
    territory_unit_id: int
    sector_unit_id: int | None
    contact_name: str
    contact_phone_mask: str


@router.get("", response=Page[PlaceOut])
def list_places(
    request, kind: str = "", grid: int | None = None, page: int = 1, per_page: int = 50
):
    qs = scoped(request, Place).order_by("pk")
    if kind:
        qs = qs.filter(kind=kind)
    if grid is not None:
        qs = qs.filter(grid_id=grid)
    return paginate(qs, page, per_page)


@router.get("/{place_id}", response=PlaceOut)
def get_place(request, place_id: int):
    return get_object_or_404(scoped(request, Place), pk=place_id)
