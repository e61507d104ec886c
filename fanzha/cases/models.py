"""The case register (发案): one row per telecom-fraud case, with the units it counts for."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.cases.choices import AttributionRule, CaseSource, CaseStatus, Channel, FraudType
from fanzha.core.models import ScopedModel
from fanzha.core.scoping import Scope
from fanzha.lib import crypto
from fanzha.lib.masking import mask_name

CASE_SCOPE = Scope(
    grid="grid",
    office="grid__office",
    community="grid__community",
    station="grid__station",
    sector="employer__sector_unit",
    unit="victim_unit",
    officer="created_by",
)


class Case(ScopedModel):
    """A telecom-fraud case: when it was reported and when it happened, the victim (a resident,
    or a person entered with a validated ID number), where the victim lives and works, the fraud
    type and channel, the money lost and recovered, and its status. The units it counts for are
    kept as :class:`CaseAttribution` rows (recomputed on save by ``fanzha.cases.attribution``)."""

    reference = models.CharField(
        _("police case number"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("The number in the police case system, if any."),
    )
    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    victim = models.ForeignKey(
        "people.Resident",
        verbose_name=_("victim (resident)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    victim_name = models.CharField(_("victim name"), max_length=50)
    victim_id_cipher = models.TextField(blank=True, editable=False)
    victim_id_index = models.CharField(max_length=32, blank=True, editable=False, db_index=True)
    victim_id_mask = models.CharField(
        _("victim ID number"), max_length=20, blank=True, editable=False
    )
    grid = models.ForeignKey(
        "org.Grid",
        verbose_name=_("grid of residence"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    employer = models.ForeignKey(
        "places.Place",
        verbose_name=_("employer or venue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    victim_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("victim's assessed unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_cases",
        help_text=_("Set when the victim is on the staff of an assessed unit."),
    )
    internal_staff = models.BooleanField(_("internal-staff case"), default=False)
    fraud_type = models.CharField(_("fraud type"), max_length=8, choices=FraudType.choices)
    channel = models.CharField(
        pgettext_lazy("fraud", "channel"), max_length=10, choices=Channel.choices
    )
    loss = models.DecimalField(
        _("loss (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    recovered = models.DecimalField(
        _("recovered (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CaseStatus.choices,
        default=CaseStatus.OPEN,
        db_index=True,
    )
    source = models.CharField(
        _("source"), max_length=10, choices=CaseSource.choices, default=CaseSource.MANUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_cases",
    )
    contacts = models.ManyToManyField(
        "indicators.Indicator",
        verbose_name=_("fraud contacts used"),
        blank=True,
        related_name="cases",
    )
    alerts = models.ManyToManyField(
        "alerts.Alert", verbose_name=_("alerts it came from"), blank=True, related_name="cases"
    )

    scope = CASE_SCOPE

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(loss__gte=0), name="case_loss_not_negative"),
            models.CheckConstraint(
                condition=Q(recovered__gte=0) & Q(recovered__lte=F("loss")),
                name="case_recovered_within_loss",
            ),
            models.CheckConstraint(
                condition=Q(occurred_at__lte=F("reported_at")),
                name="case_occurred_before_reported",
            ),
            models.CheckConstraint(
                condition=Q(internal_staff=False) | Q(victim_unit__isnull=False),
                name="case_internal_staff_has_unit",
            ),
        ]
        indexes = [models.Index(fields=["fraud_type", "reported_at"], name="case_type_reported")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.masked_victim} {self.get_fraud_type_display()}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.pk])

    @property
    def masked_victim(self) -> str:
        """The victim's name as documents leaving the platform show it (张*三)."""
        return mask_name(self.victim_name)

    def set_victim_id(self, value: str) -> None:
        """Seal a non-resident victim's ID number (validated by GB 11643)."""
        from fanzha.lib.sealed import seal_resident_id

        if not value:
            self.victim_id_cipher = self.victim_id_index = self.victim_id_mask = ""
            return
        sealed = seal_resident_id(value)
        self.victim_id_cipher, self.victim_id_index, self.victim_id_mask = (
            sealed.cipher,
            sealed.index,
            sealed.mask,
        )

    def reveal(self, field: str) -> str:
        """The full ID; callers go through ``fanzha.audit.trail.reveal`` (checks and logs)."""
        if field != "id_number":
            raise KeyError(field)
        return crypto.decrypt(self.victim_id_cipher) if self.victim_id_cipher else ""

    @property
    def net_loss(self) -> Decimal:
        return self.loss - self.recovered

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.victim_id:
            # The resident row is the source of truth for who the victim is.
            victim = self.victim
            assert victim is not None
            self.victim_name = victim.name
            self.victim_id_cipher = victim.id_cipher
            self.victim_id_index = victim.id_index
            self.victim_id_mask = victim.id_mask
            if not self.grid_id:
                self.grid_id = victim.grid_id
            if not self.employer_id and victim.employer_id:
                self.employer_id = victim.employer_id
        super().save(*args, **kwargs)
        from fanzha.cases.attribution import attribute

        attribute(self)


class CaseAttribution(models.Model):
    """One unit a case counts for, and the written rule (a setting) that put it there. These rows
    are the input of the assessment's year-on-year item; anyone can check them case by case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attributions")
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="case_attributions",
    )
    rule = models.CharField(
        pgettext_lazy("attribution", "rule"), max_length=20, choices=AttributionRule.choices
    )

    class Meta:
        verbose_name = _("case attribution")
        verbose_name_plural = _("case attributions")
        constraints = [
            models.UniqueConstraint(fields=["case", "unit"], name="case_attribution_once_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.unit_id} ({self.rule})"
