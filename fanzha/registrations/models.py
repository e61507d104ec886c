"""金钟罩-style warning registrations (a registrant and their protection circle) and 国家反诈中心
App installs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fanzha.core.models import ScopedModel, staff_reference
from fanzha.core.scoping import Scope
from fanzha.registrations.choices import RegistrationSource, Relation


class Registration(ScopedModel):
    """A resident registered for fraud warnings on a phone number, credited to the officer and
    police station whose QR code they came through, in the community they chose. 'Registered'
    counts registrations; 'protected' counts registrants plus their family members."""

    registrant = models.OneToOneField(
        "people.Resident",
        verbose_name=_("registrant"),
        on_delete=models.PROTECT,
        related_name="registration",
    )
    phone_cipher = models.TextField(editable=False)
    phone_index = models.CharField(max_length=32, editable=False, unique=True)
    phone_mask = models.CharField(_("registered phone"), max_length=20, editable=False)
    grid = models.ForeignKey(
        "org.Grid",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    community = models.ForeignKey(
        "org.Unit",
        verbose_name=_("community chosen"),
        on_delete=models.PROTECT,
        related_name="community_registrations",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer credited"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credited_registrations",
    )
    station = models.ForeignKey(
        "org.Unit",
        verbose_name=_("police station credited"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="station_registrations",
    )
    tags = models.CharField(_("tags"), max_length=200, blank=True, default="")
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=RegistrationSource.choices,
        default=RegistrationSource.STAFF,
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    family_count = models.PositiveSmallIntegerField(
        _("family members"),
        default=0,
        editable=False,
        help_text=_("Kept in step with the family members by add_family_member."),
    )

    scope = Scope.via_grid("grid", officer="officer", sector="registrant__employer__sector_unit")

    class Meta:
        verbose_name = _("warning registration")
        verbose_name_plural = _("warning registrations")
        ordering = ["-registered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(family_count__lte=20), name="registration_family_count_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registrant} {self.phone_mask}"

    def get_absolute_url(self) -> str:
        return reverse("registrations:registration_detail", args=[self.pk])

    @property
    def protected_count(self) -> int:
        return 1 + self.family_count


class FamilyMember(models.Model):
    """A member of a registrant's protection circle (保护圈); at most
    ``FANZHA_MAX_FAMILY_MEMBERS`` (8) per registration."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="family",
    )
    name = models.CharField(_("name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    phone_cipher = models.TextField(editable=False)
    phone_index = models.CharField(max_length=32, editable=False, db_index=True)
    phone_mask = models.CharField(_("phone"), max_length=20, editable=False)
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="protected_by",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "phone_index"], name="family_member_unique_phone"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AppInstall(ScopedModel):
    """A resident who installed the 国家反诈中心 App, and whether its warning feature is on."""

    resident = models.OneToOneField(
        "people.Resident",
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="app_install",
    )
    installed_on = models.DateField(_("installed on"), default=timezone.localdate)
    warning_enabled = models.BooleanField(_("warning feature on"), default=True)
    recorded_by = staff_reference(_("recorded by"))

    scope = Scope.via_grid("resident__grid", sector="resident__employer__sector_unit")

    class Meta:
        verbose_name = _("App install")
        verbose_name_plural = _("App installs")
        ordering = ["-installed_on", "-pk"]

    def __str__(self) -> str:
        return str(self.resident)
