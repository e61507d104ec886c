"""Second factor: a signed-in user with a confirmed TOTP device must enter a code before using
the staff pages; roles in ``FANZHA_OTP_REQUIRED_ROLES`` must first set one up. Then a password
an administrator gave must be replaced by one's own."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fanzha.accounts.otp import has_device, must_set_up

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


_OWN_PASSWORD_URL = "/accounts/password/"  # noqa: S105 - a URL, not a password


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
            if has_device(user, request):
                if not user.is_verified():
                    return redirect(f"/accounts/otp/verify/?next={request.path}")
            elif must_set_up(user):
                return redirect("accounts:otp_setup")
            if user.password_change_required and request.path != _OWN_PASSWORD_URL:
                return redirect(_OWN_PASSWORD_URL)
        return self.get_response(request)
