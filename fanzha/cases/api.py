"""Cases API, mounted at ``/api/v1/cases`` (staff only, scoped; identifiers masked).

- ``GET /api/v1/cases``: cases in my area, filtered by year, fraud type, unit, status.
- ``GET /api/v1/cases/counts?year=&until=``: counted cases per unit (year on year input).
- ``GET /api/v1/cases/{id}``: one case with the units it counts for and why.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from fanzha.cases.attribution import case_counts_by_unit, explain, year_window
from fanzha.cases.choices import CaseStatus, FraudType
from fanzha.cases.models import Case
from fanzha.core.api_auth import staff_user
from fanzha.core.api_utils import window

router = Router(tags=["cases"])


class AttributionOut(Schema):
    unit_id: int
    unit_name: str
    rule: str
    rule_label: str


class CaseOut(Schema):
    id: int
    reported_at: datetime
    occurred_at: datetime
    victim: str = Field(..., description="Masked name")
    victim_id: str = Field(..., description="Masked ID number")
    grid_id: int
    employer_id: int | None
    fraud_type: str
    channel: str
    loss: Decimal
    recovered: Decimal
    internal_staff: bool
    status: str
    units: list[AttributionOut]


class CaseFilter(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    fraud_type: FraudType | None = None
    status: CaseStatus | None = None
    unit: int | None = None
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


class CountsFilter(Schema):
    year: int = Field(..., ge=2000, le=2100)
    until: date | None = None


class CaseCountsOut(Schema):
    year: int
    start: date
    end: date
    counts: dict[int, int]


def _out(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "reported_at": case.reported_at,
        "occurred_at": case.occurred_at,
        "victim": case.masked_victim,
        "victim_id": case.victim_id_mask,
        "grid_id": case.grid_id,
        "employer_id": case.employer_id,
        "fraud_type": case.fraud_type,
        "channel": case.channel,
        "loss": case.loss,
        "recovered": case.recovered,
        "internal_staff": case.internal_staff,
        "status": case.status,
        "units": [a.__dict__ for a in explain(case)],
    }


@router.get("", response=list[CaseOut], summary="Cases in my area")
def list_cases(request: HttpRequest, filters: Query[CaseFilter]) -> list[dict[str, Any]]:
    user = staff_user(request)
    qs = Case.objects.restrict(user, "view")
    if filters.year:
        start, end = year_window(filters.year)
        qs = qs.filter(reported_at__date__gte=start, reported_at__date__lte=end)
    if filters.fraud_type:
        qs = qs.filter(fraud_type=filters.fraud_type)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.unit:
        qs = qs.filter(attributions__unit_id=filters.unit)
    page = qs.order_by("-reported_at", "-pk")[window(filters.offset, filters.limit)]
    return [_out(c) for c in page]


@router.get("/counts", response=CaseCountsOut, summary="Counted cases per unit")
def counts(request: HttpRequest, filters: Query[CountsFilter]) -> dict[str, Any]:
    user = staff_user(request)
    start, end = year_window(filters.year, filters.until)
    data = case_counts_by_unit(filters.year, filters.until, Case.objects.restrict(user, "view"))
    return {"year": filters.year, "start": start, "end": end, "counts": data}


@router.get("/{case_id}", response=CaseOut, summary="One case")
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    user = staff_user(request)
    return _out(get_object_or_404(Case.objects.restrict(user, "view"), pk=case_id))
