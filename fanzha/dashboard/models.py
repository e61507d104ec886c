"""Rollups behind the situation dashboard (态势).

Counting 1.7 million residents and a million alerts on every page view is too slow, so each
headline figure is kept as weekly sums per grid, owning unit and sector unit. The rows are scoped
with the same ``restrict(user)`` as the source rows, so a unit liaison's dashboard sums exactly
the rollup rows of their unit.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fanzha.core.scoping import RestrictedManager, Scope


class WeeklyFigure(models.Model):
    """One metric's count (and summed amount) for one week, grid, unit, sector unit and
    breakdown key (e.g. fraud type). ``week`` is the Monday, or null for undated rows."""

    metric = models.CharField(_("metric"), max_length=40)
    week = models.DateField(_("week"), null=True, blank=True)
    grid = models.ForeignKey(
        "org.Grid",
        verbose_name=_("grid"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    sector_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("sector unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    key = models.CharField(_("breakdown"), max_length=40, blank=True, default="")
    count = models.BigIntegerField(_("count"), default=0)
    total = models.DecimalField(_("total"), max_digits=18, decimal_places=2, default=0)

    objects = RestrictedManager()

    # The same paths the source rows are scoped by, so the rollup leaks nothing they would not.
    scope = Scope(
        grid="grid",
        office="grid__office",
        community="grid__community",
        station="grid__station",
        sector="sector_unit",
        unit="unit",
    )

    class Meta:
        verbose_name = _("weekly figure")
        verbose_name_plural = _("weekly figures")
        indexes = [models.Index(fields=["metric", "week"], name="dashboard_metric_week")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gte=0), name="dashboard_figure_count_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.week} {self.count}"


class StaleMetric(models.Model):
    """A metric whose source rows changed since its rollup was built. The refresh job claims
    the row by deleting it (a conditional delete: two workers never rebuild the same metric)."""

    metric = models.CharField(_("metric"), max_length=40, unique=True)
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)

    class Meta:
        verbose_name = _("stale metric")
        verbose_name_plural = _("stale metrics")

    def __str__(self) -> str:
        return self.metric


class RollupState(models.Model):
    """When each metric's rollup was last rebuilt (the dashboard shows the oldest)."""

    metric = models.CharField(_("metric"), max_length=40, unique=True)
    built_at = models.DateTimeField(_("built at"))
    rows = models.PositiveIntegerField(_("rows"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)

    class Meta:
        verbose_name = _("rollup state")
        verbose_name_plural = _("rollup states")

    def __str__(self) -> str:
        return f"{self.metric} @ {self.built_at}"
