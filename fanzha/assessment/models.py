"""The 100-point assessment (百分制考核): schemes as data, periods, one score sheet per unit
and period, hand-scored items with evidence, and appeals. The rules themselves are pure
functions in :mod:`fanzha.assessment.scoring`; :mod:`fanzha.assessment.periods` applies them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.assessment.choices import (
    AppealStatus,
    ItemRule,
    Light,
    Part,
    PeriodStatus,
    Quarter,
)
from fanzha.core.models import ScopedModel, staff_reference
from fanzha.core.scoping import Scope
from fanzha.org.choices import AssessmentCategory

_NOTHING = Q(pk__in=[])
_EVERYTHING = ~Q(pk__in=[])


def _district_wide(action: str) -> Q:
    """Schemes and periods are the district's rules: every staff member reads them, only the
    administrator (who bypasses scoping) changes them."""
    return _EVERYTHING if action == "view" else _NOTHING


class Scheme(ScopedModel):
    """An assessment scheme: its items (:class:`SchemeItem`) and the numbers of the
    year-on-year rule. The default is DOMAIN.md §2 built from settings; a district edits its
    own copy. At most one scheme is active (used for new periods)."""

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    yoy_stable_points = models.DecimalField(
        _("stable cases: points"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    yoy_points_per_percent = models.DecimalField(
        _("points lost per percentage point of increase"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    yoy_zero_at_percent = models.DecimalField(
        _("increase that scores 0 (%)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    yoy_stable_band_percent = models.DecimalField(
        _("change counted as stable (± %)"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-is_active", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="scheme_single_active"
            ),
            models.CheckConstraint(
                condition=Q(yoy_stable_points__gte=0)
                & Q(yoy_zero_at_percent__gte=0)
                & Q(yoy_points_per_percent__gte=0)
                & Q(yoy_stable_band_percent__gte=0),
                name="scheme_yoy_numbers_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessment:scheme_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        return _district_wide(action)

    def to_spec(self) -> Any:
        """The scheme as the pure rules see it."""
        from fanzha.assessment.scoring import ItemSpec, SchemeSpec, YoyParams

        items = tuple(
            ItemSpec(i.code, i.part, i.rule, i.max_points, i.label, i.office_label)
            for i in self.items.order_by("order", "pk")
        )
        yoy = YoyParams(
            stable_points=self.yoy_stable_points,
            points_per_percent=self.yoy_points_per_percent,
            zero_at_percent=self.yoy_zero_at_percent,
            stable_band_percent=self.yoy_stable_band_percent,
        )
        return SchemeSpec(items=items, yoy=yoy)

    @property
    def max_total(self) -> Decimal:
        return sum((i.max_points for i in self.items.all()), Decimal(0))

    @classmethod
    def default(cls) -> Scheme:
        """The active scheme; the first call creates it from DOMAIN.md §2 (settings)."""
        from fanzha.assessment.scoring import default_scheme

        active = cls.objects.filter(is_active=True).first()
        if active is not None:
            return active
        spec = default_scheme()
        with transaction.atomic():
            scheme = cls.objects.create(
                name=str(_("Default 100-point scheme")),
                yoy_stable_points=spec.yoy.stable_points,
                yoy_points_per_percent=spec.yoy.points_per_percent,
                yoy_zero_at_percent=spec.yoy.zero_at_percent,
                yoy_stable_band_percent=spec.yoy.stable_band_percent,
            )
            for order, item in enumerate(spec.items, start=1):
                SchemeItem.objects.create(
                    scheme=scheme,
                    code=item.code,
                    part=item.part,
                    rule=item.rule,
                    label=item.label,
                    office_label=item.office_label,
                    max_points=item.max_points,
                    order=order,
                )
        return scheme


class SchemeItem(ScopedModel):
    """One item of a scheme with its maximum and its rule (computed from the platform's data
    or scored by hand). A computed rule appears at most once per scheme."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.SlugField(_("code"), max_length=40)
    part = models.CharField(_("part"), max_length=20, choices=Part.choices)
    rule = models.CharField(_("rule"), max_length=20, choices=ItemRule.choices)
    label = models.CharField(_("item"), max_length=120)
    office_label = models.CharField(
        _("wording for a sub-district office"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty when the item reads the same for every unit."),
    )
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("scheme item")
        verbose_name_plural = _("scheme items")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="scheme_item_unique_code"),
            models.UniqueConstraint(
                fields=["scheme", "rule"],
                condition=~Q(rule="manual"),
                name="scheme_item_computed_rule_once",
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=0), name="scheme_item_max_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(rule__in=ItemRule.values), name="scheme_item_rule_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.max_points})"

    def get_absolute_url(self) -> str:
        return reverse("assessment:scheme_detail", args=[self.scheme_id])

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        return _district_wide(action)


class Period(ScopedModel):
    """An assessment period: a year, or a quarter of it. The year-on-year item compares the
    cases from 1 January to the period's end with the same span of the year before; the
    card-breaking inputs look at the period's own dates."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="periods"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        choices=Quarter.choices,
        null=True,
        blank=True,
        help_text=_("Empty for the whole year."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    computed_at = models.DateTimeField(_("inputs collected at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment period")
        verbose_name_plural = _("assessment periods")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=Q(quarter__isnull=True), name="period_unique_year"
            ),
            models.UniqueConstraint(fields=["year", "quarter"], name="period_unique_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="period_quarter_valid",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000), name="period_year_sane"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.quarter:
            return str(_("%(year)s, quarter %(q)s") % {"year": self.year, "q": self.quarter})
        return str(_("%(year)s, whole year") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("assessment:period_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        return _district_wide(action)

    @property
    def starts_on(self) -> date:
        if not self.quarter:
            return date(self.year, 1, 1)
        return date(self.year, 3 * (self.quarter - 1) + 1, 1)

    @property
    def ends_on(self) -> date:
        if not self.quarter or self.quarter == 4:
            return date(self.year, 12, 31)
        first_of_next = date(self.year, 3 * self.quarter + 1, 1)
        return date.fromordinal(first_of_next.toordinal() - 1)

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN


class UnitAssessment(ScopedModel):
    """A unit's score sheet for a period: the inputs collected from the platform (a snapshot,
    so the score can be checked later), and the result of the rules with every step."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="assessments"
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    category = models.CharField(_("category"), max_length=10, choices=AssessmentCategory.choices)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    breakdown = models.JSONField(_("arithmetic"), default=list, blank=True)
    pending = models.JSONField(_("pending items"), default=list, blank=True)
    system_building = models.DecimalField(
        _("work-system building"), max_digits=6, decimal_places=2, default=0
    )
    cases_yoy = models.DecimalField(
        _("cases year on year"), max_digits=6, decimal_places=2, default=0
    )
    card_action = models.DecimalField(
        _("card-breaking action"), max_digits=6, decimal_places=2, default=0
    )
    total = models.DecimalField(
        pgettext_lazy("score", "total"), max_digits=6, decimal_places=2, default=0
    )
    rank = models.PositiveSmallIntegerField(_("rank in category"), default=0)
    light = models.CharField(_("light"), max_length=6, choices=Light.choices, default=Light.RED)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)

    scope = Scope(unit="unit")

    class Meta:
        verbose_name = _("unit assessment")
        verbose_name_plural = _("unit assessments")
        ordering = ["period", "category", "rank", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="assessment_unit_once"),
            models.CheckConstraint(condition=Q(total__gte=0), name="assessment_total_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:assessment_detail", args=[self.pk])


class ManualScore(ScopedModel):
    """A hand-scored item: points (0 to the item's maximum, checked against the scheme before
    saving), the evidence seen and the assessor's reason."""

    assessment = models.ForeignKey(
        UnitAssessment,
        verbose_name=_("unit assessment"),
        on_delete=models.CASCADE,
        related_name="manual_scores",
    )
    item_code = models.SlugField(_("item"), max_length=40)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    evidence = models.TextField(_("evidence"))
    reason = models.TextField(_("reason"))
    # The storage name of a checked evidence file (a path, not a FileField: the change log
    # snapshots field values as JSON). Served only by ``views.evidence_file``.
    evidence_path = models.CharField(max_length=200, blank=True, editable=False)
    evidence_type = models.CharField(max_length=40, blank=True, editable=False)
    scored_by = staff_reference(_("assessor"))

    scope = Scope(unit="assessment__unit")

    class Meta:
        verbose_name = _("manual score")
        verbose_name_plural = _("manual scores")
        ordering = ["assessment", "item_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item_code"], name="manual_score_once_per_item"
            ),
            models.CheckConstraint(condition=Q(points__gte=0), name="manual_score_non_negative"),
            models.CheckConstraint(condition=~Q(evidence=""), name="manual_score_evidence"),
            models.CheckConstraint(condition=~Q(reason=""), name="manual_score_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.item_code} {self.points}"


class Appeal(ScopedModel):
    """A unit's appeal against its score (or one item of it): the reason, then the
    administrator's decision."""

    assessment = models.ForeignKey(
        UnitAssessment,
        verbose_name=_("unit assessment"),
        on_delete=models.CASCADE,
        related_name="appeals",
    )
    item_code = models.SlugField(
        _("item"), max_length=40, blank=True, help_text=_("Empty: the score as a whole.")
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decision = models.TextField(_("decision"), blank=True)
    filed_by = staff_reference(_("filed by"))
    decided_by = staff_reference(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    scope = Scope(unit="assessment__unit")

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="appeal_reason_required"),
            models.CheckConstraint(
                condition=Q(status="pending") | ~Q(decision=""),
                name="appeal_decision_required",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AppealStatus.values), name="appeal_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.get_status_display()}"
