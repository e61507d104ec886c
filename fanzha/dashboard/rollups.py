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
import zlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, DateField, F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from fanzha.dashboard import scopes
from fanzha.dashboard.metrics import METRICS, METRICS_BY_NAME, Metric
from fanzha.dashboard.models import (
    PeriodFigure,
    RollupState,
    ScopeFigure,
    StaleMetric,
    StaleWeek,
    WeeklyFigure,
)

log = logging.getLogger(__name__)


def _path(path: str | None, output: models.Field) -> Any:
    return F(path) if path else Value(None, output_field=output)


def _key(metric: Metric) -> Any:
    expression = metric.key_expression()
    if expression is None or isinstance(expression, str):
        return _path(expression, models.CharField())
    return expression


def week_of(value: Any) -> date | None:
    """The rollup week (Monday) of a date or datetime, as ``TruncWeek`` computes it (in the
    current time zone)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value - timedelta(days=value.weekday())


def _in_weeks(metric: Metric, weeks: list[date]) -> Q:
    """Source rows dated within ``weeks`` (whole local weeks)."""
    assert metric.date_field
    model = metric.model_class()
    assert model is not None
    is_datetime = isinstance(model._meta.get_field(metric.date_field), models.DateTimeField)
    q = Q(pk__in=[])
    for week in weeks:
        start: Any = week
        end: Any = week + timedelta(days=7)
        if is_datetime:
            start = timezone.make_aware(datetime.combine(start, datetime.min.time()))
            end = timezone.make_aware(datetime.combine(end, datetime.min.time()))
        q |= Q(**{f"{metric.date_field}__gte": start, f"{metric.date_field}__lt": end})
    return q


def aggregate(metric: Metric, weeks: list[date] | None = None) -> list[dict[str, Any]]:
    """The metric's source rows grouped by week, grid, unit, sector unit and key (of
    ``weeks`` only, if given)."""
    return list(_grouped(metric, weeks))


def _grouped(metric: Metric, weeks: list[date] | None = None) -> Any:
    qs = metric.source_queryset()
    if weeks is not None:
        qs = qs.filter(_in_weeks(metric, weeks))
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
    return rows


def _is_duration(metric: Metric) -> bool:
    expression = metric.total_expression()
    field = getattr(expression, "output_field", None) if callable(metric.total) else None
    return isinstance(field, models.DurationField)


def _insert(name: str, metric: Metric, weeks: list[date] | None = None) -> int:
    """Write the metric's grouped source rows straight into the weekly table (one
    ``INSERT … SELECT``: hundreds of thousands of rows never pass through Python). Returns
    the number of rows written."""
    sql, params = _grouped(metric, weeks).query.sql_with_params()
    if _is_duration(metric):  # seconds, as as_amount() gives them
        if connection.vendor == "postgresql":
            total = "ROUND(CAST(EXTRACT(EPOCH FROM sub.r_total) AS numeric), 2)"
        else:  # SQLite: integer microseconds
            total = "ROUND(sub.r_total / 1000000.0, 2)"
    else:
        total = "sub.r_total"
    table = connection.ops.quote_name(WeeklyFigure._meta.db_table)
    key = connection.ops.quote_name("key")
    # A path the metric lacks is a NULL parameter, which PostgreSQL types as text: cast.
    week = "CAST(sub.r_week AS date)" if connection.vendor == "postgresql" else "sub.r_week"
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} (metric, week, grid_id, unit_id, sector_unit_id, {key}, "count", total) '  # noqa: S608, E501
            f"SELECT %s, {week}, CAST(sub.r_grid AS bigint), CAST(sub.r_unit AS bigint), "
            f"CAST(sub.r_sector AS bigint), "
            f"COALESCE(SUBSTR(CAST(sub.r_key AS VARCHAR(40)), 1, 40), ''), sub.r_count, "
            f"COALESCE({total}, 0) FROM ({sql}) sub",
            [name, *params],
        )
        return max(cursor.rowcount, 0)


def as_amount(value: Any) -> Decimal:
    """A summed total as a decimal: durations become seconds."""
    if value is None:
        return Decimal(0)
    if isinstance(value, timedelta):
        return Decimal(round(value.total_seconds(), 2)).quantize(Decimal("0.01"))
    return Decimal(value)


def _delete_metric(name: str) -> None:
    # A raw DELETE: one statement for the (possibly hundreds of thousands of) rollup rows
    # whatever is added later. The change log listens only to the logged models (not this one),
    # so the ORM's delete would be fast today too; a post_delete receiver or a cascading relation
    # on WeeklyFigure would make Django's collector load and delete the rows one by one.
    table = WeeklyFigure._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE metric = %s", [name])  # noqa: S608


def _lock(name: str) -> None:
    """Serialise rebuilds of one metric (PostgreSQL; SQLite serialises writers anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])


def rebuild(name: str) -> int:
    """Rebuild one metric's rollup; returns the number of rollup rows written."""
    metric = METRICS_BY_NAME[name]
    started = time.monotonic()
    with transaction.atomic():
        _lock(name)
        _delete_metric(name)
        written = _insert(name, metric) if metric.available else 0
        scopes.build(name)
        periods = scopes.build_periods(name)
        RollupState.objects.update_or_create(
            metric=name,
            defaults={
                "built_at": timezone.now(),
                "rows": written,
                "seconds": time.monotonic() - started,
                "periods": periods,
            },
        )
    return written


def rebuild_weeks(name: str, weeks: list[date]) -> int:
    """Re-aggregate only ``weeks`` of a metric (the incremental refresh): its weekly rows of
    those weeks, their area rows, and its period rows (from the weekly rows). Returns the
    number of weekly rows written."""
    metric = METRICS_BY_NAME[name]
    if not metric.available or not metric.date_field or not weeks:
        return rebuild(name)
    started = time.monotonic()
    weeks = sorted(set(weeks))
    with transaction.atomic():
        _lock(name)
        WeeklyFigure.objects.filter(metric=name, week__in=weeks)._raw_delete(connection.alias)
        written = _insert(name, metric, weeks)
        scopes.build(name, weeks)
        periods = scopes.build_periods(name)
        RollupState.objects.update_or_create(
            metric=name,
            defaults={
                "built_at": timezone.now(),
                "rows": WeeklyFigure.objects.filter(metric=name).count(),
                "seconds": time.monotonic() - started,
                "periods": periods,
            },
        )
    return written


def rebuild_all() -> dict[str, int]:
    """Rebuild every metric (after a bulk load, and in the demo generator)."""
    StaleMetric.objects.all().delete()
    StaleWeek.objects.all().delete()
    built = {metric.name: rebuild(metric.name) for metric in METRICS}
    analyze()
    return built


def analyze() -> None:
    """Refresh PostgreSQL's statistics of the rollup tables after a bulk rebuild, so the first
    dashboards after it get the index plans (autovacuum would, but only later)."""
    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in (WeeklyFigure, ScopeFigure, PeriodFigure)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def mark_stale(*names: str) -> None:
    """Mark metrics stale; cheap and idempotent (an insert that ignores duplicates)."""
    StaleMetric.objects.bulk_create(
        [StaleMetric(metric=name) for name in names], ignore_conflicts=True
    )


def mark_weeks(name: str, weeks: set[date]) -> None:
    """Mark weeks of a metric stale (cheap and idempotent)."""
    StaleWeek.objects.bulk_create(
        [StaleWeek(metric=name, week=week) for week in weeks], ignore_conflicts=True
    )


def _claim(model: type[models.Model]) -> list[Any]:
    """Rows of a stale table, each claimed by a conditional delete: when two workers race,
    only one sees a row deleted."""
    claimed = []
    for stale in model._default_manager.all():
        if model._default_manager.filter(pk=stale.pk)._raw_delete(connection.alias):
            claimed.append(stale)
    return claimed


def refresh() -> int:
    """The periodic job: rebuild stale metrics, or all of them when the last full rebuild is
    older than the setting; re-aggregate the stale weeks of the others. Returns how many
    metrics were rebuilt or refreshed."""
    horizon = timezone.now() - timedelta(seconds=settings.FANZHA_DASHBOARD_FULL_REFRESH_SECONDS)
    built = dict(RollupState.objects.values_list("metric", "built_at"))
    due = {m.name for m in METRICS if m.name not in built or built[m.name] < horizon}
    due |= {stale.metric for stale in _claim(StaleMetric)}
    weeks: dict[str, set[date]] = {}
    for stale in _claim(StaleWeek):
        weeks.setdefault(stale.metric, set()).add(stale.week)
    done = 0
    for name in sorted(due):
        if name in METRICS_BY_NAME:
            rebuild(name)
            done += 1
    for name, stale_weeks in sorted(weeks.items()):
        if name in METRICS_BY_NAME and name not in due:
            rebuild_weeks(name, sorted(stale_weeks))
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


def _watch_map() -> dict[type[models.Model], list[tuple[Metric, str | None]]]:
    """Models whose changes move a metric: its source (``None``: the row itself) and the
    watched models (with the path from the watched row to the source row, if declared as
    ``"app.Model:path"``; without one, a change marks the whole metric)."""
    from django.apps import apps

    watched: dict[type[models.Model], list[tuple[Metric, str | None]]] = {}
    for metric in METRICS:
        model = metric.model_class()
        if model is None:
            continue
        watched.setdefault(model, []).append((metric, None))
        for entry in metric.watch:
            label, _sep, path = entry.partition(":")
            try:
                other = apps.get_model(label)
            except LookupError:
                continue
            watched.setdefault(other, []).append((metric, path or "*"))
    return watched


def _source_week(metric: Metric, row: Any) -> date | None:
    return week_of(getattr(row, metric.date_field)) if metric.date_field else None


WHOLE = date.min  # stands for "the whole metric" among the weeks a change touches


def _weeks(instance: Any, watches: list[tuple[Metric, str | None]]) -> dict[str, set[date]]:
    """For each metric the instance moves, the weeks it sits in now (none for an undated row,
    e.g. a task not contacted yet; ``WHOLE`` where no week can be told)."""
    out: dict[str, set[date]] = {}
    for metric, path in watches:
        if path == "*" or not metric.date_field:
            out[metric.name] = {WHOLE}
            continue
        row = instance
        for part in path.split("__") if path else ():
            row = getattr(row, part, None)
            if row is None:
                break
        if row is None:
            out[metric.name] = {WHOLE}
            continue
        week = _source_week(metric, row)
        out[metric.name] = set() if week is None else {week}
    return out


def connect_signals() -> None:
    """Mark the weeks of a metric stale when its source rows are saved or deleted (the week
    a row was in before the save, too), or the whole metric where no week can be told."""
    from django.db.models.signals import post_delete, post_save, pre_save

    for model, watches in _watch_map().items():
        frozen = tuple(watches)
        own = [m for m, path in frozen if path is None and m.date_field]

        def _before(sender: Any, instance: Any, own: list[Metric] = own, **kwargs: Any) -> None:
            # The weeks the row was in: a save may move it to another week.
            if kwargs.get("raw") or instance.pk is None or not own:
                return
            fields = sorted({m.date_field for m in own if m.date_field})
            old = sender._base_manager.filter(pk=instance.pk).values(*fields).first()
            if old is not None:
                instance._dashboard_old_weeks = {
                    m.name: week_of(old[m.date_field]) for m in own if m.date_field
                }

        def _changed(
            sender: Any,
            instance: Any,
            frozen: tuple[tuple[Metric, str | None], ...] = frozen,
            **kwargs: Any,
        ) -> None:
            if kwargs.get("raw"):
                return
            weeks = _weeks(instance, list(frozen))
            for name, week in getattr(instance, "_dashboard_old_weeks", {}).items():
                if week is not None:
                    weeks.setdefault(name, set()).add(week)
            for name, found in weeks.items():
                if WHOLE in found:
                    mark_stale(name)
                elif found:
                    mark_weeks(name, set(found))

        uid = f"dashboard_stale_{model._meta.label_lower}"
        pre_save.connect(_before, sender=model, weak=False, dispatch_uid=uid + "_before")
        post_save.connect(_changed, sender=model, weak=False, dispatch_uid=uid + "_save")
        post_delete.connect(_changed, sender=model, weak=False, dispatch_uid=uid + "_delete")
