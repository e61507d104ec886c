"""Retention periods and the purge job (PIPL Art. 19: keep personal data no longer than the duty
needs). Apps register what they keep and for how long (a setting, in days); ``purge()`` deletes
rows older than that in batches and is registered as a daily periodic job.

    retention.register("audit.AccessRecord", "time", "FANZHA_AUDIT_RETENTION_DAYS")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

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


def purge(now=None) -> int:
    """Delete everything past its retention period; returns how many rows went."""
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
    return total
