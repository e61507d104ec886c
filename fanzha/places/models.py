"""Places of the district: communities, compounds, enterprises, schools, sites, small venues,
banks, hotels, restaurants and the government service centre."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fanzha.core.models import ScopedModel
from fanzha.core.scoping import Scope
from fanzha.places.choices import PlaceKind


class Place(ScopedModel):
    """A place with its grid, the unit responsible by territory (the grid's 办事处) and the unit
    responsible by sector (DOMAIN.md §1). Enterprises carry a USCC; a code that fails the checksum
    is accepted only with the administrator's audited override."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices, db_index=True)
    uscc = models.CharField(_("USCC"), max_length=18, null=True, blank=True, unique=True)
    uscc_override = models.BooleanField(_("checksum override"), default=False, editable=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    grid = models.ForeignKey(
        "org.Grid", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="places"
    )
    territory_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("responsible by territory"),
        on_delete=models.PROTECT,
        related_name="territory_places",
        editable=False,
    )
    sector_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("responsible by sector"),
        on_delete=models.PROTECT,
        related_name="sector_places",
        null=True,
        blank=True,
    )
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone_cipher = models.TextField(blank=True, editable=False)
    contact_phone_index = models.CharField(max_length=32, blank=True, editable=False)
    contact_phone_mask = models.CharField(
        _("contact phone"), max_length=20, blank=True, editable=False
    )
    employees = models.PositiveIntegerField(_("employees"), default=0)

    scope = Scope(
        grid="grid",
        office="territory_unit",
        community="grid__community",
        sector="sector_unit",
        station="grid__station",
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="enterprise") | Q(uscc__isnull=True), name="place_uscc_only_firms"
            ),
        ]
        indexes = [models.Index(fields=["grid", "kind"], name="place_grid_kind")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:place_detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.territory_unit_id = self.grid.office_id
        super().save(*args, **kwargs)

    def set_contact_phone(self, value: str) -> None:
        from fanzha.lib.sealed import seal_phone

        if not value:
            self.contact_phone_cipher = self.contact_phone_index = self.contact_phone_mask = ""
            return
        sealed = seal_phone(value)
        self.contact_phone_cipher = sealed.cipher
        self.contact_phone_index = sealed.index
        self.contact_phone_mask = sealed.mask
