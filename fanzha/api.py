"""The HTTP API (django-ninja), OpenAPI at /api/v1/openapi.json.

Each app that has an API ships ``fanzha/<app>/api.py`` with a ``router``; it is mounted at
``/api/v1/<prefix>``. Authentication: a staff session (with CSRF) or a per-source API key
(``Authorization: Bearer <key>``) whose scopes the route checks. Errors are structured JSON.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from fanzha.core.api_auth import ApiKeyAuth, StaffSessionAuth
from fanzha.core.api_errors import NOT_FOUND, clean_errors

api = NinjaAPI(
    title="fanzha API",
    version="1",
    description="全民反诈工程平台 API",
    auth=[ApiKeyAuth(), StaffSessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request, {"error": "validation_error", "detail": clean_errors(exc.errors)}, status=422
    )


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, {"error": "unauthorized", "detail": "需要登录或有效的 API 密钥"}, status=401
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail: Any = str(exc)
    return api.create_response(
        request, {"error": "http_error", "detail": detail}, status=exc.status_code
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # get_object_or_404 on a scoped queryset: missing and out of one's area look the same.
    return api.create_response(
        request,
        {"error": "not_found", "detail": str(NOT_FOUND)},
        status=404,
    )


@api.exception_handler(DataError)
def data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    # A value the database cannot hold (e.g. an id beyond bigint): a bad request, not a crash.
    return api.create_response(
        request, {"error": "validation_error", "detail": "数值超出允许范围"}, status=422
    )


@api.exception_handler(OverflowError)
def overflow_error(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # SQLite cannot hold integers beyond 64 bits: such an id or filter matches nothing valid.
    return api.create_response(
        request, {"error": "validation_error", "detail": "数值超出允许范围"}, status=422
    )


_ROUTERS = {
    "org": "/org",
    "places": "/places",
    "people": "/people",
    "registrations": "/registrations",
    "alerts": "/alerts",
    "cases": "/cases",
    "indicators": "",  # owns /indicators/... and /risk
    "notices": "/notices",
    "cards": "/cards",
    "outreach": "/outreach",
    "baobao": "/baobao",
    "assessment": "/assessment",
    "detect": "/detect",
    "dashboard": "/stats",
    "portal": "/portal",
    "audit": "/audit",
}
for _app, _prefix in _ROUTERS.items():
    if find_spec(f"fanzha.{_app}.api") is not None:
        api.add_router(_prefix, import_module(f"fanzha.{_app}.api").router)
