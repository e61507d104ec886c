"""Alerts API, mounted at ``/api/v1/alerts``.

- ``POST /api/v1/alerts``: one alert; 201 when created, 200 with the existing alert when the
  same ``(source, source_ref)`` was sent before, 422 with the reasons when invalid.
- ``POST /api/v1/alerts/batch``: ``{"items": [...]}`` (at most FANZHA_ALERT_BATCH_MAX_ITEMS),
  one result per item; bad items are rejected with index, field and reason, good ones stored.
- ``GET /api/v1/alerts`` and ``GET /api/v1/alerts/{id}``: staff only, scoped.

Upstream systems use API keys with the ``alerts:ingest`` scope (a key bound to a source can only
submit that source); keys cannot read. A body over FANZHA_ALERT_MAX_BODY_BYTES gets 413 before
it is read."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from fanzha.accounts.capabilities import can_edit
from fanzha.alerts.choices import ContactKind, FraudType, Level, Source
from fanzha.alerts.intake import CREATED, DUPLICATE, REJECTED, ingest, summarize
from fanzha.alerts.models import Alert, Task
from fanzha.core.api_auth import require_scope, staff_user
from fanzha.core.api_utils import window

router = Router(tags=["alerts"])


class AlertIn(Schema):
    """One warning lead (documentation of the body; validation is ``fanzha.alerts.intake``)."""

    source: Source | None = Field(None, description="Defaults to the API key's source")
    source_ref: str = Field(..., max_length=100)
    level: Level
    target_phone: str
    contact: str = ""
    contact_kind: ContactKind | None = None
    fraud_type: FraudType = FraudType.UNKNOWN
    contacted_at: datetime | None = None
    received_at: datetime | None = None


class BatchIn(Schema):
    items: list[AlertIn]


def _error(status: int, error: str, detail: Any) -> JsonResponse:
    return JsonResponse(
        {"error": error, "detail": detail}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _read_json(request: HttpRequest) -> Any:
    """The body as JSON, refusing oversized bodies by their declared length before reading."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.FANZHA_ALERT_MAX_BODY_BYTES:
        raise HttpError(413, f"请求体超过 {settings.FANZHA_ALERT_MAX_BODY_BYTES} 字节上限")
    body = request.read(settings.FANZHA_ALERT_MAX_BODY_BYTES + 1)
    if len(body) > settings.FANZHA_ALERT_MAX_BODY_BYTES:
        raise HttpError(413, f"请求体超过 {settings.FANZHA_ALERT_MAX_BODY_BYTES} 字节上限")
    try:
        return json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        return _Invalid()


class _Invalid:
    pass


def _authorise_ingest(request: HttpRequest) -> tuple[Any, str | None]:
    """The API key (scope alerts:ingest) or an editing staff member, and the default source."""
    api_key = require_scope(request, "alerts:ingest")
    if api_key is None:
        if not can_edit(request.user):
            raise HttpError(403, "只读角色不能录入预警")
        return None, Source.MANUAL
    return api_key, None


@router.post(
    "",
    summary="Submit one alert",
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": AlertIn.model_json_schema()}},
            "required": True,
        }
    },
)
def submit(request: HttpRequest) -> JsonResponse:
    api_key, default_source = _authorise_ingest(request)
    data = _read_json(request)
    if isinstance(data, _Invalid):
        return _error(
            422, "validation_error", [{"index": 0, "field": "", "reason": "请求体不是有效的 JSON"}]
        )
    result = ingest([data], source=default_source, api_key=api_key)[0]
    if result.status == REJECTED:
        return _error(422, "validation_error", [e.as_dict() for e in result.errors])
    task_id = (
        Task.objects.filter(alert_id=result.alert_id or 0).values_list("pk", flat=True).first()
    )
    return JsonResponse(
        {"id": result.alert_id, "task_id": task_id, "status": result.status},
        status=201 if result.status == CREATED else 200,
    )


@router.post(
    "/batch",
    summary="Submit up to 5,000 alerts",
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": BatchIn.model_json_schema()}},
            "required": True,
        }
    },
)
def submit_batch(request: HttpRequest) -> JsonResponse:
    api_key, default_source = _authorise_ingest(request)
    data = _read_json(request)
    if (
        isinstance(data, _Invalid)
        or not isinstance(data, dict)
        or not isinstance(data.get("items"), list)
    ):
        return _error(
            422,
            "validation_error",
            [{"index": None, "field": "items", "reason": '需要 {"items": [...]}'}],
        )
    items = data["items"]
    limit = settings.FANZHA_ALERT_BATCH_MAX_ITEMS
    if len(items) > limit:
        raise HttpError(413, f"一次最多 {limit} 条预警，本次 {len(items)} 条")
    results = ingest(items, source=default_source, api_key=api_key)
    counts = summarize(results)
    return JsonResponse(
        {
            "created": counts[CREATED],
            "duplicates": counts[DUPLICATE],
            "rejected": counts[REJECTED],
            "results": [r.as_dict() for r in results],
        },
        json_dumps_params={"ensure_ascii": False},
    )


class TaskOut(Schema):
    id: int
    status: str
    tier: int
    level: str
    matched_via: str
    grid_id: int | None
    station_id: int | None
    assignee_id: int | None
    due_at: datetime
    first_contact_at: datetime | None
    closed_at: datetime | None
    outcome: str


class AlertOut(Schema):
    id: int
    source: str
    source_ref: str
    level: str
    target_phone_mask: str
    contact_kind: str
    contact: str
    fraud_type: str
    contacted_at: datetime | None
    received_at: datetime
    created_at: datetime
    task: TaskOut | None = None


class AlertFilter(Schema):
    source: Source | None = None
    level: Level | None = None
    fraud_type: FraudType | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


def _out(alert: Alert) -> dict[str, Any]:
    task = getattr(alert, "task", None)
    data = AlertOut.from_orm(alert).dict()
    data["task"] = TaskOut.from_orm(task).dict() if task is not None else None
    return data


@router.get("", response=list[AlertOut], summary="Alerts in my area")
def list_alerts(request: HttpRequest, filters: Query[AlertFilter]) -> list[dict[str, Any]]:
    user = staff_user(request)
    qs = Alert.objects.restrict(user, "view").select_related("task")
    for name in ("source", "level", "fraud_type"):
        value = getattr(filters, name)
        if value:
            qs = qs.filter(**{name: value})
    return [_out(a) for a in qs.order_by("-pk")[window(filters.offset, filters.limit)]]


@router.get("/{alert_id}", response=AlertOut, summary="One alert")
def get_alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    user = staff_user(request)
    alert = get_object_or_404(
        Alert.objects.restrict(user, "view").select_related("task"), pk=alert_id
    )
    return _out(alert)
