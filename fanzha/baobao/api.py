"""API of the 三包 app, mounted at ``/api/v1/baobao``: the assignments a user may see, and the
run (administrator)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from fanzha.accounts.capabilities import is_admin
from fanzha.baobao.assign import run_assignment
from fanzha.baobao.models import Assignment
from fanzha.core.api_auth import staff_user

router = Router(tags=["baobao"])


class AssignmentOut(Schema):
    id: int
    area_id: int
    area: str
    kind: str
    unit_id: int
    risk: Decimal
    cases: int
    loss: Decimal
    vulnerable: int
    staff_id: int | None
    staff: str | None
    staff_mode: str
    officer_id: int | None
    officer: str | None
    officer_mode: str


@router.get("/assignments", response=list[AssignmentOut], summary="三包 assignments")
def assignments(
    request: HttpRequest, unit: int | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    user = staff_user(request)
    qs = Assignment.objects.restrict(user, "view").select_related("area", "staff", "officer")
    if unit:
        qs = qs.filter(unit_id=unit)
    limit = max(1, min(limit, settings.FANZHA_MAX_PAGE_SIZE))
    return [
        {
            "id": a.pk,
            "area_id": a.area_id,
            "area": a.area.name,
            "kind": a.area.kind,
            "unit_id": a.unit_id,
            "risk": a.risk,
            "cases": a.cases,
            "loss": a.loss,
            "vulnerable": a.vulnerable,
            "staff_id": a.staff_id,
            "staff": str(a.staff) if a.staff else None,
            "staff_mode": a.staff_mode,
            "officer_id": a.officer_id,
            "officer": str(a.officer) if a.officer else None,
            "officer_mode": a.officer_mode,
        }
        for a in qs.order_by("-risk", "pk")[max(0, offset) : max(0, offset) + limit]
    ]


class RunOut(Schema):
    id: int
    status: str
    areas: int
    staff_assigned: int
    officer_assigned: int
    locked: int
    seconds: float


@router.post("/run", response=RunOut, summary="Run the 三包 assignment")
def run(request: HttpRequest) -> dict[str, Any]:
    user = staff_user(request)
    if not is_admin(user):
        raise HttpError(403, "只有区反诈办管理员可以运行三包分配")
    result = run_assignment(user)
    return {
        "id": result.pk,
        "status": result.status,
        "areas": result.areas,
        "staff_assigned": result.staff_assigned,
        "officer_assigned": result.officer_assigned,
        "locked": result.locked,
        "seconds": result.seconds,
    }
