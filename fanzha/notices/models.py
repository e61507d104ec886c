"""The 三告 documents: one letter per case (函告), one notice per quarter (通告), one report per
year (报告); their editable, versioned templates; the per-year number counters; delivery logs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.core.models import ScopedModel, staff_reference
from fanzha.core.scoping import Scope, scope_q
from fanzha.notices.choices import DeliveryEvent, DeliveryMethod, NoticeKind, NoticeStatus

# Letters are seen by whoever may see their case.
LETTER_SCOPE = Scope(
    grid="case__grid",
    office="case__grid__office",
    community="case__grid__community",
    station="case__grid__station",
    sector="case__employer__sector_unit",
    unit="case__victim_unit",
    officer="case__created_by",
)


class DocumentTemplate(ScopedModel):
    """A version of the template of one kind of document, in the Django template language
    (rendered in a sandbox: no loading, including or extending; only plain data in the context).
    Editing makes a new version; exactly one version per kind is active."""

    kind = models.CharField(_("document kind"), max_length=10, choices=NoticeKind.choices)
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("template"))
    is_active = models.BooleanField(_("active"), default=False)
    note = models.CharField(_("change note"), max_length=200, blank=True)
    created_by = staff_reference(_("created by"))

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="doctemplate_kind_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(is_active=True), name="doctemplate_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        """Templates belong to the district administrator (global roles pass before this)."""
        return Q(pk__in=[])


class NumberCounter(models.Model):
    """The last document number used per kind and year. Issuing locks this row
    (``select_for_update``) so two documents issued at once get consecutive numbers."""

    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="numbercounter_kind_year"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class Notice(ScopedModel):
    """One 三告 document. A draft renders live from the active template; issuing gives it the
    next number of its kind and year and freezes the rendered text (so a later template edit
    never changes an issued document)."""

    kind = models.CharField(_("kind"), max_length=10, choices=NoticeKind.choices, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
    )
    title = models.CharField(_("title"), max_length=200)
    addressee = models.CharField(_("addressed to"), max_length=200)
    addressee_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("addressee unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    addressee_place = models.ForeignKey(
        "places.Place",
        verbose_name=_("addressee place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NoticeStatus.choices,
        default=NoticeStatus.DRAFT,
        db_index=True,
    )
    number_year = models.PositiveSmallIntegerField(_("number year"), null=True, blank=True)
    number = models.PositiveIntegerField(pgettext_lazy("sequence", "number"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_by = staff_reference(_("issued by"))
    template = models.ForeignKey(
        DocumentTemplate,
        verbose_name=_("template version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
    )
    rendered_html = models.TextField(blank=True, editable=False)
    created_by = staff_reference(_("created by"))

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-year", "kind", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number_year", "number"],
                condition=Q(number__isnull=False),
                name="notice_number_unique",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(kind="letter"), name="notice_one_letter_per_case"
            ),
            models.UniqueConstraint(
                fields=["year", "quarter"],
                condition=Q(kind="quarterly"),
                name="notice_one_per_quarter",
            ),
            models.UniqueConstraint(
                fields=["year"], condition=Q(kind="annual"), name="notice_one_report_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(kind="letter") | Q(case__isnull=False), name="notice_letter_has_case"
            ),
            models.CheckConstraint(
                condition=~Q(kind="quarterly") | Q(quarter__gte=1, quarter__lte=4),
                name="notice_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=~Q(status="issued")
                | Q(number__isnull=False, number_year__isnull=False, issued_on__isnull=False),
                name="notice_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        draft = _("(draft)")  # outside the f-string, where xgettext finds it
        return f"{self.document_number or draft} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("notices:notice_detail", args=[self.pk])

    @property
    def document_number(self) -> str:
        """The official number, e.g. 开公反诈函〔2021〕12号; empty for a draft."""
        if self.number is None:
            return ""
        prefix = settings.FANZHA_NOTICES_NUMBER_PREFIX.get(self.kind, "")
        return f"{prefix}〔{self.number_year}〕{self.number}号"

    @property
    def is_issued(self) -> bool:
        return self.status == NoticeStatus.ISSUED

    @property
    def period_label(self) -> str:
        if self.kind == NoticeKind.QUARTERLY:
            return f"{self.year}年第{self.quarter}季度"
        return f"{self.year}年"

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        """Letters follow their case; issued quarterly notices are public to all staff; the
        annual report and every draft of a district-wide document stay with global roles."""
        q = Q(kind=NoticeKind.LETTER) & scope_q(LETTER_SCOPE, user)
        if action == "view":
            q |= Q(kind=NoticeKind.QUARTERLY, status=NoticeStatus.ISSUED)
        return q


class Delivery(models.Model):
    """One step in delivering a notice: sent, received or returned, when, how and by whom."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(
        pgettext_lazy("delivery", "event"), max_length=10, choices=DeliveryEvent.choices
    )
    method = models.CharField(
        _("method"), max_length=10, choices=DeliveryMethod.choices, default=DeliveryMethod.HAND
    )
    at = models.DateTimeField(_("time"))
    party = models.CharField(
        _("by whom"), max_length=100, help_text=_("Who sent it, or who signed for it.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = staff_reference(_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery record")
        verbose_name_plural = _("delivery records")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.event} {self.at:%Y-%m-%d}"
