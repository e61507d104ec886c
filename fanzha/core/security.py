"""Security headers Django does not set by itself: the Content-Security-Policy (no inline
script anywhere: every page's JavaScript is a static file) and a Permissions-Policy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = settings.FANZHA_CONTENT_SECURITY_POLICY
        self.permissions = "camera=(), microphone=(), geolocation=(), payment=()"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.csp and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.csp
        response.setdefault("Permissions-Policy", self.permissions)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
