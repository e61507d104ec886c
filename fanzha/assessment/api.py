"""Assessment API: periods, the scores a user may see, and stateless scoring (the CLI's
``fanzha assess score`` over HTTP)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Body, Router, Schema
from ninja.errors import ValidationError

from fanzha.assessment.jsonio import score_document
from fanzha.assessment.models import Period, UnitAssessment
from fanzha.assessment.scoring import ScoringError
from fanzha.core.api_auth import require_scope, staff_user

router = Router(tags=["assessment"])


class PeriodOut(Schema):
    id: int
    label: str
    year: int
    quarter: int | None
    status: str
    computed_at: Any = None


class ScoreOut(Schema):
    unit_code: str
    unit_name: str
    category: str
    system_building: str
    cases_yoy: str
    card_action: str
    total: str
    rank: int
    light: str
    pending: list[str]
    breakdown: list[dict[str, Any]]


@router.get("/periods", response=list[PeriodOut])
def list_periods(request: HttpRequest) -> list[PeriodOut]:
    user = staff_user(request)
    return [
        PeriodOut(
            id=p.pk,
            label=p.label,
            year=p.year,
            quarter=p.quarter,
            status=p.status,
            computed_at=p.computed_at,
        )
        for p in Period.objects.restrict(user, "view")
    ]


@router.get("/periods/{period_id}/scores", response=list[ScoreOut])
def period_scores(request: HttpRequest, period_id: int) -> list[ScoreOut]:
    user = staff_user(request)
    period = get_object_or_404(Period.objects.restrict(user, "view"), pk=period_id)
    rows = (
        UnitAssessment.objects.restrict(user, "view")
        .filter(period=period)
        .select_related("unit")
        .order_by("category", "rank", "unit__code")
    )
    return [
        ScoreOut(
            unit_code=r.unit.code,
            unit_name=r.unit.name,
            category=r.category,
            system_building=str(r.system_building),
            cases_yoy=str(r.cases_yoy),
            card_action=str(r.card_action),
            total=str(r.total),
            rank=r.rank,
            light=r.light,
            pending=list(r.pending),
            breakdown=list(r.breakdown),
        )
        for r in rows
    ]


@router.post("/score")
def score(request: HttpRequest, payload: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
    """Apply the default scheme to the JSON of ``fanzha assess score``; nothing is stored.
    Staff sessions, or an API key with the ``assessment:score`` scope."""
    require_scope(request, "assessment:score")
    try:
        return score_document(payload)
    except ScoringError as exc:
        # The same shape as every other validation error of the API.
        raise ValidationError([{"loc": ["body"], "msg": str(exc), "type": "value_error"}]) from None
