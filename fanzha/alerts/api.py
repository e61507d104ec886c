"""Alerts API, mounted at ``/api/v1/alerts``.

- ``POST /api/v1/alerts``: one alert; 201 when created, 200 with the existing alert when the
  same ``(source, source_ref)`` was sent before, 422 with the reasons when invalid.
- ``POST /api/v1/alerts/batch``: ``{"items": [...]}`` (at most FANZHA_ALERT_BATCH_MAX_ITEMS),
  one result per item; bad items are rejected with index, field and reason, good ones stored.
- ``GET /api/v1/alerts`` and ``GET /api/v1/alerts/{id}``: staff only, scoped.
- ``/api/v1/alerts/tasks...``: handling the dissuasion tasks (list, one, accept, attempts,
  close, assign, and bulk-assign / bulk-close of up to BULK_MAX_TASKS tasks with a result per
  task), staff only, scoped, with optimistic locking (see the section below).

Upstream systems use API keys with the ``alerts:ingest`` scope (a key bound to a source can only
submit that source); keys cannot read. A body over FANZHA_ALERT_MAX_BODY_BYTES gets 413 before
it is read."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.db.models import F, QuerySet
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator, model_validator

from fanzha.accounts.capabilities import can_edit
from fanzha.alerts import handling
from fanzha.alerts.choices import (
    Channel,
    Checklist,
    ContactKind,
    FraudType,
    Level,
    Outcome,
    Source,
    TaskStatus,
    Tier,
    UnreachedReason,
)
from fanzha.alerts.filtersets import AlertFilterSet, TaskFilterSet, whole_mobile
from fanzha.alerts.intake import CREATED, DUPLICATE, REJECTED, ingest, summarize
from fanzha.alerts.models import Alert, Attempt, Task, TaskEvent
from fanzha.core.api_auth import require_scope, staff_user
from fanzha.core.api_utils import Page, paginate, window

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


_TASK_ID = f"SELECT id FROM {Task._meta.db_table} WHERE alert_id = %s"  # noqa: S608 - a table


def _task_id(alert_id: int | None) -> int | None:
    """The id of the alert's task (one per alert), in a fixed statement: building the same
    query with the ORM cost 0.45 ms of CPU per request, this 0.05 ms (bench/alert_post.py)."""
    if alert_id is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_TASK_ID, [alert_id])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


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
    return JsonResponse(
        {"id": result.alert_id, "task_id": _task_id(result.alert_id), "status": result.status},
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


def _whole_mobile(value: str | None) -> str | None:
    """``filtersets.whole_mobile`` for a query parameter (a 422 with its reason)."""
    if value is None:
        return None
    try:
        return whole_mobile(value)
    except DjangoValidationError as exc:
        raise ValueError(exc.messages[0]) from None


class AlertFilter(Schema):
    source: Source | None = None
    level: Level | None = None
    fraud_type: FraudType | None = None
    phone: str | None = Field(None, description="The target's whole mobile number")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)

    _phone_is_whole = field_validator("phone")(_whole_mobile)


def _out(alert: Alert) -> dict[str, Any]:
    task = getattr(alert, "task", None)
    data = AlertOut.from_orm(alert).dict()
    data["task"] = TaskOut.from_orm(task).dict() if task is not None else None
    return data


@router.get("", response=list[AlertOut], summary="Alerts in my area")
def list_alerts(request: HttpRequest, filters: Query[AlertFilter]) -> list[dict[str, Any]]:
    user = staff_user(request)
    qs = Alert.objects.restrict(user, "view").select_related("task")
    data = filters.dict(exclude={"limit", "offset"}, exclude_none=True)
    qs = AlertFilterSet(data, queryset=qs).qs
    return [_out(a) for a in qs.order_by("-pk")[window(filters.offset, filters.limit)]]


@router.get("/{int:alert_id}", response=AlertOut, summary="One alert")
def get_alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    user = staff_user(request)
    alert = get_object_or_404(
        Alert.objects.restrict(user, "view").select_related("task"), pk=alert_id
    )
    return _out(alert)


# -- Handling: the same typed functions as the task page (fanzha.alerts.handling) ------------
#
# ``/api/v1/alerts/tasks``: list (scoped, filtered, paginated), one task, sign for it, record
# an attempt, close, assign. Every change carries the ``version`` the caller saw: 409 with the
# current version when someone changed the task meanwhile, 422 with the reasons for bad input,
# 403 outside the caller's area or for a read-only role. Staff sessions only: an API key has
# no person behind it to answer for the task, so keys get 403.


class ProblemOut(Schema):
    error: str
    detail: Any


class ConflictOut(Schema):
    error: str
    detail: str
    version: int


class AttemptOut(Schema):
    id: int
    channel: Channel
    at: datetime
    outcome: Outcome
    unreached_reason: str
    denies: bool
    amount_lost: Decimal
    amount_saved: Decimal
    note: str
    checklist: list[str]
    by_id: int | None


class EventOut(Schema):
    kind: str
    at: datetime
    user_id: int | None
    detail: str


class TaskAlertOut(Schema):
    id: int
    source: str
    source_ref: str
    target_phone_mask: str
    contact_kind: str
    contact: str
    fraud_type: str
    contacted_at: datetime | None
    received_at: datetime
    created_at: datetime


class HandlingTaskOut(Schema):
    id: int
    version: int
    status: TaskStatus
    tier: Tier
    level: Level
    matched_via: str
    overdue: bool
    grid_id: int | None
    community_id: int | None
    office_id: int | None
    station_id: int | None
    officer_id: int | None
    assignee_id: int | None
    resident_id: int | None
    due_at: datetime
    accepted_at: datetime | None
    first_contact_at: datetime | None
    escalated_at: datetime | None
    next_revisit_at: datetime | None
    revisit_count: int
    closed_at: datetime | None
    outcome: str
    amount_lost: Decimal
    amount_saved: Decimal
    alert: TaskAlertOut

    @staticmethod
    def resolve_overdue(obj: Task) -> bool:
        return obj.is_overdue


class HandlingTaskDetailOut(HandlingTaskOut):
    attempts: list[AttemptOut]
    events: list[EventOut]

    @staticmethod
    def resolve_attempts(obj: Task) -> list[Attempt]:
        return list(obj.attempts.all())

    @staticmethod
    def resolve_events(obj: Task) -> list[TaskEvent]:
        return list(obj.events.all())


class TaskFilter(Schema):
    status: TaskStatus | None = None
    level: Level | None = None
    tier: Tier | None = None
    fraud_type: FraudType | None = None
    open: bool | None = Field(None, description="Open tasks only")
    overdue: bool | None = Field(None, description="Overdue tasks only")
    phone: str | None = Field(None, description="The target's whole mobile number")
    mine: bool = Field(False, description="Tasks assigned to me")
    page: int = 1
    per_page: int = 50

    _phone_is_whole = field_validator("phone")(_whole_mobile)


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("不能含有空字符")
    return value


Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]


class VersionIn(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1, description="The task version you saw")


class AttemptIn(VersionIn):
    channel: Channel
    outcome: Outcome
    at: datetime | None = Field(None, description="When it happened (default: now)")
    unreached_reason: UnreachedReason | None = Field(
        None, description="Required with outcome 2 (not reached)"
    )
    denies: bool = False
    amount_lost: Money = Decimal("0")
    amount_saved: Money = Decimal("0")
    note: str = Field("", max_length=5000)
    checklist: list[Checklist] = Field(
        default_factory=list, max_length=len(Checklist), description="Visits only"
    )

    _note_has_no_nul = field_validator("note")(_no_nul)


class CloseIn(VersionIn):
    outcome: Outcome = Field(..., description="The final outcome (2, not reached, never closes)")


class AssignIn(VersionIn):
    assignee_id: int = Field(..., ge=1, le=2**63 - 1)


def _handling_tasks(user: Any) -> QuerySet[Task]:
    return Task.objects.restrict(user, "view").select_related("alert")


def _task_for(request: HttpRequest, task_id: int) -> tuple[Any, Task]:
    user = staff_user(request)
    task = _handling_tasks(user).filter(pk=task_id).first()
    if task is None:
        # The same answer for a task that does not exist and one outside the area.
        raise HttpError(404, "没有此任务，或不在您的辖区内")
    return user, task


def _refused(exc: Exception, task: Task) -> Status:
    """The structured answer for a refusal from ``handling``."""
    if isinstance(exc, handling.Conflict):
        current = Task.objects.filter(pk=task.pk).values_list("version", flat=True).first()
        return Status(409, {"error": "conflict", "detail": str(exc), "version": current or 0})
    if isinstance(exc, PermissionDenied):
        return Status(403, {"error": "forbidden", "detail": str(exc) or "无权处理此任务"})
    assert isinstance(exc, DjangoValidationError)
    return _invalid(exc)


def _invalid(exc: DjangoValidationError) -> Status:
    """422 with a ``{loc, msg}`` entry per message of ``exc`` (per field when it names one)."""
    if hasattr(exc, "error_dict"):
        detail = [
            {"loc": ["body", field], "msg": message, "type": "value_error"}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        detail = [{"loc": ["body"], "msg": m, "type": "value_error"} for m in exc.messages]
    return Status(422, {"error": "validation_error", "detail": detail})


REFUSALS = (handling.Conflict, PermissionDenied, DjangoValidationError)
CHANGE_RESPONSES: dict[int, Any] = {
    200: HandlingTaskDetailOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ConflictOut,
    422: ProblemOut,
}


def _detail(task: Task) -> Task:
    """The task as it is now, for the answer to a change."""
    return Task.objects.select_related("alert").get(pk=task.pk)


@router.get("/tasks", response=Page[HandlingTaskOut], summary="Dissuasion tasks in my area")
def list_tasks(request: HttpRequest, filters: Query[TaskFilter]) -> dict[str, Any]:
    """Open tasks first, most urgent first (the order of the queue page)."""
    user = staff_user(request)
    qs = _handling_tasks(user)
    if filters.mine:
        qs = qs.filter(assignee=user)
    data = filters.dict(exclude={"mine", "page", "per_page"}, exclude_none=True)
    qs = TaskFilterSet(data, queryset=qs).qs
    qs = qs.order_by(F("closed_at").desc(nulls_first=True), "due_at", "pk")
    return paginate(qs, filters.page, filters.per_page)


@router.get(
    "/tasks/{int:task_id}",
    response={200: HandlingTaskDetailOut, 404: ProblemOut},
    summary="One dissuasion task with its attempts and timeline",
)
def get_task(request: HttpRequest, task_id: int) -> Task:
    return _task_for(request, task_id)[1]


@router.post(
    "/tasks/{int:task_id}/accept",
    response=CHANGE_RESPONSES,
    summary="Sign for a task (awaiting acceptance → in progress)",
)
def accept_task(request: HttpRequest, task_id: int, payload: VersionIn) -> Any:
    user, task = _task_for(request, task_id)
    try:
        handling.accept(task, user, payload.version)
    except REFUSALS as exc:
        return _refused(exc, task)
    return _detail(task)


@router.post(
    "/tasks/{int:task_id}/attempts",
    response={**CHANGE_RESPONSES, 201: HandlingTaskDetailOut},
    summary="Record a contact attempt",
)
def record_attempt(request: HttpRequest, task_id: int, payload: AttemptIn) -> Any:
    user, task = _task_for(request, task_id)
    data = handling.AttemptData(
        channel=payload.channel,
        outcome=payload.outcome,
        at=payload.at,
        unreached_reason=payload.unreached_reason or "",
        denies=payload.denies,
        amount_lost=payload.amount_lost,
        amount_saved=payload.amount_saved,
        note=payload.note,
        checklist=[str(c) for c in payload.checklist],
    )
    try:
        handling.record_attempt(task, user, payload.version, data)
    except REFUSALS as exc:
        return _refused(exc, task)
    return Status(201, _detail(task))


@router.post(
    "/tasks/{int:task_id}/close",
    response=CHANGE_RESPONSES,
    summary="Close a task with its final outcome",
)
def close_task(request: HttpRequest, task_id: int, payload: CloseIn) -> Any:
    user, task = _task_for(request, task_id)
    try:
        handling.close(task, user, payload.version, payload.outcome)
    except REFUSALS as exc:
        return _refused(exc, task)
    return _detail(task)


@router.post(
    "/tasks/{int:task_id}/assign",
    response=CHANGE_RESPONSES,
    summary="Give a task to someone",
)
def assign_task(request: HttpRequest, task_id: int, payload: AssignIn) -> Any:
    user, task = _task_for(request, task_id)
    try:
        handling.assign_one(task, user, payload.version, payload.assignee_id)
    except REFUSALS as exc:
        return _refused(exc, task)
    return _detail(task)


# -- Bulk assign and bulk close: the queue page's bulk actions, task by task -----------------
#
# The same rules as one task at a time (``handling.assign_one`` / ``handling.close``), each task
# in its own transaction on the version the caller saw: a result per task, in the order given —
# ``done``, ``refused`` (with the reason; 403/422 as for one task), ``conflict`` (409, with the
# current version) or ``not_found`` (404: no such task, or outside the caller's area — the two
# are never told apart). A bad request as a whole (too many or repeated tasks, nobody to give
# them to, no final outcome) gets 422 and changes nothing; a read-only role or an API key 403.

BULK_MAX_TASKS = 200
NOT_FOUND = "没有此任务，或不在您的辖区内"


class BulkTaskIn(Schema):
    id: int = Field(..., ge=1, le=2**63 - 1)
    version: int = Field(..., ge=1, le=2**31 - 1, description="The task version you saw")


class BulkIn(Schema):
    tasks: list[BulkTaskIn] = Field(..., min_length=1, max_length=BULK_MAX_TASKS)

    @model_validator(mode="after")
    def _each_task_once(self) -> BulkIn:
        if len({t.id for t in self.tasks}) != len(self.tasks):
            raise ValueError("同一任务只能出现一次")
        return self


class BulkAssignIn(BulkIn):
    assignee_id: int = Field(..., ge=1, le=2**63 - 1)


class BulkCloseIn(BulkIn):
    outcome: Outcome = Field(..., description="The final outcome (2, not reached, never closes)")


class BulkResultOut(Schema):
    id: int
    result: Literal["done", "refused", "conflict", "not_found"]
    code: int = Field(..., description="What the one-task route would have answered")
    detail: str
    version: int | None = Field(None, description="The task's version now (None: not found)")


class BulkOut(Schema):
    done: int
    failed: int
    results: list[BulkResultOut]


BULK_RESPONSES: dict[int, Any] = {200: BulkOut, 403: ProblemOut, 422: ProblemOut}


def _bulk_editor(request: HttpRequest) -> Any:
    user = staff_user(request)
    if not can_edit(user):
        raise HttpError(403, "只读角色不能处理任务")
    return user


def _bulk(user: Any, payload: BulkIn, change: Any) -> dict[str, Any]:
    """Apply ``change(task, version)`` to each task of ``payload`` the user sees."""
    ids = [t.id for t in payload.tasks]
    tasks = {t.pk: t for t in _handling_tasks(user).filter(pk__in=ids)}
    results: list[dict[str, Any]] = []
    for item in payload.tasks:
        task = tasks.get(item.id)
        if task is None:
            results.append({"id": item.id, "result": "not_found", "code": 404, "detail": NOT_FOUND})
            continue
        try:
            change(task, item.version)
        except REFUSALS as exc:
            answer = _refused(exc, task)
            body: Any = answer.value
            kind = "conflict" if answer.status_code == 409 else "refused"
            if isinstance(body["detail"], list):
                detail = " ".join(d["msg"] for d in body["detail"])
            else:
                detail = str(body["detail"])
            current = body.get("version")
            if current is None:
                current = Task.objects.filter(pk=task.pk).values_list("version", flat=True).first()
            results.append(
                {
                    "id": item.id,
                    "result": kind,
                    "code": answer.status_code,
                    "detail": detail,
                    "version": current,
                }
            )
            continue
        results.append(
            {"id": item.id, "result": "done", "code": 200, "detail": "", "version": task.version}
        )
    done = sum(1 for r in results if r["result"] == "done")
    return {"done": done, "failed": len(results) - done, "results": results}


@router.post(
    "/tasks/bulk-assign",
    response=BULK_RESPONSES,
    summary="Give several tasks to someone (a result per task)",
)
def bulk_assign(request: HttpRequest, payload: BulkAssignIn) -> Any:
    user = _bulk_editor(request)
    if not handling.assignable_users(user).filter(pk=payload.assignee_id).exists():
        return _invalid(
            DjangoValidationError({"assignee_id": _("You cannot give tasks to this person.")})
        )
    return _bulk(
        user,
        payload,
        lambda task, version: handling.assign_one(task, user, version, payload.assignee_id),
    )


@router.post(
    "/tasks/bulk-close",
    response=BULK_RESPONSES,
    summary="Close several tasks with one final outcome (a result per task)",
)
def bulk_close(request: HttpRequest, payload: BulkCloseIn) -> Any:
    user = _bulk_editor(request)
    if payload.outcome not in settings.FANZHA_ALERT_FINAL_OUTCOMES:
        message = _("Closing needs a final outcome (the person or a relative reached).")
        return _invalid(DjangoValidationError({"outcome": message}))
    return _bulk(
        user, payload, lambda task, version: handling.close(task, user, version, payload.outcome)
    )
