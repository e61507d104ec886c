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

from django.apps import apps
from django.conf import settings
from django.db import transaction
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
        model = apps.get_model(rule.model)
        cutoff = now - timedelta(days=int(days))
        while True:
            ids = list(
                model._base_manager.filter(**{f"{rule.date_field}__lt": cutoff}).values_list(
                    "pk", flat=True
                )[:BATCH]
            )
            if not ids:
                break
            with transaction.atomic():
                deleted, _ = model._base_manager.filter(pk__in=ids).delete()
            total += deleted
    for name in purges():
        total += _purges[name](now)
    return total
