"""Import jobs: a file handed over by a district, validated row by row, stored all or nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fanzha.core.models import TimeStampedModel
from fanzha.core.scoping import RestrictedManager, Scope
from fanzha.imports.choices import ImportKind, ImportPhase, ImportStatus

__all__ = ["ImportJob", "ImportKind", "ImportPhase", "ImportStatus"]


class ImportJob(TimeStampedModel):
    """One uploaded file. ``errors`` holds the per-row report (row, column, reason in Chinese);
    nothing is stored unless every row is good. A job belongs to the uploader's unit; the
    uploader's scope decides which rows of the file are acceptable. ``created_by`` is empty for
    imports run from the command line by the operator."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    dry_run = models.BooleanField(_("dry run"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    phase = models.CharField(
        _("phase"), max_length=12, choices=ImportPhase.choices, default=ImportPhase.QUEUED
    )
    background = models.BooleanField(_("background job"), default=False)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    stored_rows = models.PositiveIntegerField(_("rows stored"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    ignored_columns = models.JSONField(_("ignored columns"), default=list, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source_job = models.ForeignKey(
        "self",
        verbose_name=_("confirms dry run"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="confirmations",
    )

    objects = RestrictedManager()
    scope = Scope(unit="unit", officer="created_by")

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stored_rows=0) | Q(dry_run=False),
                name="importjob_dry_run_stores_nothing",
            ),
        ]
        indexes = [
            # The worker and the progress poll look up unfinished jobs.
            models.Index(
                fields=["status"],
                name="importjob_open",
                condition=Q(status__in=["pending", "running"]),
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("imports:job_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (ImportStatus.PENDING, ImportStatus.RUNNING)

    @property
    def progress_percent(self) -> int:
        """Checking the file is the first half of the work, storing it the second."""
        if not self.total_rows:
            return 100 if not self.is_open else 0
        checked = min(1.0, self.processed_rows / self.total_rows)
        if self.dry_run:
            return round(100 * checked)
        stored = min(1.0, self.stored_rows / self.total_rows)
        return round(50 * checked + 50 * stored)

    @property
    def can_confirm(self) -> bool:
        """A dry run that passed can be imported for real while its file is kept."""
        return self.dry_run and self.status == ImportStatus.VALIDATED and bool(self.file)
