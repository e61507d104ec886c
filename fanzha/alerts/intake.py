"""Intake of warning leads: one typed function, ``ingest``, shared by ``POST /api/v1/alerts``,
the batch route and ``fanzha alerts import``.

For each batch: validate every item (a bad item gets its index, field and reason and is left
out; the good ones go on), then in ONE transaction insert the alerts with ON CONFLICT DO NOTHING
on ``(source, source_ref)``, read their ids back, route each new target through the blind phone
index, create the tasks (unique per alert) and queue the residents' warnings (unique per alert
through the outbox's dedup key). Every step is idempotent by a database constraint, so running
the same input again after a crash at any point stores nothing twice."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fanzha.alerts import fastpath
from fanzha.alerts.choices import ContactKind, FraudType, Level, Source, TaskStatus
from fanzha.alerts.models import Alert, Task
from fanzha.alerts.routing import UNMATCHED, Router
from fanzha.lib import crypto
from fanzha.lib.masking import mask_phone
from fanzha.lib.sealed import PHONE, Sealed

CREATED, DUPLICATE, REJECTED = "created", "duplicate", "rejected"

_LEVELS = {
    "high": Level.HIGH,
    "高": Level.HIGH,
    "h": Level.HIGH,
    "medium": Level.MEDIUM,
    "中": Level.MEDIUM,
    "m": Level.MEDIUM,
    "low": Level.LOW,
    "低": Level.LOW,
    "l": Level.LOW,
}
_SOURCES = {s.value for s in Source}
_FRAUD_TYPES = {t.value for t in FraudType}
_CONTACT_KINDS = {k.value for k in ContactKind}
_PLAIN_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
_PHONE_LIKE = re.compile(r"^[+\d][\d\s\-]{4,}$")
FIELDS = (
    "source",
    "source_ref",
    "level",
    "target_phone",
    "contact",
    "contact_kind",
    "fraud_type",
    "contacted_at",
    "received_at",
)


@dataclass(frozen=True)
class ItemError:
    index: int
    field: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "field": self.field, "reason": self.reason}


@dataclass
class Result:
    """What happened to item ``index``: created, duplicate (of an alert already stored, or of
    an earlier item in the same batch) or rejected with its errors."""

    index: int
    status: str
    alert_id: int | None = None
    errors: list[ItemError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"index": self.index, "status": self.status}
        if self.alert_id is not None:
            data["id"] = self.alert_id
        if self.errors:
            data["errors"] = [e.as_dict() for e in self.errors]
        return data


@dataclass
class _Parsed:
    index: int
    source: str
    source_ref: str
    level: str
    phone: Sealed
    contact: str
    contact_kind: str
    fraud_type: str
    contacted_at: datetime | None
    received_at: datetime | None
    payload: str


def _mobile(value: Any) -> str:
    raw = str(value or "").strip().replace(" ", "").replace("-", "")
    match = _PLAIN_MOBILE.match(raw)
    if match:
        return match.group(1)
    from fanzha.lib.identifiers import normalize_mobile

    return normalize_mobile(str(value or ""))


def _when(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip().replace("Z", "+00:00")
        parsed = datetime.fromisoformat(text)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _contact_kind(contact: str) -> str:
    if contact.lower().startswith(("http://", "https://", "www.")):
        return ContactKind.URL
    if _PHONE_LIKE.match(contact):
        return ContactKind.PHONE
    return ContactKind.ACCOUNT if contact else ContactKind.OTHER


def parse_item(
    index: int, item: Any, default_source: str | None, forced_source: str | None
) -> _Parsed | list[ItemError]:
    """Validate one item; returns the parsed alert or the list of what is wrong with it."""
    if not isinstance(item, Mapping):
        return [ItemError(index, "", _("Each item must be an object."))]
    errors: list[ItemError] = []

    def bad(name: str, reason: str) -> None:
        errors.append(ItemError(index, name, reason))

    source = str(item.get("source") or default_source or "").strip()
    if not source:
        bad("source", _("This field is required."))
    elif source not in _SOURCES:
        bad(
            "source",
            _("Unknown source %(value)r; expected one of %(choices)s.")
            % {"value": source, "choices": ", ".join(sorted(_SOURCES))},
        )
    elif forced_source and source != forced_source:
        bad(
            "source",
            _("This API key may only submit alerts from source %(source)s.")
            % {"source": forced_source},
        )
    source_ref = str(item.get("source_ref") or "").strip()
    if not source_ref:
        bad("source_ref", _("This field is required."))
    elif len(source_ref) > 100:
        bad("source_ref", _("At most 100 characters."))
    level_raw = str(item.get("level") or "").strip()
    level = _LEVELS.get(level_raw.lower())
    if not level_raw:
        bad("level", _("This field is required."))
    elif level is None:
        bad(
            "level",
            _("Unknown level %(value)r; expected high, medium or low.") % {"value": level_raw},
        )
    phone: Sealed | None = None
    try:
        number = _mobile(item.get("target_phone"))
        phone = Sealed(
            crypto.encrypt(number), crypto.blind_index(number, purpose=PHONE), mask_phone(number)
        )
    except ValidationError as exc:
        bad("target_phone", " ".join(exc.messages))
    fraud_type = str(item.get("fraud_type") or FraudType.UNKNOWN).strip().upper()
    if fraud_type not in _FRAUD_TYPES:
        bad(
            "fraud_type",
            _("Unknown fraud type %(value)r; expected one of %(choices)s.")
            % {"value": fraud_type, "choices": ", ".join(sorted(_FRAUD_TYPES))},
        )
    contact = str(item.get("contact") or "").strip()
    if len(contact) > 300:
        bad("contact", _("At most 300 characters."))
    contact_kind = str(item.get("contact_kind") or "").strip() or _contact_kind(contact)
    if contact_kind not in _CONTACT_KINDS:
        bad("contact_kind", _("Unknown contact kind %(value)r.") % {"value": contact_kind})
    times: dict[str, datetime | None] = {}
    for name in ("contacted_at", "received_at"):
        try:
            times[name] = _when(item.get(name))
        except (ValueError, TypeError):
            bad(name, _("Not a date and time (use ISO 8601, e.g. 2021-05-27T09:30:00+08:00)."))
    unknown = set(item) - set(FIELDS) - {"extra"}
    if unknown:
        bad(sorted(unknown)[0], _("Unknown field."))
    if errors:
        return errors
    assert phone is not None and level is not None
    payload = json.dumps(item, ensure_ascii=False, separators=(",", ":"), default=str)
    return _Parsed(
        index,
        source,
        source_ref,
        level,
        phone,
        contact,
        contact_kind,
        fraud_type,
        times["contacted_at"],
        times["received_at"],
        crypto.encrypt(payload),
    )


def _chunks(values: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    by_source: dict[str, list[str]] = {}
    for source, ref in keys:
        by_source.setdefault(source, []).append(ref)
    found: dict[tuple[str, str], int] = {}
    for source, refs in by_source.items():
        for chunk in _chunks(refs, 2000):
            for ref, pk in Alert.objects.filter(source=source, source_ref__in=chunk).values_list(
                "source_ref", "pk"
            ):
                found[(source, ref)] = pk
    return found


def ingest(
    items: Sequence[Any],
    *,
    source: str | None = None,
    api_key: Any = None,
    router: Router | None = None,
    now: datetime | None = None,
    index_offset: int = 0,
) -> list[Result]:
    """Take in a batch of alert items (dicts as received); one Result per item, in order.

    ``source`` is the default for items without one; an API key bound to a source forces it.
    ``index_offset`` numbers the items of a chunk within a larger stream (import files)."""
    forced = (getattr(api_key, "source", "") or None) if api_key is not None else None
    results: list[Result] = []
    parsed: list[_Parsed] = []
    for i, item in enumerate(items):
        index = index_offset + i
        outcome = parse_item(index, item, forced or source, forced)
        if isinstance(outcome, list):
            results.append(Result(index, REJECTED, errors=outcome))
        else:
            results.append(Result(index, CREATED))
            parsed.append(outcome)
    if not parsed:
        return results
    store(parsed, results, index_offset, router or Router(), now or timezone.now())
    return results


def store(
    parsed: list[_Parsed], results: list[Result], index_offset: int, router: Router, now: datetime
) -> None:
    """Write valid items: alerts, tasks and warnings in one transaction (see module doc)."""
    from fanzha.notifications.choices import Channel
    from fanzha.notifications.messages import render
    from fanzha.notifications.models import Notification

    first: dict[tuple[str, str], _Parsed] = {}
    for p in parsed:
        first.setdefault((p.source, p.source_ref), p)
    due_minutes = settings.FANZHA_ALERT_DUE_MINUTES
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        if postgres:
            ids = fastpath.insert_alerts(
                [_stage_row(i, p, now) for i, p in enumerate(first.values())], now
            )
            existing = _existing(key for key in first if key not in ids)
        else:
            existing = _existing(first)
            _orm_insert_alerts([p for key, p in first.items() if key not in existing], now)
            ids = _existing(key for key in first if key not in existing)
        new = [p for key, p in first.items() if key in ids]
        routes = router.match(p.phone.index for p in new)
        tasks = []
        messages = []
        for p in new:
            alert_id = ids[(p.source, p.source_ref)]
            route = routes.get(p.phone.index, UNMATCHED)
            tasks.append(
                (
                    alert_id,
                    p.level,
                    TaskStatus.PENDING.value,
                    route.tier,
                    route.matched_via,
                    route.resident_id,
                    route.registration_id,
                    route.grid_id,
                    route.community_id,
                    route.office_id,
                    route.station_id,
                    route.officer_id,
                    route.assignee_id,
                    now + timedelta(minutes=due_minutes[p.level]),
                    0,
                    "",
                    Decimal("0"),
                    Decimal("0"),
                    1,
                    now,
                    now,
                )
            )
            messages.append(
                (
                    uuid.uuid4(),
                    Channel.SMS.value,
                    p.phone.cipher,
                    p.phone.index,
                    p.phone.mask,
                    "alert_warning",
                    _warning_text(p.fraud_type, render),
                    "",
                    "alert_warning",
                    f"alerts.alert:{alert_id}",
                    f"alert-warning:{alert_id}",
                    "pending",
                    0,
                    now,
                    "",
                    "",
                    now,
                )
            )
        if postgres:
            # New alerts only: their tasks and warnings cannot exist yet.
            fastpath.copy_rows("alerts_task", fastpath.TASK_COLUMNS, tasks)
            fastpath.copy_rows(
                "notifications_notification", fastpath.NOTIFICATION_COLUMNS, messages
            )
        else:
            Task.objects.bulk_create(
                [Task(**dict(zip(fastpath.TASK_COLUMNS, row, strict=True))) for row in tasks],
                batch_size=1000,
                ignore_conflicts=True,
            )
            Notification.objects.bulk_create(
                [
                    Notification(**dict(zip(fastpath.NOTIFICATION_COLUMNS, row, strict=True)))
                    for row in messages
                ],
                batch_size=1000,
                ignore_conflicts=True,
            )
    by_index = {r.index: r for r in results}
    for p in parsed:
        key = (p.source, p.source_ref)
        result = by_index[p.index]
        if key in existing:
            result.status, result.alert_id = DUPLICATE, existing[key]
        elif first[key] is not p:
            result.status, result.alert_id = DUPLICATE, ids.get(key, existing.get(key))
        else:
            result.status, result.alert_id = CREATED, ids.get(key)


def _stage_row(order: int, p: _Parsed, now: datetime) -> tuple:
    return (
        order,
        p.source,
        p.source_ref,
        p.level,
        p.phone.cipher,
        p.phone.index,
        p.phone.mask,
        p.contact_kind,
        p.contact,
        p.fraud_type,
        p.contacted_at,
        p.received_at or now,
        p.payload,
    )


def _orm_insert_alerts(new: list[_Parsed], now: datetime) -> None:
    Alert.objects.bulk_create(
        [
            Alert(
                source=p.source,
                source_ref=p.source_ref,
                level=p.level,
                target_phone_cipher=p.phone.cipher,
                target_phone_index=p.phone.index,
                target_phone_mask=p.phone.mask,
                contact=p.contact,
                contact_kind=p.contact_kind,
                fraud_type=p.fraud_type,
                contacted_at=p.contacted_at,
                received_at=p.received_at or now,
                payload_cipher=p.payload,
                created_at=now,
                updated_at=now,
            )
            for p in new
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


_warning_cache: dict[str, str] = {}


def _warning_text(fraud_type: str, render: Any) -> str:
    # Rendering through gettext per alert would dominate bulk intake; ten types, ten texts.
    text = _warning_cache.get(fraud_type)
    if text is None:
        label = (
            FraudType(fraud_type).label
            if fraud_type != FraudType.UNKNOWN
            else gettext_lazy("suspected fraud")
        )
        text = _warning_cache[fraud_type] = render("alert_warning", {"fraud_type": label})
    return text


def summarize(results: Iterable[Result]) -> dict[str, int]:
    counts = {CREATED: 0, DUPLICATE: 0, REJECTED: 0}
    for r in results:
        counts[r.status] += 1
    return counts
