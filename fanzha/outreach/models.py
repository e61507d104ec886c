"""Household pledges (承诺书), 六进 publicity activities, venue banners hung, their uploads, and
print runs made in the background."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fanzha.core.models import ScopedModel, TimeStampedModel, staff_reference
from fanzha.core.scoping import RestrictedManager, Scope
from fanzha.outreach.choices import (
    PledgeMethod,
    PrintKind,
    PrintStatus,
    PublicityForm,
    SixInto,
    UploadKind,
)

_GRID_SCOPE = Scope(
    grid="grid", office="grid__office", community="grid__community", station="grid__station"
)


class Pledge(ScopedModel):
    """A household's signed anti-fraud pledge (户籍式承诺): one per household, on paper (with an
    uploaded scan) or electronically (staff tablet or the residents' portal). A household without
    a row has not signed. ``grid`` is copied from the household so coverage is one GROUP BY."""

    household = models.OneToOneField(
        "people.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="pledge",
    )
    grid = models.ForeignKey(
        "org.Grid",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        related_name="pledges",
        editable=False,
    )
    method = models.CharField(_("signed"), max_length=12, choices=PledgeMethod.choices)
    signer_name = models.CharField(_("signer"), max_length=50)
    signed_on = models.DateField(_("signed on"))
    channel = models.CharField(
        _("channel"),
        max_length=20,
        blank=True,
        default="",
        help_text=_("Where an electronic signature came from, e.g. the residents' portal."),
    )
    recorded_by = staff_reference(_("recorded by"))

    scope = _GRID_SCOPE

    class Meta:
        verbose_name = _("household pledge")
        verbose_name_plural = _("household pledges")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=PledgeMethod.values), name="pledge_method_valid"
            ),
            models.CheckConstraint(condition=~Q(signer_name=""), name="pledge_signer_required"),
        ]
        indexes = [models.Index(fields=["grid", "signed_on"], name="pledge_grid_signed")]

    def __str__(self) -> str:
        return f"{self.household.code} {self.signer_name}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:pledge_detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.grid_id = self.household.grid_id
        super().save(*args, **kwargs)


class Activity(ScopedModel):
    """A 六进 publicity activity: category, forms, place, date, organising unit, headcount,
    materials, photos, and whether it covered 断卡 (the assessment's 2-point item)."""

    title = models.CharField(_("title"), max_length=120)
    category = models.CharField(_("六进 category"), max_length=12, choices=SixInto.choices)
    # Stored as "|code|code|" (like Resident.tags): "uses form X" is one LIKE on both databases.
    forms = models.CharField(_("forms"), max_length=200)
    held_on = models.DateField(_("date"), db_index=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="publicity_activities",
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publicity_activities",
    )
    grid = models.ForeignKey(
        "org.Grid",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publicity_activities",
        help_text=_("Filled from the place when one is chosen."),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    materials = models.PositiveIntegerField(
        _("materials handed out"), default=0, help_text=_("Leaflets, pledge forms, gifts.")
    )
    materials_note = models.CharField(_("materials"), max_length=200, blank=True)
    covers_card = models.BooleanField(_("covered 断卡"), default=False)
    recorded_by = staff_reference(_("recorded by"))

    scope = Scope(
        unit="unit",
        grid="grid",
        office="grid__office",
        community="grid__community",
        station="grid__station",
        sector="place__sector_unit",
    )

    class Meta:
        verbose_name = _("publicity activity")
        verbose_name_plural = _("publicity activities")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(forms=""), name="activity_forms_required"),
            models.CheckConstraint(
                condition=Q(category__in=SixInto.values), name="activity_category_valid"
            ),
        ]
        indexes = [models.Index(fields=["unit", "held_on"], name="activity_unit_held")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:activity_detail", args=[self.pk])

    @property
    def form_list(self) -> list[str]:
        return [f for f in self.forms.split("|") if f]

    def set_forms(self, codes: list[str]) -> None:
        unique = sorted(set(codes))
        self.forms = "|" + "|".join(unique) + "|" if unique else ""

    @property
    def form_labels(self) -> str:
        labels = dict(PublicityForm.choices)
        return "、".join(str(labels.get(f, f)) for f in self.form_list)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.place_id and self.place is not None:
            self.grid_id = self.place.grid_id
        super().save(*args, **kwargs)


class BannerHanging(ScopedModel):
    """A venue has hung its banners for a year: how many, the texts as printed (with the case
    figures of that day, so later corrections to the register do not rewrite history), and a
    proof photo (an :class:`Upload`)."""

    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("venue"),
        on_delete=models.CASCADE,
        related_name="banner_hangings",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    hung_on = models.DateField(_("hung on"))
    count = models.PositiveSmallIntegerField(_("banners hung"))
    texts = models.JSONField(_("texts"), default=list, blank=True)
    case_count = models.PositiveIntegerField(_("cases stated"), default=0)
    loss = models.DecimalField(_("loss stated (yuan)"), max_digits=14, decimal_places=2, default=0)
    recorded_by = staff_reference(_("recorded by"))

    scope = Scope(
        grid="place__grid",
        office="place__territory_unit",
        community="place__grid__community",
        sector="place__sector_unit",
        station="place__grid__station",
    )

    class Meta:
        verbose_name = _("banners hung")
        verbose_name_plural = _("banners hung")
        ordering = ["-hung_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["place", "year"], name="banner_one_per_venue_year"),
            models.CheckConstraint(condition=Q(count__gte=1), name="banner_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:venue_detail", args=[self.place_id])


def _upload_path(instance: Upload, filename: str) -> str:
    # A random name: nothing of the uploader's file name reaches the file system.
    ext = PurePath(filename).suffix.lower()[:6]
    return f"outreach/{instance.kind}/{uuid.uuid4().hex}{ext}"


class Upload(ScopedModel):
    """A checked upload: type detected from content, image re-encoded without EXIF/GPS, stored
    under MEDIA_ROOT with a random name and served only by a view that checks ``restrict``.
    It belongs to exactly one pledge, activity or banner record and inherits its scope."""

    kind = models.CharField(_("kind"), max_length=20, choices=UploadKind.choices)
    file = models.FileField(_("file"), upload_to=_upload_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64, editable=False)
    original_name = models.CharField(_("original name"), max_length=120, blank=True)
    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, null=True, blank=True, related_name="uploads"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="uploads"
    )
    hanging = models.ForeignKey(
        BannerHanging, on_delete=models.CASCADE, null=True, blank=True, related_name="uploads"
    )
    uploaded_by = staff_reference(_("uploaded by"))

    # The audit snapshot cannot serialise a FieldFile yet (requested from the lead); the owner
    # row's change record and the upload's own uploaded_by/created_at carry the history.
    change_logged = False

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(pledge__isnull=False, activity__isnull=True, hanging__isnull=True)
                    | Q(pledge__isnull=True, activity__isnull=False, hanging__isnull=True)
                    | Q(pledge__isnull=True, activity__isnull=True, hanging__isnull=False)
                ),
                name="upload_exactly_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return str(self.original_name or self.file.name)

    def get_absolute_url(self) -> str:
        return reverse("outreach:upload", args=[self.pk])

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        """An upload is visible exactly where its owner row is."""
        return (
            Q(pledge__in=Pledge.objects.restrict(user, action).values("pk"))  # type: ignore
            | Q(activity__in=Activity.objects.restrict(user, action).values("pk"))  # type: ignore
            | Q(hanging__in=BannerHanging.objects.restrict(user, action).values("pk"))  # type: ignore
        )


class PrintJob(TimeStampedModel):
    """A print run too large for one request (every venue's banners, a grid's pledge forms),
    made into one PDF by the worker (``fanzha.outreach.printing``).

    ``item_ids`` are the rows chosen, in print order, taken under the requester's scope when
    they asked (the worker applies it again). ``claim`` and ``lease_until`` let exactly one
    worker render the job; the file is deleted after ``FANZHA_PRINT_RETENTION_HOURS``. Only the
    requester sees a job (and the global roles, who see every row it can hold)."""

    kind = models.CharField(_("kind"), max_length=20, choices=PrintKind.choices)
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=120)
    params = models.JSONField(default=dict, blank=True, editable=False)
    item_ids = models.JSONField(default=list, blank=True, editable=False)
    item_count = models.PositiveIntegerField(_("items"))
    done_items = models.PositiveIntegerField(_("items done"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=PrintStatus.choices, default=PrintStatus.QUEUED
    )
    file = models.FileField(_("file"), upload_to="prints/%Y/%m/", blank=True, max_length=200)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_items__lte=F("item_count")), name="print_job_done_within_items"
            ),
            models.CheckConstraint(
                condition=~Q(status="running") | Q(claim__isnull=False, lease_until__isnull=False),
                name="print_job_running_is_claimed",
            ),
        ]
        indexes = [
            # The recovery job's query: renders whose worker's lease ran out.
            models.Index(
                fields=["lease_until"], name="print_job_lease", condition=Q(status="running")
            ),
            # The retention job's query.
            models.Index(fields=["finished_at"], name="print_job_finished", condition=~Q(file="")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:print_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        return Q(requested_by=user)

    @property
    def is_open(self) -> bool:
        return self.status in (PrintStatus.QUEUED, PrintStatus.RUNNING)

    @property
    def progress_percent(self) -> int:
        return 100 * self.done_items // self.item_count if self.item_count else 0
