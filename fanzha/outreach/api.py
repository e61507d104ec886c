"""API of the outreach app, mounted at ``/api/v1/outreach``: 六进 activities, pledge coverage of
a unit, and a venue's banner texts. Staff sessions only (no API key reads these)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from fanzha.core.api_auth import staff_user
from fanzha.core.api_utils import MAX_OFFSET
from fanzha.org.models import Unit
from fanzha.outreach import banners, coverage
from fanzha.outreach.choices import SixInto
from fanzha.outreach.models import Activity

router = Router(tags=["outreach"])


class ActivityOut(Schema):
    id: int
    title: str
    category: str
    forms: list[str]
    held_on: date
    unit_id: int
    unit: str
    place_id: int | None
    grid_id: int | None
    headcount: int
    materials: int
    covers_card: bool


class ActivityQuery(Schema):
    unit: int | None = None
    category: SixInto | None = None
    start: date | None = None
    end: date | None = None
    limit: int = 100
    offset: int = 0


@router.get("/activities", response=list[ActivityOut], summary="六进 publicity activities")
def activities(request: HttpRequest, q: Query[ActivityQuery]) -> list[dict[str, Any]]:
    """Activities the user may see, newest first; ``limit`` is capped at the page maximum."""
    user = staff_user(request)
    qs = Activity.objects.restrict(user, "view").select_related("unit")
    if q.unit:
        qs = qs.filter(unit_id=q.unit)
    if q.category:
        qs = qs.filter(category=q.category)
    if q.start:
        qs = qs.filter(held_on__gte=q.start)
    if q.end:
        qs = qs.filter(held_on__lte=q.end)
    limit = max(1, min(q.limit, settings.FANZHA_MAX_PAGE_SIZE))
    offset = min(max(0, q.offset), MAX_OFFSET)
    return [
        {
            "id": a.pk,
            "title": a.title,
            "category": a.category,
            "forms": a.form_list,
            "held_on": a.held_on,
            "unit_id": a.unit_id,
            "unit": a.unit.name,
            "place_id": a.place_id,
            "grid_id": a.grid_id,
            "headcount": a.headcount,
            "materials": a.materials,
            "covers_card": a.covers_card,
        }
        for a in qs.order_by("-held_on", "-pk")[offset : offset + limit]
    ]


class CoverageOut(Schema):
    unit_id: int
    unit: str
    households: int
    signed: int
    electronic: int
    rate: Decimal | None


@router.get("/units/{unit_id}/pledges", response=CoverageOut, summary="Pledge coverage")
def pledge_coverage(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    """Households in a unit's territory and how many signed; 404 outside the user's units."""
    user = staff_user(request)
    unit = get_object_or_404(Unit.objects.restrict(user, "view"), pk=unit_id)
    c = coverage.pledge_coverage(unit)
    return {
        "unit_id": unit.pk,
        "unit": unit.name,
        "households": c.households,
        "signed": c.signed,
        "electronic": c.electronic,
        "rate": c.rate,
    }


class BannersOut(Schema):
    place_id: int
    venue: str
    year: int
    cases: int
    loss: Decimal
    banners: list[str]
    slogans: list[str]


@router.get("/venues/{place_id}/banners", response=BannersOut, summary="Venue banner texts")
def venue_banners(request: HttpRequest, place_id: int, year: int | None = None) -> dict[str, Any]:
    """A venue's banner texts with its own case count and loss for the year."""
    from fanzha.outreach.views import today

    user = staff_user(request)
    place = get_object_or_404(banners.venues_for(user), pk=place_id)
    shown = banners.for_venue(place, year or today().year)
    return {
        "place_id": place.pk,
        "venue": place.name,
        "year": shown.year,
        "cases": shown.figures.cases,
        "loss": shown.figures.loss,
        "banners": shown.banners,
        "slogans": shown.slogans,
    }
