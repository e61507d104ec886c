"""API of the indicators app, mounted at the API root: ``/api/v1/risk`` and
``/api/v1/indicators...``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as ApiValidationError

from fanzha.core.api_auth import require_scope, staff_user
from fanzha.core.api_utils import MAX_OFFSET
from fanzha.indicators import counts
from fanzha.indicators.choices import IndicatorKind, IndicatorStatus, SightingSource
from fanzha.indicators.lookup import risk as risk_lookup
from fanzha.indicators.models import Indicator
from fanzha.indicators.permissions import can_handle
from fanzha.indicators.sightings import record_sighting
from fanzha.indicators.transitions import move

router = Router(tags=["indicators"])


def _invalid(location: list[str], exc: ValidationError) -> ApiValidationError:
    return ApiValidationError(
        [{"loc": location, "msg": m, "type": "value_error"} for m in exc.messages]
    )


class RiskOut(Schema):
    kind: str
    value: str
    level: str
    level_label: str
    sightings: int
    last_seen: datetime | None


class RiskQuery(Schema):
    kind: IndicatorKind
    value: str


@router.get("/risk", response=RiskOut, summary="Risk lookup (风险查询)")
def risk(request: HttpRequest, q: Query[RiskQuery]) -> dict[str, Any]:
    """Normalise ``value`` for ``kind`` and answer its risk level (banned, verified, reported,
    unknown), sightings count and last seen. API keys need the ``risk:read`` scope."""
    require_scope(request, "risk:read")
    try:
        answer = risk_lookup(q.kind, q.value)
    except ValidationError as exc:
        raise _invalid(["query", "value"], exc) from None
    return {
        "kind": answer.kind,
        "value": answer.value,
        "level": answer.level,
        "level_label": answer.level_label,
        "sightings": answer.sightings,
        "last_seen": answer.last_seen,
    }


class IndicatorOut(Schema):
    id: int
    kind: str
    value: str
    status: str
    ban_term: str
    banned_at: datetime | None
    banned_until: date | None
    sightings_count: int
    first_seen_at: datetime | None
    last_seen_at: datetime | None
    reason: str


class IndicatorFilter(Schema):
    kind: IndicatorKind | None = None
    status: IndicatorStatus | None = None
    limit: int = 50
    offset: int = 0


class IndicatorPage(Schema):
    count: int
    results: list[IndicatorOut]


@router.get("/indicators", response=IndicatorPage, summary="Fraud indicators in your area")
def list_indicators(request: HttpRequest, f: Query[IndicatorFilter]) -> dict[str, Any]:
    user = staff_user(request)
    qs = Indicator.objects.restrict(user, "view")
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    limit = max(1, min(f.limit, 500))
    offset = min(max(0, f.offset), MAX_OFFSET)
    return {"count": qs.count(), "results": list(qs[offset : offset + limit])}


class BanCountsOut(Schema):
    wechat_permanent: int
    wechat_short_term: int
    wechat_groups: int
    qq: int


class PeriodQuery(Schema):
    start: date | None = None
    end: date | None = None


@router.get("/indicators/counts", response=BanCountsOut, summary="Ban counts (article's terms)")
def ban_counts(request: HttpRequest, p: Query[PeriodQuery]) -> Any:
    user = staff_user(request)
    return counts.ban_counts(Indicator.objects.restrict(user, "view"), p.start, p.end)


@router.get("/indicators/{int:indicator_id}", response=IndicatorOut, summary="One indicator")
def get_indicator(request: HttpRequest, indicator_id: int) -> Indicator:
    user = staff_user(request)
    return get_object_or_404(Indicator.objects.restrict(user, "view"), pk=indicator_id)


class SightingIn(Schema):
    # Lengths as the columns hold them: a longer value is refused (422), never cut short.
    kind: IndicatorKind
    value: str = Field(max_length=300)
    source: SightingSource
    ref: str = Field("", max_length=100)
    note: str = Field("", max_length=300)
    seen_at: datetime | None = None


@router.post(
    "/indicators/sightings",
    response={201: IndicatorOut},
    summary="Record a sighting (creates the indicator when new)",
)
def post_sighting(request: HttpRequest, payload: SightingIn) -> Status[Indicator]:
    """Staff, or API keys with the ``indicators:report`` scope."""
    require_scope(request, "indicators:report")
    user = None if getattr(request, "api_key", None) is not None else request.user
    try:
        indicator = record_sighting(
            payload.kind,
            payload.value,
            payload.source,
            payload.ref,
            user=user,
            note=payload.note,
            seen_at=payload.seen_at,
        )
    except ValidationError as exc:
        raise _invalid(["body", "payload", "value"], exc) from None
    return Status(201, indicator)


class TransitionIn(Schema):
    target: IndicatorStatus
    reason: str = Field("", max_length=300)
    ban_term: str = Field("", max_length=20)
    banned_until: date | None = None
    platform: str = Field("", max_length=50)
    platform_ref: str = Field("", max_length=100)


@router.post(
    "/indicators/{int:indicator_id}/transition",
    response=IndicatorOut,
    summary="Change an indicator's status",
)
def post_transition(request: HttpRequest, indicator_id: int, payload: TransitionIn) -> Indicator:
    user = staff_user(request)
    if not can_handle(user):
        raise HttpError(403, "只有公安民警和区反诈办管理员可以处理封禁")
    indicator = get_object_or_404(Indicator.objects.restrict(user, "change"), pk=indicator_id)
    try:
        return move(
            indicator,
            payload.target,
            user=user,
            reason=payload.reason,
            ban_term=payload.ban_term,
            banned_until=payload.banned_until,
            platform=payload.platform,
            platform_ref=payload.platform_ref,
        )
    except ValidationError as exc:
        raise _invalid(["body", "payload"], exc) from None
