"""Building and refreshing the weekly rollups (:class:`fanzha.dashboard.models.WeeklyFigure`).

A metric is rebuilt whole, in one transaction, by one GROUP BY over its source table: the
rollup is then exactly the source aggregated, whatever changed (inserts, updates that move a row
to another week or grid, deletes). Saves and deletes of a source model mark its metrics stale
(:func:`mark_stale`); the periodic job ``dashboard.refresh`` rebuilds stale metrics, and every
metric once ``FANZHA_DASHBOARD_FULL_REFRESH_SECONDS`` have passed, because bulk inserts
(imports, the demo generator) bypass the save signals.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, DateField, F, Sum, Value
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from fanzha.dashboard import scopes
from fanzha.dashboard.metrics import METRICS, METRICS_BY_NAME, Metric
from fanzha.dashboard.models import RollupState, StaleMetric, WeeklyFigure

log = logging.getLogger(__name__)

BATCH = 5000


def _path(path: str | None, output: models.Field) -> Any:
    return F(path) if path else Value(None, output_field=output)


def _key(metric: Metric) -> Any:
    expression = metric.key_expression()
    if expression is None or isinstance(expression, str):
        return _path(expression, models.CharField())
    return expression


def aggregate(metric: Metric) -> list[dict[str, Any]]:
    """The metric's source rows grouped by week, grid, unit, sector unit and key."""
    qs = metric.source_queryset()
    week: Any
    if metric.date_field:
        week = TruncWeek(metric.date_field, output_field=DateField())
    else:
        week = Value(None, output_field=DateField())
    money = models.DecimalField(max_digits=18, decimal_places=2)
    expression = metric.total_expression()
    total: Any
    if expression is None:
        total = Value(0, output_field=money)
    elif callable(metric.total):
        total = Sum(expression)  # a duration or number; normalised by as_amount()
    else:
        total = Coalesce(Sum(expression), Value(0), output_field=money)
    rows = (
        qs.annotate(
            r_week=week,
            r_grid=_path(metric.grid, models.BigIntegerField()),
            r_unit=_path(metric.unit, models.BigIntegerField()),
            r_sector=_path(metric.sector, models.BigIntegerField()),
            r_key=_key(metric),
        )
        .order_by()
        .values("r_week", "r_grid", "r_unit", "r_sector", "r_key")
        .annotate(r_count=Count("pk"), r_total=total)
    )
    return list(rows)


def as_amount(value: Any) -> Decimal:
    """A summed total as a decimal: durations become seconds."""
    if value is None:
        return Decimal(0)
    if isinstance(value, timedelta):
        return Decimal(round(value.total_seconds(), 2)).quantize(Decimal("0.01"))
    return Decimal(value)


def _delete_metric(name: str) -> None:
    # A raw DELETE: the audit trail listens to every post_delete, which would make Django load
    # and delete the (possibly hundreds of thousands of) rollup rows one by one.
    table = WeeklyFigure._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE metric = %s", [name])  # noqa: S608


def rebuild(name: str) -> int:
    """Rebuild one metric's rollup; returns the number of rollup rows written."""
    metric = METRICS_BY_NAME[name]
    started = time.monotonic()
    rows: list[dict[str, Any]] = aggregate(metric) if metric.available else []
    with transaction.atomic():
        _delete_metric(name)
        objects = [
            WeeklyFigure(
                metric=name,
                week=row["r_week"],
                grid_id=row["r_grid"],
                unit_id=row["r_unit"],
                sector_unit_id=row["r_sector"],
                key="" if row["r_key"] is None else str(row["r_key"])[:40],
                count=row["r_count"],
                total=as_amount(row["r_total"]),
            )
            for row in rows
        ]
        WeeklyFigure.objects.bulk_create(objects, batch_size=BATCH)
        scopes.build(name)
        periods = scopes.build_periods(name)
        RollupState.objects.update_or_create(
            metric=name,
            defaults={
                "built_at": timezone.now(),
                "rows": len(objects),
                "seconds": time.monotonic() - started,
                "periods": periods,
            },
        )
    return len(objects)


def rebuild_all() -> dict[str, int]:
    """Rebuild every metric (after a bulk load, and in the demo generator)."""
    StaleMetric.objects.all().delete()
    return {metric.name: rebuild(metric.name) for metric in METRICS}


def mark_stale(*names: str) -> None:
    """Mark metrics stale; cheap and idempotent (an insert that ignores duplicates)."""
    StaleMetric.objects.bulk_create(
        [StaleMetric(metric=name) for name in names], ignore_conflicts=True
    )


def refresh() -> int:
    """The periodic job: rebuild stale metrics, or all of them when the last full rebuild is
    older than the setting. Returns how many metrics were rebuilt."""
    horizon = timezone.now() - timedelta(seconds=settings.FANZHA_DASHBOARD_FULL_REFRESH_SECONDS)
    built = dict(RollupState.objects.values_list("metric", "built_at"))
    due = {m.name for m in METRICS if m.name not in built or built[m.name] < horizon}
    for stale in StaleMetric.objects.all():
        # Claim by a conditional delete: when two workers race, only one sees a row deleted.
        deleted = StaleMetric.objects.filter(pk=stale.pk)._raw_delete(connection.alias)
        if deleted:
            due.add(stale.metric)
    done = 0
    for name in sorted(due):
        if name in METRICS_BY_NAME:
            rebuild(name)
            done += 1
    refresh_periods()
    return done


def refresh_periods() -> int:
    """Rebuild the period rows of metrics built for other year-on-year windows (a new week
    began since); cheap: from the weekly rows. Returns how many metrics were redone."""
    wanted = ",".join(scopes.wanted_periods())
    done = 0
    for state in RollupState.objects.exclude(periods=wanted):
        with transaction.atomic():
            periods = scopes.build_periods(state.metric)
            RollupState.objects.filter(pk=state.pk).update(periods=periods)
        done += 1
    return done


def ensure_built() -> None:
    """Build the rollups once if they never were (a fresh install's first dashboard view)."""
    if not RollupState.objects.exists():
        rebuild_all()


# -- change tracking ------------------------------------------------------------------------------


def _watch_map() -> dict[type[models.Model], set[str]]:
    from django.apps import apps

    watched: dict[type[models.Model], set[str]] = {}
    for metric in METRICS:
        model = metric.model_class()
        if model is None:
            continue
        watched.setdefault(model, set()).add(metric.name)
        for label in metric.watch:
            try:
                other = apps.get_model(label)
            except LookupError:
                continue
            watched.setdefault(other, set()).add(metric.name)
    return watched


def connect_signals() -> None:
    """Mark metrics stale when their source rows are saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    for model, names in _watch_map().items():
        frozen = tuple(sorted(names))

        def _changed(sender: Any, frozen: tuple[str, ...] = frozen, **kwargs: Any) -> None:
            if kwargs.get("raw"):
                return
            mark_stale(*frozen)

        uid = f"dashboard_stale_{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, weak=False, dispatch_uid=uid + "_save")
        post_delete.connect(_changed, sender=model, weak=False, dispatch_uid=uid + "_delete")
