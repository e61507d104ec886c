"""Refuse requests carrying NUL characters before they reach a view: no form or query value
legitimately contains one, and PostgreSQL refuses them with an error that would otherwise
surface as a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            return JsonResponse(
                {"error": "bad_request", "detail": "请求中含有非法的空字符"}, status=400
            )
        return self.get_response(request)
