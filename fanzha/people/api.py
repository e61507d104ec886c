"""Residents and households over the API: read-only, scoped, identifiers masked."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from fanzha.core.api_utils import Page, paginate, scoped
from fanzha.people.models import Household, Resident
from fanzha.people.search import search_q

router = Router(tags=["residents"])


class ResidentOut(Schema):
    id: int
    name: str
    id_mask: str
    phone_mask: str
    birth_date: date
    gender: str
    household_id: int | None
    grid_id: int
    employer_id: int | None
    tags: list[str]

    @staticmethod
    def resolve_tags(obj: Resident) -> list[str]:
        return obj.tag_list


class HouseholdOut(Schema):
    id: int
    code: str
    address: str
    grid_id: int


@router.get("/residents", response=Page[ResidentOut], summary="Search residents")
def list_residents(
    request, q: str = "", grid: int | None = None, page: int = 1, per_page: int = 50
):
    """``q`` is a name prefix, or an exact phone or ID number (matched by blind index)."""
    qs = scoped(request, Resident).filter(search_q(q)).order_by("pk")
    if grid is not None:
        qs = qs.filter(grid_id=grid)
    return paginate(qs, page, per_page)


@router.get("/residents/{resident_id}", response=ResidentOut)
def get_resident(request, resident_id: int):
    return get_object_or_404(scoped(request, Resident), pk=resident_id)


@router.get("/households", response=Page[HouseholdOut])
def list_households(request, grid: int | None = None, page: int = 1, per_page: int = 50):
    qs = scoped(request, Household).order_by("pk")
    if grid is not None:
        qs = qs.filter(grid_id=grid)
    return paginate(qs, page, per_page)


@router.get("/households/{household_id}", response=HouseholdOut)
def get_household(request, household_id: int):
    return get_object_or_404(scoped(request, Household), pk=household_id)
