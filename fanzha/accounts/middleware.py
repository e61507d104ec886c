"""Second factor: a signed-in user with a confirmed TOTP device must enter a code before using
the staff pages; roles in ``FANZHA_OTP_REQUIRED_ROLES`` must first set one up. Then a password
an administrator gave must be replaced by one's own."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fanzha.accounts.gate import OWN_PASSWORD_URL, pending_step

# Pages a signed-in person reaches before the second factor: signing in and out and the
# second factor's own pages. Their account page, password and the staff accounts are not.
_OPEN_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/otp/",
    "/static/",
    "/health/",
    "/portal/",
    "/api/v1/portal",
    "/media-private/",
)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not request.path.startswith("/api/")
        ):
            step = pending_step(user, request)
            if step is not None and not (step == OWN_PASSWORD_URL == request.path):
                return redirect(step)
        return self.get_response(request)
