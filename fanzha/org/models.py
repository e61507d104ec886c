"""The district's organisation: units (办事处, 社区/村居, sector units, police) and grids."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fanzha.core.models import ScopedModel
from fanzha.org.choices import AssessmentCategory, SectorKind, UnitKind


class Unit(ScopedModel):
    """A unit of the district: the district itself, a 办事处 and its 社区/村居, a sector unit
    (税务分局, 财政分局, 执法局, 市场监管局, 教育局), the 公安分局 (which holds the 领导小组办公室
    role) and its 派出所. Units form a tree through ``parent``."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    sector = models.CharField(
        _("sector"), max_length=20, choices=SectorKind.choices, blank=True, default=""
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_leading_office = models.BooleanField(
        _("leading group office"),
        default=False,
        help_text=_("The police sub-bureau acts as the office of the anti-fraud leading group."),
    )
    police_station = models.ForeignKey(
        "self",
        verbose_name=_("police station"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="covered_units",
        limit_choices_to={"kind": UnitKind.STATION},
        help_text=_("For a community or village: the station that covers it."),
    )
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("office phone"), max_length=30, blank=True)
    # Where the unit's office is (WGS-84 degrees): the residents' portal lists the communities
    # nearest a resident by these. Both or neither.
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="sector") | ~Q(sector=""), name="unit_sector_kind_required"
            ),
            models.UniqueConstraint(
                fields=["is_leading_office"],
                condition=Q(is_leading_office=True),
                name="unit_single_leading_office",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="unit_coordinates_pair_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:unit_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        """Units: a liaison or officer sees their own unit and the units under it."""
        from fanzha.accounts.choices import Role

        if user.unit_id is None:
            return Q(pk__in=[])
        q = Q(pk=user.unit_id) | Q(parent_id=user.unit_id)
        if user.role == Role.OFFICER:
            q |= Q(police_station_id=user.unit_id)
        if action != "view":
            # Nobody but the administrator restructures the organisation.
            return Q(pk__in=[])
        return q

    @property
    def assessment_category(self) -> str | None:
        if self.kind == UnitKind.OFFICE:
            return AssessmentCategory.OFFICE
        if self.kind in (UnitKind.SECTOR, UnitKind.BUREAU):
            return AssessmentCategory.SECTOR
        return None

    @property
    def office(self) -> Unit | None:
        """The 办事处 a community or village belongs to (itself for an office)."""
        if self.kind == UnitKind.OFFICE:
            return self
        if self.kind in (UnitKind.COMMUNITY, UnitKind.VILLAGE):
            return self.parent
        return None


class Grid(ScopedModel):
    """A grid (网格) of the social-governance 全科大网格: part of one 社区/村居, worked by grid
    workers, covered by a police station. ``office`` and ``station`` are copied from the
    community on save so scoping filters need one join, not three."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        Unit,
        verbose_name=_("community / village"),
        on_delete=models.PROTECT,
        related_name="grids",
        limit_choices_to={"kind__in": [UnitKind.COMMUNITY, UnitKind.VILLAGE]},
    )
    office = models.ForeignKey(
        Unit,
        verbose_name=_("sub-district office"),
        on_delete=models.PROTECT,
        related_name="office_grids",
        editable=False,
    )
    station = models.ForeignKey(
        Unit,
        verbose_name=_("police station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="station_grids",
        editable=False,
    )
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("grid workers"), related_name="grids", blank=True
    )

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:grid_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        from fanzha.core.scoping import Scope, scope_q

        if action != "view":
            from fanzha.accounts.choices import Role

            if user.role != Role.LIAISON:
                return Q(pk__in=[])
        return scope_q(
            Scope(grid="pk", office="office", community="community", station="station"), user
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.community.parent_id is None:
            raise ValueError("A community or village must belong to a sub-district office")
        self.office_id = self.community.parent_id
        self.station_id = self.community.police_station_id
        super().save(*args, **kwargs)
