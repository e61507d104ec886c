"""Households and residents. ID and phone numbers are sealed (``fanzha.lib.sealed``): encrypted,
blind-indexed for exact lookup, and masked for display."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fanzha.core.models import ScopedModel
from fanzha.core.scoping import Scope
from fanzha.lib import crypto
from fanzha.people.choices import Gender, tag_label

RESIDENT_SCOPE = Scope.via_grid("grid", sector="employer__sector_unit")


class Household(ScopedModel):
    """A registered household (户) at an address in a grid."""

    code = models.CharField(_("household number"), max_length=40, unique=True)
    address = models.CharField(_("address"), max_length=200)
    grid = models.ForeignKey(
        "org.Grid", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="households"
    )

    scope = Scope.via_grid("grid")

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.address}"

    def get_absolute_url(self) -> str:
        return reverse("people:household_detail", args=[self.pk])


class Resident(ScopedModel):
    """A resident with their household, grid, employer place and vulnerability tags.

    Birth date and gender are derived from the ID number on save."""

    name = models.CharField(_("name"), max_length=50, db_index=True)
    id_cipher = models.TextField(editable=False)
    id_index = models.CharField(max_length=32, editable=False)
    id_mask = models.CharField(_("ID number"), max_length=20, editable=False)
    phone_cipher = models.TextField(blank=True, editable=False)
    phone_index = models.CharField(max_length=32, blank=True, editable=False)
    phone_mask = models.CharField(_("phone"), max_length=20, blank=True, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, editable=False)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    grid = models.ForeignKey(
        "org.Grid",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        related_name="residents",
        db_index=False,  # resident_grid_birth (grid, birth_date) serves grid lookups
    )
    employer = models.ForeignKey(
        "places.Place",
        verbose_name=_("employer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_residents",
    )
    # Tags are stored as "|code|code|" so "has tag" is one indexed-free LIKE on both databases
    # and bulk imports stay one row per resident.
    tags = models.CharField(_("tags"), max_length=200, blank=True, default="")

    scope = RESIDENT_SCOPE

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["pk"]
        permissions = [("reveal_identifiers", "May see full ID and phone numbers")]
        constraints = [
            models.UniqueConstraint(fields=["id_index"], name="resident_unique_id_number"),
        ]
        # Equality lookups only: one plain b-tree each (a db_index CharField would also get a
        # LIKE index on PostgreSQL, which costs every insert and serves no query).
        indexes = [
            models.Index(fields=["grid", "birth_date"], name="resident_grid_birth"),
            models.Index(fields=["phone_index"], name="resident_phone_index"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:resident_detail", args=[self.pk])

    # -- identifiers ----------------------------------------------------------------------------
    def set_id_number(self, value: str) -> None:
        from fanzha.lib.identifiers import parse_resident_id
        from fanzha.lib.sealed import seal_normalised_id

        parsed = parse_resident_id(value)
        sealed = seal_normalised_id(parsed.number)
        self.id_cipher, self.id_index, self.id_mask = sealed.cipher, sealed.index, sealed.mask
        self.birth_date, self.gender = parsed.birth_date, parsed.gender

    def set_phone(self, value: str) -> None:
        from fanzha.lib.sealed import seal_phone

        if not value:
            self.phone_cipher = self.phone_index = self.phone_mask = ""
            return
        sealed = seal_phone(value)
        self.phone_cipher, self.phone_index, self.phone_mask = (
            sealed.cipher,
            sealed.index,
            sealed.mask,
        )

    def reveal(self, field: str) -> str:
        """The full value; callers go through ``fanzha.audit.reveal`` which checks and logs."""
        cipher = {"id_number": self.id_cipher, "phone": self.phone_cipher}[field]
        return crypto.decrypt(cipher) if cipher else ""

    # -- derived --------------------------------------------------------------------------------
    def age(self, on: date | None = None) -> int:
        from fanzha.lib.identifiers import age_on

        return age_on(self.birth_date, on or date.today())

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split("|") if t]

    @property
    def tag_labels(self) -> list[str]:
        return [tag_label(t) for t in self.tag_list]

    def set_tags(self, codes: list[str]) -> None:
        unique = sorted(set(codes))
        self.tags = "|" + "|".join(unique) + "|" if unique else ""

    @staticmethod
    def tag_q(code: str) -> Q:
        return Q(tags__contains=f"|{code}|")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.household is not None and not self.grid_id:
            self.grid_id = self.household.grid_id
        super().save(*args, **kwargs)
