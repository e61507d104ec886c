"""503 instead of 500 while the database cannot be reached (issue 8).

When PostgreSQL restarts or the network to it drops, every request fails with Django's
``OperationalError``/``InterfaceError`` — in a view, or earlier, in a middleware that loads the
session or the user. Django turns each such exception into a 500 response at the layer where it
happened, so a middleware cannot catch it with ``try``. Instead Django's ``got_request_exception``
signal (sent with the exception still being handled) marks the request, and
:class:`DatabaseUnavailableMiddleware`, placed outside the session and authentication middleware,
replaces the 500 of a marked request with a 503: structured JSON under ``/api/``, a short Chinese
page for people, both with ``Retry-After``. Django's session middleware reports a failed save as
``SessionInterrupted`` (a 400, "the session was deleted"); :class:`SessionMiddleware` answers 503
instead when the save failed because the database was out of reach. The page is rendered without
context processors, so it needs no database itself. Nothing is retried here: the client (or the
person) retries, and the next request gets a fresh connection (``CONN_HEALTH_CHECKS``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.contrib.sessions import middleware as sessions
from django.contrib.sessions.exceptions import SessionInterrupted
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 10
_MARK = "_fanzha_database_unavailable"


def database_unavailable(exc: BaseException | None) -> bool:
    """Is this the database being out of reach (not a bug or a constraint)?"""
    return isinstance(exc, OperationalError | InterfaceError)


def _mark_request(sender: Any, request: HttpRequest | None = None, **_: Any) -> None:
    if request is not None and database_unavailable(sys.exc_info()[1]):
        setattr(request, _MARK, True)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 a person or an API client gets while the database is out of reach."""
    detail = _("The service is briefly unavailable. Please try again in a moment.")
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": "service_unavailable", "detail": detail}, status=503)
    else:
        html = render_to_string(
            "core/unavailable.html",
            {"title": _("Service unavailable"), "detail": detail},
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(_mark_request, dispatch_uid="fanzha.core.unavailable")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            return unavailable_response(request)
        return response


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's session middleware, with a 503 when saving the session meets a dead database."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        try:
            return super().process_response(request, response)
        except SessionInterrupted as exc:
            cause: BaseException | None = exc
            while cause is not None and not database_unavailable(cause):
                cause = cause.__cause__ or cause.__context__
            if cause is None:
                raise
            return unavailable_response(request)
