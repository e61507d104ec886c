"""Retention periods and the purge job (PIPL Art. 19: keep personal data no longer than the duty
needs). Apps register what they keep and for how long (a setting, in days); ``purge()`` deletes
rows older than that in batches and is registered as a daily periodic job.

    retention.register("audit.AccessRecord", "time", "FANZHA_AUDIT_RETENTION_DAYS")

Where the row must stay but some of its fields must not (a closed warning's raw payload), an app
registers a function instead; ``purge()`` runs it too:

    retention.register_purge("alerts.closed_tasks", purge_closed)   # (now) -> rows changed
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

BATCH = 5000


@dataclass(frozen=True)
class Rule:
    model: str  # "app_label.ModelName"
    date_field: str
    setting: str  # name of the setting holding the period in days


_rules: dict[tuple[str, str], Rule] = {}


def register(model: str, date_field: str, setting: str) -> None:
    _rules[(model, date_field)] = Rule(model, date_field, setting)


def rules() -> list[Rule]:
    return sorted(_rules.values(), key=lambda r: r.model)


_purges: dict[str, Callable[[datetime], int]] = {}


def register_purge(name: str, func: Callable[[datetime], int]) -> None:
    """An app's own purge, for data kept in rows that stay: ``func(now)`` clears what is past
    its period (reading the period from its own setting) and returns how many rows changed."""
    _purges[name] = func


def purges() -> list[str]:
    return sorted(_purges)


def purge(now=None) -> int:
    """Delete (or, through the registered purges, clear) everything past its retention period;
    returns how many rows went or changed."""
    now = now or timezone.now()
    total = 0
    for rule in rules():
        days = getattr(settings, rule.setting, None)
        if not days:
            continue  # no period set: keep (a district may choose to)
        total += _purge_rule(
            apps.get_model(rule.model), rule.date_field, now - timedelta(days=int(days))
        )
    for name in purges():
        total += _purges[name](now)
    return total


def _purge_rule(model: type[Model], date_field: str, cutoff: datetime) -> int:
    """Delete ``model``'s rows older than ``cutoff``, oldest first, BATCH rows per transaction.

    A batch is a range of the ``(date, id)`` order: one SELECT finds where it ends (an index
    scan of BATCH entries, one row back to Python) and one DELETE removes the range — when
    Django can delete without loading the rows (no cascades, no delete signals:
    ``Collector.can_fast_delete``; the audit logs are such models), otherwise the collector
    does it its way. Each range starts where the previous one ended (keyset), so no batch
    rereads the index entries of rows just deleted (dead until VACUUM): every batch costs the
    same however many millions go."""
    total = 0
    expired = model._base_manager.filter(**{f"{date_field}__lt": cutoff})
    after: tuple[Any, Any] | None = None
    while True:
        batch = expired
        if after is not None:
            at, pk = after
            batch = batch.filter(
                Q(**{f"{date_field}__gt": at}) | Q(**{date_field: at, "pk__gt": pk}),
                **{f"{date_field}__gte": at},
            )
        ends = batch.order_by(date_field, "pk").values_list(date_field, "pk")
        end = next(iter(ends[BATCH - 1 : BATCH]), None)
        if end is not None:
            at, pk = end
            batch = batch.filter(
                Q(**{f"{date_field}__lt": at}) | Q(**{date_field: at, "pk__lte": pk})
            )
        with transaction.atomic():
            deleted, _ = batch.delete()
        total += deleted
        if end is None:
            return total
        after = end
