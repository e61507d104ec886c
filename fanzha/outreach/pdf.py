"""Printable documents (pledge forms, venue banners, 包保 lists) rendered with WeasyPrint.

Chinese needs a CJK font. Like the 三告 documents, we embed the pip-installed Noto Sans SC of
``fanzha.notices.fonts`` (so a PDF renders on a machine where only pip ran); the system's
"Noto Sans CJK SC" (fonts-noto-cjk) is the fallback."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

FALLBACK_FONT = "Noto Sans CJK SC"
EMBEDDED_FONT = "FanzhaSans"


def font_face() -> tuple[str, str]:
    """(CSS @font-face rule or "", the font-family list to use)."""
    try:
        from fanzha.notices.fonts import sans_font_path

        path = sans_font_path()
    except Exception:  # noqa: BLE001 - no notices app or no font package: use the system font
        return "", f'"{FALLBACK_FONT}", sans-serif'
    if not path.exists():
        return "", f'"{FALLBACK_FONT}", sans-serif'
    rule = f'@font-face {{ font-family: "{EMBEDDED_FONT}"; src: url("{path.as_uri()}"); }}'
    return rule, f'"{EMBEDDED_FONT}", "{FALLBACK_FONT}", sans-serif'


def render_document(
    template: str, context: dict[str, Any], request: HttpRequest | None = None
) -> Any:
    """The laid-out WeasyPrint document (its ``pages``, and ``write_pdf()`` for the bytes)."""
    from weasyprint import HTML

    rule, family = font_face()
    html = render_to_string(
        template, {**context, "pdf_font_face": rule, "pdf_font": family}, request=request
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    result: bytes = render_document(template, context, request).write_pdf()
    return result


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or ""
    return response
