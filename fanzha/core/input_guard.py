"""Refuse bad requests before they reach a view.

- NUL characters in the path or query: no form or query value legitimately contains one, and
  PostgreSQL refuses them with an error that would otherwise surface as a 500.
- Bodies over the limit, by their declared length and before anything reads them: 413, as JSON
  under ``/api/`` and as a short Chinese page elsewhere (Django alone would answer a bare 400
  only once a view touched the body). Multipart uploads may be as large as the upload limit
  (the form then says so in Chinese when a file is over it) plus the ordinary body limit.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape

_TOO_LARGE = "请求内容过大（超过 {limit} 字节），未作任何处理"


def body_limit(request: HttpRequest) -> int:
    limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    if request.content_type == "multipart/form-data":
        limit += int(settings.FANZHA_MAX_UPLOAD_BYTES)
    return limit


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = _TOO_LARGE.format(limit=limit)
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "payload_too_large", "detail": message}, status=413)
    page = (
        '<!DOCTYPE html><html lang="zh-hans"><head><meta charset="utf-8"><title>413</title>'
        f"</head><body><h1>{escape(message)}</h1><p>请缩小内容或文件后重新提交。</p></body></html>"
    )
    return HttpResponse(page, status=413)


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            return JsonResponse(
                {"error": "bad_request", "detail": "请求中含有非法的空字符"}, status=400
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse(
                {"error": "bad_request", "detail": "Content-Length 不是数字"}, status=400
            )
        limit = body_limit(request)
        if limit and length > limit:
            return too_large(request, limit)
        if request.method == "POST" and not request.path.startswith("/api/"):
            # A form's fields are limited apart from its files: parse it here (the CSRF check
            # would next) so that an over-long field also gets the 413 page, not a bare 400.
            try:
                request.POST  # noqa: B018
            except RequestDataTooBig:
                return too_large(request, int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
            except TooManyFieldsSent:
                return HttpResponse("表单字段过多，未作任何处理", status=400)
        return self.get_response(request)


# The name the settings use.
RejectNulMiddleware = InputGuardMiddleware
