"""Cases drafted from alerts: an alert closed with outcome 4 (本人-接通-已被骗) sends
``fanzha.alerts.signals.victim_confirmed``; we draft a case from it for an officer to complete.

The alerts app may land after this one, so the signal is imported guarded and the alert is read
through ``getattr`` with the field names the alerts engineer announced; a missing field leaves the
draft's field empty for the officer rather than failing the alert's closing.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)


def connect() -> None:
    try:
        from fanzha.alerts.signals import victim_confirmed  # type: ignore[import-not-found]
    except ImportError:
        return
    victim_confirmed.connect(draft_case_from_alert, dispatch_uid="cases_draft_from_alert")


def _first(obj: Any, *names: str) -> Any:
    for name in names:
        value = getattr(obj, name, None)
        if value not in (None, ""):
            return value
    return None


def draft_case_from_alert(
    sender: Any, alert: Any, task: Any = None, attempt: Any = None, **kwargs: Any
) -> Any:
    """Create (once per alert) a draft case from a confirmed-victim alert."""
    from fanzha.cases.choices import CaseSource, CaseStatus, Channel, FraudType
    from fanzha.cases.models import Case

    existing = _existing_case(alert)
    if existing is not None:
        return existing
    resident = _first(task, "resident") or _first(alert, "resident", "victim")
    grid = _first(task, "grid") or _first(alert, "grid")
    grid = grid or (resident.grid if resident is not None else None)
    if grid is None:
        log.warning("alert %s confirmed a victim but has no grid; no case drafted", alert.pk)
        return None
    now = timezone.now()
    occurred = _first(attempt, "loss_at", "lost_at") or _first(task, "loss_at", "lost_at")
    occurred = occurred or _first(alert, "loss_at", "occurred_at", "received_at") or now
    loss = _first(attempt, "amount_lost") or _first(task, "amount_lost") or Decimal("0")
    recovered = _first(attempt, "amount_saved") or _first(task, "amount_saved") or Decimal("0")
    fraud_type = _first(attempt, "fraud_type") or _first(task, "fraud_type")
    fraud_type = fraud_type or _first(alert, "fraud_type")
    if fraud_type not in FraudType.values:
        fraud_type = FraudType.OTHER
    # The alert's contact kind (phone, SMS, WeChat, QQ, ...) is how the fraudster reached them.
    channel = _first(alert, "contact_kind", "channel")
    if channel not in Channel.values:
        channel = Channel.OTHER
    name = resident.name if resident is not None else (_first(alert, "name") or "—")
    case = Case(
        reported_at=now,
        occurred_at=min(occurred, now),
        victim=resident,
        victim_name=name,
        grid=grid,
        fraud_type=fraud_type,
        channel=channel,
        loss=Decimal(loss),
        recovered=min(Decimal(recovered), Decimal(loss)),
        status=CaseStatus.DRAFT,
        source=CaseSource.ALERT,
        created_by=_first(attempt, "by", "officer", "created_by"),
        narrative=str(_first(attempt, "note", "notes") or ""),
    )
    with transaction.atomic():
        case.save()
        _link_alert(case, alert)
    return case


def _existing_case(alert: Any) -> Any:
    from fanzha.cases.models import Case

    return Case.objects.filter(alerts=alert).first()


def _link_alert(case: Any, alert: Any) -> None:
    """Link the alert, and the fraud contact it names when that is a known indicator (the
    alerts app records the sighting itself; we only link it)."""
    from django.core.exceptions import ValidationError

    case.alerts.add(alert)
    contact = getattr(alert, "contact", "")
    if not contact or getattr(alert, "contact_kind", "") != "phone":
        return
    try:
        from fanzha.indicators.models import Indicator
        from fanzha.indicators.normalize import normalize

        value = normalize("phone", contact)
    except (ImportError, ValidationError):
        return
    indicator = Indicator.objects.filter(kind="phone", value=value).first()
    if indicator is not None:
        case.contacts.add(indicator)
