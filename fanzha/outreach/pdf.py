"""Printable documents (pledge forms, venue banners, 包保 lists) rendered with WeasyPrint.

CJK text needs a CJK font: the CSS asks for ``FANZHA_PDF_FONT`` (default the system's
"Noto Sans CJK SC" from fonts-noto-cjk)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

DEFAULT_FONT = "Noto Sans CJK SC"


def font_family() -> str:
    return str(getattr(settings, "FANZHA_PDF_FONT", "") or DEFAULT_FONT)


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "pdf_font": font_family()}, request=request)
    result: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return result


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response
