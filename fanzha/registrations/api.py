"""Warning registrations over the API: read-only, scoped, with registered/protected counts."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Sum
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from fanzha.core.api_utils import Page, paginate, scoped
from fanzha.registrations.models import Registration

router = Router(tags=["registrations"])


class RegistrationOut(Schema):
    id: int
    registrant_id: int
    phone_mask: str
    family_count: int
    protected_count: int
    grid_id: int
    community_id: int
    officer_id: int | None
    station_id: int | None
    source: str
    registered_at: datetime


class Totals(Schema):
    registrations: int
    protected: int


@router.get("", response=Page[RegistrationOut])
def list_registrations(request, grid: int | None = None, page: int = 1, per_page: int = 50):
    qs = scoped(request, Registration).order_by("-registered_at", "-pk")
    if grid is not None:
        qs = qs.filter(grid_id=grid)
    return paginate(qs, page, per_page)


@router.get("/totals", response=Totals, summary="Registered and protected counts")
def totals(request):
    qs = scoped(request, Registration)
    count = qs.count()
    family = qs.aggregate(n=Sum("family_count"))["n"] or 0
    return {"registrations": count, "protected": count + family}


@router.get("/{registration_id}", response=RegistrationOut)
def get_registration(request, registration_id: int):
    return get_object_or_404(scoped(request, Registration), pk=registration_id)
