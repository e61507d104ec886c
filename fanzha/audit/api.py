"""The audit log over the API, for the district administrator only: keyset pages (no count, no
offset), the same filters as the pages. ``next`` continues to older rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from fanzha.accounts.capabilities import is_admin
from fanzha.audit.filtersets import AccessFilterSet, ChangeFilterSet
from fanzha.audit.models import AccessRecord, ChangeRecord
from fanzha.audit.paging import keyset_page
from fanzha.core.api_auth import staff_user

router = Router(tags=["audit"])


class LogFilters(Schema):
    user: str | None = None
    model: str | None = None
    object_id: str | None = None
    since: date | None = None
    until: date | None = None
    after: str | None = None
    before: str | None = None
    limit: int = 50


class AccessFilters(LogFilters):
    kind: str | None = None
    subject: str | None = None


class ChangeFilters(LogFilters):
    action: str | None = None


class AccessOut(Schema):
    id: int
    time: datetime
    user: str | None
    kind: str
    model: str
    object_id: str
    subject: str
    field: str
    reason: str
    detail: dict[str, Any]

    @staticmethod
    def resolve_user(obj: Any) -> str | None:
        return obj.user.username if obj.user_id else None


class ChangeOut(Schema):
    id: int
    time: datetime
    user: str | None
    action: str
    model: str
    object_id: str
    object_repr: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @staticmethod
    def resolve_user(obj: Any) -> str | None:
        return obj.user.username if obj.user_id else None


class AccessPage(Schema):
    results: list[AccessOut]
    next: str | None
    previous: str | None


class ChangePage(Schema):
    results: list[ChangeOut]
    next: str | None
    previous: str | None


def _page(request: HttpRequest, model: Any, filterset_class: Any, filters: LogFilters) -> dict:
    if not is_admin(staff_user(request)):
        raise HttpError(403, "只有区反诈办管理员可以查看审计日志")
    params = filters.dict(exclude={"after", "before", "limit"}, exclude_none=True)
    filterset = filterset_class(params, queryset=model.objects.select_related("user"))
    if not filterset.is_valid():
        raise HttpError(422, "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()))
    size = max(1, min(filters.limit, settings.FANZHA_MAX_PAGE_SIZE))
    page = keyset_page(filterset.qs, size, older=filters.after, newer=filters.before)
    return {"results": page.rows, "next": page.older, "previous": page.newer}


@router.get("/access", response=AccessPage)
def access_log(request: HttpRequest, filters: Query[AccessFilters]) -> dict:
    return _page(request, AccessRecord, AccessFilterSet, filters)


@router.get("/changes", response=ChangePage)
def change_log(request: HttpRequest, filters: Query[ChangeFilters]) -> dict:
    return _page(request, ChangeRecord, ChangeFilterSet, filters)
