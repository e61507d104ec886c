"""What a signed-in person must do before the staff pages and the staff API: pass the second
factor (verify, or set one up when the role requires it), then replace a password an
administrator gave. One rule for both: the pages redirect to the step, the API answers 401."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fanzha.accounts.otp import has_device, must_set_up

OWN_PASSWORD_URL = "/accounts/password/"  # noqa: S105 - a URL, not a password


def pending_step(user: Any, request: HttpRequest) -> str | None:
    """The URL of the step still due, or None when the person may go on."""
    if has_device(user, request):
        if not user.is_verified():
            return f"/accounts/otp/verify/?next={request.path}"
    elif must_set_up(user):
        return "/accounts/otp/setup/"
    if user.password_change_required:
        return OWN_PASSWORD_URL
    return None
