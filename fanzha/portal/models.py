"""The residents' portal: what residents submitted (for the staff side), verification codes
and the rate-limit counters that keep the public forms usable under abuse."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fanzha.core.models import ScopedModel
from fanzha.core.scoping import Scope
from fanzha.portal.choices import ReportKind, SubmissionKind


class Submission(ScopedModel):
    """One thing a resident did in the portal, as the staff side sees it: the community it
    belongs to, what came of it (``ref`` names the registration, indicator or pledge row) and a
    short outcome. Message texts and numbers are not kept here: only the verdict."""

    kind = models.CharField(_("kind"), max_length=20, choices=SubmissionKind.choices, db_index=True)
    community = models.ForeignKey(
        "org.Unit",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_submissions",
    )
    grid = models.ForeignKey(
        "org.Grid",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_submissions",
    )
    officer = models.ForeignKey(
        "accounts.User",
        verbose_name=_("officer credited"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portal_submissions",
    )
    report_kind = models.CharField(
        _("reported kind"), max_length=20, blank=True, choices=ReportKind.choices
    )
    ref = models.CharField(_("reference"), max_length=60, blank=True)
    outcome = models.CharField(_("outcome"), max_length=120, blank=True)
    note = models.TextField(_("what happened"), blank=True)
    consent_version = models.CharField(
        _("consent notice version"),
        max_length=20,
        blank=True,
        help_text=_(
            "For a registration: the version of the consent notice the resident agreed to."
        ),
    )

    # A submission without a community (a message check from anywhere) is district-wide:
    # only the global roles see it.
    scope = Scope(
        grid="grid",
        community="community",
        office="community__parent",
        station="community__police_station",
        officer="officer",
    )

    class Meta:
        verbose_name = _("portal submission")
        verbose_name_plural = _("portal submissions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "created_at"], name="portal_kind_created")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="registration") | ~Q(consent_version=""),
                name="portal_registration_has_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Screenshot(models.Model):
    """A checked, metadata-free screenshot attached to a fraud report. Kept apart from
    :class:`Submission` so the change log never has to snapshot file contents."""

    submission = models.OneToOneField(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="screenshot",
    )
    file = models.FileField(_("screenshot"), upload_to="portal/%Y/%m/")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("screenshot")
        verbose_name_plural = _("screenshots")

    def __str__(self) -> str:
        return f"screenshot {self.pk}"


class PhoneCode(models.Model):
    """A verification code sent to a phone. Only a keyed hash of the code is kept; a code is
    spent on first correct use and dies after ``FANZHA_PORTAL_CODE_MAX_TRIES`` wrong tries."""

    phone_index = models.CharField(max_length=32, db_index=True)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("expires at"))
    tries = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        indexes = [
            models.Index(
                fields=["phone_index", "expires_at"],
                condition=Q(used_at__isnull=True),
                name="portal_code_open",
            ),
        ]

    def __str__(self) -> str:
        return f"code {self.pk}"


class RateCounter(models.Model):
    """Hits of one rate-limit key (a hash of IP or phone index and the form) in one fixed
    window. Shared by every web worker through the database; a hit is a conditional UPDATE,
    so concurrent requests cannot both take the last allowed slot."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="portal_rate_window"),
        ]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.count}"
