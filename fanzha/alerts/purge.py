"""Retention of what a closed warning keeps about a person (PIPL Art. 19). The lead, the task and
its figures stay (they are the district's record and its statistics); what only served the
handling goes once the task has been closed long enough:

- the raw payload as received from upstream (it names the target), after
  ``FANZHA_ALERT_PAYLOAD_RETENTION_DAYS``;
- the free-text notes of its contact attempts, after ``FANZHA_ALERT_NOTE_RETENTION_DAYS``.

Registered with ``fanzha.core.retention``, so it runs in the daily purge job."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from fanzha.alerts.choices import TaskStatus
from fanzha.alerts.models import Alert, Attempt

BATCH = 5000


def _clear(qs: QuerySet, **blank: Any) -> int:
    """Blank ``blank``'s fields on every row of ``qs``, a batch per transaction (short locks,
    and a purge interrupted half-way simply goes on the next day)."""
    total = 0
    while ids := list(qs.values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            total += qs.model._base_manager.filter(pk__in=ids).update(**blank)
    return total


def _closed_before(days: int, now: datetime) -> dict[str, Any]:
    return {"status": TaskStatus.CLOSED, "closed_at__lt": now - timedelta(days=days)}


def purge_closed(now: datetime) -> int:
    """Clear payloads and attempt notes of tasks closed longer ago than their periods; returns
    how many rows changed."""
    changed = 0
    days = settings.FANZHA_ALERT_PAYLOAD_RETENTION_DAYS
    if days:
        closed = {f"task__{k}": v for k, v in _closed_before(days, now).items()}
        changed += _clear(
            Alert.objects.filter(**closed).exclude(payload_cipher=""), payload_cipher=""
        )
    days = settings.FANZHA_ALERT_NOTE_RETENTION_DAYS
    if days:
        closed = {f"task__{k}": v for k, v in _closed_before(days, now).items()}
        changed += _clear(Attempt.objects.filter(**closed).exclude(note=""), note="")
    return changed
