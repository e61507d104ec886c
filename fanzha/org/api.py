"""Units and grids over the API: read-only and scoped."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from fanzha.core.api_utils import Page, paginate, scoped
from fanzha.org.models import Grid, Unit

router = Router(tags=["organisation"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    sector: str
    parent_id: int | None
    is_leading_office: bool


class GridOut(Schema):
    id: int
    code: str
    name: str
    community_id: int
    office_id: int
    station_id: int | None


@router.get("/units", response=Page[UnitOut])
def list_units(request, page: int = 1, per_page: int = 50):
    return paginate(scoped(request, Unit).order_by("pk"), page, per_page)


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request, unit_id: int):
    return get_object_or_404(scoped(request, Unit), pk=unit_id)


@router.get("/grids", response=Page[GridOut])
def list_grids(request, page: int = 1, per_page: int = 50):
    return paginate(scoped(request, Grid).order_by("pk"), page, per_page)


@router.get("/grids/{grid_id}", response=GridOut)
def get_grid(request, grid_id: int):
    return get_object_or_404(scoped(request, Grid), pk=grid_id)
