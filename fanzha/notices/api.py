"""Notices API, mounted at ``/api/v1/notices`` (staff only, scoped).

- ``GET /api/v1/notices``: the 三告 documents I may see (filter by kind, year, status).
- ``GET /api/v1/notices/{id}``: one document with its delivery log.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from fanzha.core.api_auth import staff_user
from fanzha.core.api_utils import window
from fanzha.notices.choices import NoticeKind, NoticeStatus
from fanzha.notices.models import Notice

router = Router(tags=["notices"])


class DeliveryOut(Schema):
    event: str
    method: str
    at: datetime
    party: str
    note: str


class NoticeOut(Schema):
    id: int
    kind: str
    year: int
    quarter: int | None
    case_id: int | None
    title: str
    addressee: str
    status: str
    document_number: str
    issued_on: date | None
    deliveries: list[DeliveryOut] = []


class NoticeFilter(Schema):
    kind: NoticeKind | None = None
    status: NoticeStatus | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


def _out(notice: Notice, deliveries: bool = False) -> dict[str, Any]:
    data = {
        "id": notice.pk,
        "kind": notice.kind,
        "year": notice.year,
        "quarter": notice.quarter,
        "case_id": notice.case_id,
        "title": notice.title,
        "addressee": notice.addressee,
        "status": notice.status,
        "document_number": notice.document_number,
        "issued_on": notice.issued_on,
        "deliveries": [],
    }
    if deliveries:
        data["deliveries"] = [
            {"event": d.event, "method": d.method, "at": d.at, "party": d.party, "note": d.note}
            for d in notice.deliveries.all()
        ]
    return data


@router.get("", response=list[NoticeOut], summary="Notices I may see")
def list_notices(request: HttpRequest, filters: Query[NoticeFilter]) -> list[dict[str, Any]]:
    user = staff_user(request)
    qs = Notice.objects.restrict(user, "view")
    for name in ("kind", "status", "year"):
        value = getattr(filters, name)
        if value:
            qs = qs.filter(**{name: value})
    return [_out(n) for n in qs.order_by("-pk")[window(filters.offset, filters.limit)]]


@router.get("/{notice_id}", response=NoticeOut, summary="One notice with its delivery log")
def get_notice(request: HttpRequest, notice_id: int) -> dict[str, Any]:
    user = staff_user(request)
    return _out(get_object_or_404(Notice.objects.restrict(user, "view"), pk=notice_id), True)
