"""Shared pieces for the apps' API routers: scoped, paginated lists."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from ninja import Schema
from ninja.errors import HttpError

from fanzha.core.api_auth import staff_user

T = TypeVar("T")
MAX_PAGE = 1_000_000


class Page(Schema, Generic[T]):
    count: int
    page: int
    per_page: int
    results: list[T]


MAX_OFFSET = 10**9


def window(offset: int, limit: int, max_limit: int | None = None) -> slice:
    """A bounded slice for offset/limit parameters: negative offsets start at 0, the limit is
    capped, and the offset never exceeds what the database's integer can hold."""
    cap = max_limit or settings.FANZHA_MAX_PAGE_SIZE
    start = min(max(0, offset), MAX_OFFSET)
    return slice(start, start + max(1, min(limit, cap)))


def paginate(qs: QuerySet, page: int, per_page: int) -> dict[str, Any]:
    # Bounded so the offset always fits the database's integer (SQLite fails on larger ones).
    if not (1 <= page <= MAX_PAGE) or per_page < 1:
        raise HttpError(422, f"page 须在 1 到 {MAX_PAGE} 之间，per_page 须为正整数")
    per_page = min(per_page, settings.FANZHA_MAX_PAGE_SIZE)
    start = (page - 1) * per_page
    return {
        "count": qs.count(),
        "page": page,
        "per_page": per_page,
        "results": list(qs[start : start + per_page]),
    }


def scoped(request: Any, model: Any, action: str = "view") -> QuerySet:
    """The rows of ``model`` a staff request may see (API keys get 403)."""
    return model.objects.restrict(staff_user(request), action)
