"""三包: each village, residential compound and enterprise gets one staff member and one police
officer, chosen by its risk (cases, loss, vulnerable residents) and evened out by a solver."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.baobao.choices import AssignMode, RunStatus
from fanzha.core.models import ScopedModel, staff_reference
from fanzha.core.scoping import Scope, scope_q

AREA_SCOPE = Scope(
    grid="area__grid",
    office="area__territory_unit",
    community="area__grid__community",
    sector="area__sector_unit",
    station="area__grid__station",
)


class AssignmentRun(ScopedModel):
    """One run of the 三包 solver: who ran it, with which weights, and how even the result is.
    Only the district administrator (and leaders, read-only) see runs."""

    run_by = staff_reference(_("run by"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices)
    areas = models.PositiveIntegerField(_("areas"), default=0)
    staff_assigned = models.PositiveIntegerField(_("areas with a staff member"), default=0)
    officer_assigned = models.PositiveIntegerField(_("areas with an officer"), default=0)
    locked = models.PositiveIntegerField(_("manual assignments kept"), default=0)
    seconds = models.FloatField(_("solver time (s)"), default=0)
    weights = models.JSONField(_("weights"), default=dict)
    summary = models.JSONField(_("load summary"), default=dict)

    class Meta:
        verbose_name = _("三包 assignment run")
        verbose_name_plural = _("三包 assignment runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.created_at:%Y-%m-%d %H:%M}"


class Assignment(ScopedModel):
    """The 三包 assignment of one area (a village, compound or enterprise place): its risk with
    the inputs, the staff member and the officer, how each was chosen, and whether a person was
    set by hand (a manual choice is kept by every later run)."""

    area = models.OneToOneField(
        "places.Place",
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        related_name="baobao",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="baobao_assignments",
        help_text=_("The area's 办事处 by territory."),
    )
    risk = models.DecimalField(_("risk score"), max_digits=12, decimal_places=2, default=0)
    cases = models.PositiveIntegerField(pgettext_lazy("count", "cases"), default=0)
    loss = models.DecimalField(_("loss (yuan)"), max_digits=14, decimal_places=2, default=0)
    vulnerable = models.PositiveIntegerField(_("vulnerable residents"), default=0)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("assigned", "staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="baobao_staff",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("police officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="baobao_officer",
    )
    staff_mode = models.CharField(
        _("staff chosen"), max_length=10, choices=AssignMode.choices, default=AssignMode.NONE
    )
    officer_mode = models.CharField(
        _("officer chosen"), max_length=10, choices=AssignMode.choices, default=AssignMode.NONE
    )
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    override_note = models.CharField(_("reason for the manual choice"), max_length=200, blank=True)
    run = models.ForeignKey(
        AssignmentRun,
        verbose_name=_("run"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
    )

    class Meta:
        verbose_name = _("三包 assignment")
        verbose_name_plural = _("三包 assignments")
        ordering = ["-risk", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__isnull=True) | Q(officer__isnull=True) | ~Q(staff=F("officer")),
                name="baobao_staff_not_officer",
            ),
            models.CheckConstraint(
                condition=~Q(staff_mode="manual") | Q(staff__isnull=False),
                name="baobao_manual_staff_has_person",
            ),
            models.CheckConstraint(
                condition=~Q(officer_mode="manual") | Q(officer__isnull=False),
                name="baobao_manual_officer_has_person",
            ),
            models.CheckConstraint(condition=Q(risk__gte=0), name="baobao_risk_not_negative"),
        ]
        indexes = [models.Index(fields=["unit", "risk"], name="baobao_unit_risk")]

    def __str__(self) -> str:
        return str(self.area)

    def get_absolute_url(self) -> str:
        return reverse("baobao:assignment_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        """The area's territory/sector/station as for places, plus the rows a person holds."""
        q = scope_q(AREA_SCOPE, user)
        if action == "view":
            q |= Q(staff=user.pk) | Q(officer=user.pk)
        return q
