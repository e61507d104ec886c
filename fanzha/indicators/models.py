"""Fraud accounts and contacts (涉诈线索), their sightings, status changes and platform replies.

One row per ``(kind, normalised value)``; the risk lookup is one query on that unique index.
Indicators carry a denormalised sightings count and last-seen time so the lookup reads one row.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.core.models import ScopedModel, staff_reference
from fanzha.core.scoping import Scope
from fanzha.indicators.choices import (
    BanTerm,
    ImportStatus,
    IndicatorKind,
    IndicatorStatus,
    SightingSource,
)

# Indicators belong to the unit that reported them (a police station, an office, a sector unit)
# and to the person who entered them; the district administrator and leaders see them all.
INDICATOR_SCOPE = Scope(unit="unit", station="unit", officer="created_by")
SIGHTING_SCOPE = Scope(unit="unit", station="unit", officer="reported_by")


class Indicator(ScopedModel):
    """A fraud account or contact (phone, WeChat, QQ, bank account, URL, ...) and its ban state.

    State: 待核实 → 已核实 → 已提交平台 → 封禁 (permanent or until a date) or 驳回; then 已解封 or
    expired; false positive at any point (with a reason). Transitions live in
    ``fanzha.indicators.transitions``; nothing else writes ``status``."""

    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    value = models.CharField(_("value"), max_length=255)
    raw_value = models.CharField(_("value as first reported"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IndicatorStatus.choices,
        default=IndicatorStatus.PENDING,
    )
    fraud_type = models.CharField(_("fraud type"), max_length=10, blank=True)
    platform = models.CharField(_("platform"), max_length=50, blank=True)
    platform_ref = models.CharField(_("platform reference"), max_length=100, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    ban_term = models.CharField(
        _("ban term"), max_length=20, choices=BanTerm.choices, blank=True, default=""
    )
    banned_at = models.DateTimeField(_("banned at"), null=True, blank=True)
    banned_until = models.DateField(_("banned until"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("indicator", "closed at"), null=True, blank=True)
    reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_("Why it was rejected, unbanned or marked a false positive."),
    )
    sightings_count = models.PositiveIntegerField(_("sightings"), default=0)
    first_seen_at = models.DateTimeField(_("first seen"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("reporting unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = staff_reference(_("entered by"))

    scope = INDICATOR_SCOPE

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        """The reporting unit's and the enterer's rows, plus every indicator the user's unit
        (or the user) has sighted: a station that meets a known account works on it too."""
        from fanzha.core.scoping import scope_q

        sighted = Sighting.objects.filter(scope_q(SIGHTING_SCOPE, user)).values("indicator_id")
        return scope_q(INDICATOR_SCOPE, user) | Q(pk__in=sighted)

    class Meta:
        verbose_name = _("fraud indicator")
        verbose_name_plural = _("fraud indicators")
        ordering = ["-last_seen_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="indicator_unique_kind_value"),
            models.CheckConstraint(
                condition=~Q(status="banned") | (Q(banned_at__isnull=False) & ~Q(ban_term="")),
                name="indicator_banned_has_term",
            ),
            models.CheckConstraint(
                condition=~Q(ban_term="short_term") | Q(banned_until__isnull=False),
                name="indicator_short_ban_has_end",
            ),
            models.CheckConstraint(
                condition=~Q(status="false_positive") | ~Q(reason=""),
                name="indicator_false_positive_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status", "ban_term"], name="indicator_kind_status"),
            # The expiry job's query: short-term bans still in force.
            models.Index(
                fields=["banned_until"],
                name="indicator_short_ban_due",
                condition=Q(status="banned", ban_term="short_term"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator_detail", args=[self.pk])

    @property
    def ban_label(self) -> str:
        if not self.ban_term:
            return ""
        if self.ban_term == BanTerm.SHORT_TERM and self.banned_until:
            return f"{self.get_ban_term_display()}（{self.banned_until:%Y-%m-%d}）"
        return str(self.get_ban_term_display())


class Sighting(ScopedModel):
    """One time an indicator showed up: in an alert, a case, a resident's report or a platform
    list. ``(indicator, source, ref)`` is unique when ``ref`` is set, so re-saving an alert does
    not count it twice."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="sightings",
    )
    source = models.CharField(_("source"), max_length=20, choices=SightingSource.choices)
    ref = models.CharField(_("reference"), max_length=100, blank=True)
    seen_at = models.DateTimeField(_("seen at"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_by = staff_reference(_("reported by"))

    scope = SIGHTING_SCOPE

    class Meta:
        verbose_name = _("sighting")
        verbose_name_plural = _("sightings")
        ordering = ["-seen_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "source", "ref"],
                condition=~Q(ref=""),
                name="sighting_unique_source_ref",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.ref}".strip()


class Transition(models.Model):
    """A status change of an indicator: who moved it from what to what, when and why."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=IndicatorStatus.choices)
    to_status = models.CharField(
        pgettext_lazy("status", "to"), max_length=20, choices=IndicatorStatus.choices
    )
    at = models.DateTimeField(_("at"))
    by = staff_reference(_("by"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class PlatformReplyImport(ScopedModel):
    """An uploaded CSV of platform replies (bans, rejections, unbans) with its per-row report.
    Either every row applies or none does."""

    file_name = models.CharField(_("file"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_failed = models.PositiveIntegerField(_("rows with errors"), default=0)
    report = models.JSONField(_("report"), default=list)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    scope = Scope(unit="unit", station="unit", officer="uploaded_by")

    class Meta:
        verbose_name = _("platform reply import")
        verbose_name_plural = _("platform reply imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("indicators:import_detail", args=[self.pk])

    @property
    def failed_rows(self) -> list[dict[str, Any]]:
        return [r for r in self.report if r.get("errors")]
