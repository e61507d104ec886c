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
import time
from collections.abc import Callable
from typing import Any

import psycopg
from django.conf import settings
from django.contrib.sessions import middleware as sessions
from django.contrib.sessions.exceptions import SessionInterrupted
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from fanzha.core.errors import error_response

RETRY_AFTER_SECONDS = 10
_MARK = "_fanzha_database_unavailable"
_SAVED_AT = "_fanzha_saved_at"  # in the session: when it was last saved (Unix seconds)


_UNREACHABLE = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)


def database_unavailable(exc: BaseException | None) -> bool:
    """Is this the database being out of reach (not a bug or a constraint)?

    Django wraps the driver's errors in its own ``OperationalError``/``InterfaceError``, but
    not everywhere (the health check before a query runs outside the wrapper), and an error
    raised while handling one (``raise ... from``, or a failed clean-up) hides it in its
    chain: both count. So does any database error raised once the connection is gone, such as
    Django's "cannot open a new connection in an atomic block" after the server ended it."""
    seen: set[int] = set()
    cause = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, _UNREACHABLE):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return isinstance(exc, DatabaseError) and _connection_lost()


def _connection_lost() -> bool:
    """Has the server ended the connection (psycopg marks it closed or broken), or has Django
    closed it inside a transaction after a failed rollback?"""
    if connection.closed_in_transaction:
        return True
    raw = connection.connection
    return raw is not None and (
        bool(getattr(raw, "closed", False)) or bool(getattr(raw, "broken", False))
    )


def _mark_request(sender: Any, request: HttpRequest | None = None, **_: Any) -> None:
    if request is not None and database_unavailable(sys.exc_info()[1]):
        setattr(request, _MARK, True)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 a person or an API client gets while the database is out of reach."""
    detail = _("The service is briefly unavailable. Please try again in a moment.")
    response = error_response(request, 503, "service_unavailable", _("Service unavailable"), detail)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def refresh_seconds() -> int:
    """How stale a session's expiry may get before a request saves it again."""
    return int(min(settings.FANZHA_SESSION_REFRESH_SECONDS, settings.SESSION_COOKIE_AGE // 10))


def _mark_activity(session: Any) -> None:
    """Stamp a non-empty session that is saved anyway, or whose last save is older than the
    refresh period (which makes Django save it)."""
    try:
        if not session.keys():
            return  # nothing kept (e.g. signed out): no row to keep alive
    except Exception:  # noqa: BLE001 - loading failed: the request has reported it already
        return
    now = int(time.time())
    saved = session.get(_SAVED_AT)
    if session.modified or not isinstance(saved, int) or not 0 <= now - saved < refresh_seconds():
        session[_SAVED_AT] = now  # modifies the session: Django saves it and renews the cookie


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
    """Django's session middleware, with a 503 when saving the session meets a dead database,
    and the idle timeout kept cheaply.

    The idle timeout is the session's age (``SESSION_COOKIE_AGE``), pushed forward by activity.
    Instead of saving every session on every request (``SESSION_SAVE_EVERY_REQUEST``: one UPDATE
    and commit per signed-in request), a session records when it was last saved and is saved
    again, with a new expiry and cookie, only once that is ``refresh_seconds()`` old. A session
    therefore ends no later than the timeout after its last request and no earlier than the
    timeout minus the refresh period.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.accessed:
            _mark_activity(session)
        try:
            return super().process_response(request, response)
        except SessionInterrupted as exc:
            if not database_unavailable(exc):  # looks through the chain for the cause
                raise
            return unavailable_response(request)
