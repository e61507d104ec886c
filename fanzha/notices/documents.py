"""Making the 三告 documents: drafting, numbering on issue, rendering to HTML, PDF and .docx,
and the versioned templates the administrator edits.

The UI and the ``fanzha notices`` command call the same functions, so both produce the same
documents. Rendering a draft uses the active template; issuing freezes the rendered text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.cases.models import Case
from fanzha.notices import sandbox
from fanzha.notices.choices import NoticeKind, NoticeStatus
from fanzha.notices.fonts import sans_font_path, serif_font_path
from fanzha.notices.models import DocumentTemplate, Notice
from fanzha.notices.numbering import next_number
from fanzha.notices.sandbox import TemplateProblem

DEFAULT_DIR = Path(__file__).resolve().parent / "document_templates"

__all__ = ["DocumentError", "TemplateProblem"]


class DocumentError(ValueError):
    """A document cannot be made (wrong state, bad input); the message is for the user."""


# -- templates ----------------------------------------------------------------------------------
def default_body(kind: str) -> str:
    return (DEFAULT_DIR / f"{kind}.html").read_text(encoding="utf-8")


def active_template(kind: str) -> DocumentTemplate:
    """The active template of a kind; the shipped default becomes version 1 on first use."""
    template = DocumentTemplate.objects.filter(kind=kind, is_active=True).first()
    if template is not None:
        return template
    if not DocumentTemplate.objects.filter(kind=kind).exists():
        try:
            with transaction.atomic():
                return DocumentTemplate.objects.create(
                    kind=kind,
                    version=1,
                    body=default_body(kind),
                    is_active=True,
                    note=_("Shipped default"),
                )
        except IntegrityError:
            pass  # another request created it first
    template = DocumentTemplate.objects.filter(kind=kind, is_active=True).first()
    if template is None:
        raise DocumentError(_("No active template for this kind of document."))
    return template


def check_template(body: str) -> None:
    """Raise :class:`TemplateProblem` if ``body`` is too long or does not parse."""
    if len(body) > settings.FANZHA_NOTICES_MAX_TEMPLATE_CHARS:
        raise TemplateProblem(
            _("The template is longer than %(n)s characters.")
            % {"n": settings.FANZHA_NOTICES_MAX_TEMPLATE_CHARS}
        )
    sandbox.compile_template(body)


def save_version(
    kind: str, body: str, user: Any, note: str = "", activate: bool = True
) -> DocumentTemplate:
    """Store ``body`` as the next version of ``kind`` (checked first), optionally active."""
    check_template(body)
    active_template(kind)  # make sure version 1 exists, so edits start at version 2
    with transaction.atomic():
        # Lock the kind's versions so two editors cannot take the same version number.
        list(DocumentTemplate.objects.select_for_update().filter(kind=kind).values_list("pk"))
        top = DocumentTemplate.objects.filter(kind=kind).aggregate(m=Max("version"))["m"] or 0
        if activate:
            DocumentTemplate.objects.filter(kind=kind, is_active=True).update(is_active=False)
        return DocumentTemplate.objects.create(
            kind=kind,
            version=top + 1,
            body=body,
            is_active=activate,
            note=note[:200],
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )


def activate(template: DocumentTemplate) -> None:
    with transaction.atomic():
        DocumentTemplate.objects.filter(kind=template.kind, is_active=True).update(is_active=False)
        DocumentTemplate.objects.filter(pk=template.pk).update(is_active=True)


# -- drafting -----------------------------------------------------------------------------------
def letter_addressee(case: Case) -> dict[str, Any]:
    """Whom a case letter goes to: the assessed unit for an internal-staff case, else the victim's
    employer, else the 居民委员会 / 村民委员会 of the community the victim lives in."""
    from fanzha.org.choices import UnitKind

    if case.internal_staff and case.victim_unit_id:
        assert case.victim_unit is not None
        return {"addressee": case.victim_unit.name, "addressee_unit": case.victim_unit}
    if case.employer_id:
        assert case.employer is not None
        return {"addressee": case.employer.name, "addressee_place": case.employer}
    community = case.grid.community
    suffix = "村民委员会" if community.kind == UnitKind.VILLAGE else "居民委员会"
    return {"addressee": f"{community.name}{suffix}", "addressee_unit": community}


def letter_title(case: Case) -> str:
    return f"关于{case.masked_victim}被电信网络诈骗案件的函告"


def draft_letter(case: Case, user: Any = None) -> Notice:
    """The case's letter: created as a draft the first time, its addressee refreshed while it
    is still a draft (the case may have been corrected)."""
    local_year = timezone.localtime(case.reported_at).year
    fields = {"title": letter_title(case), "year": local_year, **letter_addressee(case)}
    notice = Notice.objects.filter(kind=NoticeKind.LETTER, case=case).first()
    if notice is None:
        try:
            with transaction.atomic():
                return Notice.objects.create(
                    kind=NoticeKind.LETTER, case=case, created_by=user, **fields
                )
        except IntegrityError:
            notice = Notice.objects.get(kind=NoticeKind.LETTER, case=case)
    if not notice.is_issued:
        for name, value in fields.items():
            setattr(notice, name, value)
        notice.save()
    return notice


def quarterly_notice(year: int, quarter: int, user: Any = None) -> Notice:
    if quarter not in (1, 2, 3, 4):
        raise DocumentError(_("The quarter must be 1, 2, 3 or 4."))
    notice, _created = Notice.objects.get_or_create(
        kind=NoticeKind.QUARTERLY,
        year=year,
        quarter=quarter,
        defaults={
            "title": f"关于{year}年第{quarter}季度全区电信网络诈骗发案情况的通告",
            "addressee": "全区各单位、广大群众",
            "created_by": user,
        },
    )
    return notice


def annual_notice(year: int, user: Any = None) -> Notice:
    notice, _created = Notice.objects.get_or_create(
        kind=NoticeKind.ANNUAL,
        year=year,
        defaults={
            "title": f"关于{year}年度全区打击治理电信网络诈骗工作情况的报告",
            "addressee": settings.FANZHA_NOTICES_ANNUAL_RECIPIENTS,
            "created_by": user,
        },
    )
    return notice


# -- rendering ----------------------------------------------------------------------------------
def render_body(notice: Notice, template: DocumentTemplate | None = None) -> str:
    """The document body as HTML: frozen text when issued, else the (given or active)
    template rendered in the sandbox. Raises :class:`TemplateProblem`."""
    if notice.is_issued and notice.rendered_html and template is None:
        return notice.rendered_html
    from fanzha.notices.contexts import context_for

    template = template or active_template(notice.kind)
    return sandbox.render(template.body, context_for(notice))


def page_html(body: str, title: str) -> str:
    """A whole HTML page around a body, with the A4 layout and the pip-installed fonts."""
    return render_to_string(
        "notices/document_page.html",
        {
            "body": body,
            "title": title,
            "serif_url": serif_font_path().as_uri(),
            "sans_url": sans_font_path().as_uri(),
        },
    )


_font_config: Any = None


def html_to_pdf(html: str) -> bytes:
    global _font_config
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if _font_config is None:
        _font_config = FontConfiguration()
    # base_url None and no url_fetcher access beyond file:// fonts and data: images; the
    # template cannot name a file because the sandbox context holds only our values.
    return bytes(HTML(string=html, base_url=None).write_pdf(font_config=_font_config))


def to_pdf(notice: Notice) -> bytes:
    return html_to_pdf(page_html(render_body(notice), notice.title))


def to_docx(notice: Notice) -> bytes:
    from fanzha.notices.word import html_to_docx

    return html_to_docx(render_body(notice), notice.title)


def render(notice: Notice, fmt: str) -> bytes:
    if fmt == "pdf":
        return to_pdf(notice)
    if fmt == "docx":
        return to_docx(notice)
    raise DocumentError(_("Unknown format: %(fmt)s") % {"fmt": fmt})


def filename(notice: Notice, fmt: str) -> str:
    label = notice.document_number or f"draft-{notice.pk}"
    return f"{label}-{notice.title}.{fmt}".replace("/", "-")


# -- issuing ------------------------------------------------------------------------------------
def issue(notice: Notice, user: Any = None, on: date | None = None) -> Notice:
    """Give the notice the next number of its kind and year and freeze its text.

    Everything happens in one transaction: if rendering fails the counter increment is rolled
    back with it, so numbers have no gaps; the counter row lock serialises concurrent issues,
    so they have no repeats.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if locked.is_issued:
            raise DocumentError(_("This document has already been issued."))
        template = active_template(locked.kind)
        locked.number_year = on.year
        locked.number = next_number(locked.kind, on.year)
        locked.issued_on = on
        locked.status = NoticeStatus.ISSUED
        locked.issued_by = user if getattr(user, "is_authenticated", False) else None
        locked.template = template
        locked.rendered_html = render_body(locked, template)
        locked.save()
    return locked
