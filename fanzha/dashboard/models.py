"""Rollups behind the situation dashboard (态势).

Counting 1.7 million residents and a million alerts on every page view is too slow, so each
headline figure is kept as weekly sums per grid, owning unit and sector unit. The rows are scoped
with the same ``restrict(user)`` as the source rows, so a unit liaison's dashboard sums exactly
the rollup rows of their unit.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.core.scoping import RestrictedManager, Scope


def _area(to: str, verbose_name: Any, *, db_index: bool = True) -> models.ForeignKey:
    """An optional link from a rollup row to the grid or unit it is summed over (deleted with
    it; no reverse accessor: nothing reads rollups from the org side)."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=db_index,
    )


class WeeklyFigure(models.Model):
    """One metric's count (and summed amount) for one week, grid, unit, sector unit and
    breakdown key (e.g. fraud type). ``week`` is the Monday, or null for undated rows."""

    metric = models.CharField(_("metric"), max_length=40)
    week = models.DateField(_("week"), null=True, blank=True)
    grid = _area("org.Grid", _("grid"))
    unit = _area("org.Unit", _("unit"))
    sector_unit = _area("org.Unit", _("sector unit"))
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


class ScopeKind(models.TextChoices):
    """Which users' area a :class:`ScopeFigure` row sums (see ``fanzha.dashboard.scopes``)."""

    DISTRICT = "district", _("Whole district")
    OFFICE = "office", _("Sub-district office")
    COMMUNITY = "community", _("Community or village")
    STATION = "station", _("Police station")
    SECTOR = "sector", _("Sector unit")
    UNIT = "unit", _("Own unit")


class ScopeFigure(models.Model):
    """A metric's weekly count and total over one user area, precomputed from the
    :class:`WeeklyFigure` rows when the metric is rebuilt, so a dashboard reads a few hundred
    rows instead of aggregating hundreds of thousands.

    A row of kind ``office`` for office X sums the weekly rows that ``restrict`` gives the
    liaison of X (rows whose grid lies in X, or that X owns), each once; it sets only
    ``office`` = X, so ``restrict`` shows it to exactly that liaison (and the global roles, who
    read the ``district`` rows, whose scope columns are all empty). Likewise ``community``,
    ``station``, ``sector`` (sector units and the sub-bureau) and ``unit`` (other units)."""

    kind = models.CharField(_("area kind"), max_length=10, choices=ScopeKind.choices)
    metric = models.CharField(_("metric"), max_length=40)
    week = models.DateField(_("week"), null=True, blank=True)
    key = models.CharField(_("breakdown"), max_length=40, blank=True, default="")
    count = models.BigIntegerField(_("count"), default=0)
    total = models.DecimalField(_("total"), max_digits=18, decimal_places=2, default=0)
    # No index of their own on the area links: the area index in Meta leads with each.
    office = _area("org.Unit", _("sub-district office"), db_index=False)
    community = _area("org.Unit", _("community / village"), db_index=False)
    station = _area("org.Unit", _("police station"), db_index=False)
    sector_unit = _area("org.Unit", _("sector unit"), db_index=False)
    unit = _area("org.Unit", _("unit"), db_index=False)

    objects = RestrictedManager()

    # No grid path: grid workers read the weekly rows themselves (a grid's rows are few).
    scope = Scope(
        office="office",
        community="community",
        station="station",
        sector="sector_unit",
        unit="unit",
    )

    class Meta:
        verbose_name = _("area figure")
        verbose_name_plural = _("area figures")
        indexes = [
            models.Index(fields=["kind", "metric", "week"], name="dashboard_scope_kind_metric"),
            models.Index(fields=["metric"], name="dashboard_scope_metric"),
            # restrict() filters by one area column (or two, OR-ed): one index each.
            *(
                models.Index(fields=[column, "metric", "week"], name=f"dashboard_scope_{column}")
                for column in ("office", "community", "station", "sector_unit", "unit")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gte=0), name="dashboard_scope_count_not_negative"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="district",
                        office__isnull=True,
                        community__isnull=True,
                        station__isnull=True,
                        sector_unit__isnull=True,
                        unit__isnull=True,
                    )
                    | models.Q(kind="office", office__isnull=False)
                    | models.Q(kind="community", community__isnull=False)
                    | models.Q(kind="station", station__isnull=False)
                    | models.Q(kind="sector", sector_unit__isnull=False)
                    | models.Q(kind="unit", unit__isnull=False)
                ),
                name="dashboard_scope_row_names_its_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.metric} {self.week} {self.count}"


class PeriodFigure(models.Model):
    """A metric summed over a whole period per grid, unit and sector unit: ``all`` (every
    week) and the year-on-year windows (``2020-12-28/2021-05-30``). The breakdowns by 办事处,
    sector unit and grid read these instead of every week's rows. Scoped like
    :class:`WeeklyFigure`."""

    metric = models.CharField(_("metric"), max_length=40)
    period = models.CharField(pgettext_lazy("window", "period"), max_length=24)
    grid = _area("org.Grid", _("grid"))
    unit = _area("org.Unit", _("unit"))
    sector_unit = _area("org.Unit", _("sector unit"))
    count = models.BigIntegerField(_("count"), default=0)
    total = models.DecimalField(_("total"), max_digits=18, decimal_places=2, default=0)

    objects = RestrictedManager()

    scope = WeeklyFigure.scope

    class Meta:
        verbose_name = _("period figure")
        verbose_name_plural = _("period figures")
        indexes = [models.Index(fields=["metric", "period"], name="dashboard_period_metric")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gte=0), name="dashboard_period_count_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.period} {self.count}"


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


class StaleWeek(models.Model):
    """One week of a metric whose source rows changed since it was rolled up: the refresh job
    re-aggregates only these weeks (claimed like :class:`StaleMetric`). ``week`` is the Monday;
    a row that moved between weeks marks both."""

    metric = models.CharField(_("metric"), max_length=40)
    week = models.DateField(_("week"))
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)

    class Meta:
        verbose_name = _("stale week")
        verbose_name_plural = _("stale weeks")
        constraints = [
            models.UniqueConstraint(fields=["metric", "week"], name="dashboard_stale_week_once")
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.week}"


class RollupState(models.Model):
    """When each metric's rollup was last rebuilt (the dashboard shows the oldest)."""

    metric = models.CharField(_("metric"), max_length=40, unique=True)
    built_at = models.DateTimeField(_("built at"))
    rows = models.PositiveIntegerField(_("rows"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    # The periods whose :class:`PeriodFigure` rows were built with the metric (comma-separated).
    periods = models.CharField(_("periods"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("rollup state")
        verbose_name_plural = _("rollup states")

    def __str__(self) -> str:
        return f"{self.metric} @ {self.built_at}"
