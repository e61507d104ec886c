"""Import jobs: a file handed over by a district, validated row by row, stored all or nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fanzha.core.models import TimeStampedModel
from fanzha.core.scoping import RestrictedManager, Scope


class ImportKind(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    HOUSEHOLDS = "households", _("Households")
    REGISTRATIONS = "registrations", _("Warning registrations")
    PLACES = "places", _("Places")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    INVALID = "invalid", _("Rejected: errors found")
    VALIDATED = "validated", _("Dry run passed")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(TimeStampedModel):
    """One uploaded file. ``errors`` holds the per-row report (row, column, reason in Chinese);
    nothing is stored unless every row is good."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    dry_run = models.BooleanField(_("dry run"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    stored_rows = models.PositiveIntegerField(_("rows stored"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )

    objects = RestrictedManager()
    scope = Scope(unit="unit", officer="created_by")

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
