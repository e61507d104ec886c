"""The error answers Django gives for a bad request (400), a refusal (403), a page that does not
exist (404) and a failure (500), and fanzha.core.unavailable's for an unreachable database
(503): a short Chinese page for people, structured JSON under ``/api/`` (django-ninja answers
its own routes' errors; these cover paths it does not own).

Django's built-in pages are English. The page is rendered without context processors or the
request, so it needs neither the database nor a working session.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _


def error_response(
    request: HttpRequest, status: int, code: str, title: str, detail: str
) -> HttpResponse:
    """JSON ``{"error": code, "detail": detail}`` under ``/api/``, else the Chinese page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": code, "detail": detail}, status=status)
    html = render_to_string(
        "core/error.html",
        {"title": title, "detail": detail, "home": reverse("core:home")},
    )
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(
        request, 400, "bad_request", _("Bad request"),
        _("The request could not be understood. Please check what you entered and try again."),
    )  # fmt: skip


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Our own refusals carry a translated reason (e.g. who may handle bans): show it.
    reason = str(exception or "") if isinstance(exception, PermissionDenied) else ""
    return error_response(
        request, 403, "forbidden", _("Access denied"),
        reason or _("You do not have permission to see this page or to do this."),
    )  # fmt: skip


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(
        request, 404, "not_found", _("Page not found"),
        _("The page you asked for does not exist, or it has been moved or removed."),
    )  # fmt: skip


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(
        request, 500, "server_error", _("Something went wrong"),
        _("The server could not complete this request. The error has been logged; "
          "please try again later."),
    )  # fmt: skip
