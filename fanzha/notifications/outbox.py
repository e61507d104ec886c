"""The outbox API other apps use: ``enqueue`` (one message) and ``enqueue_many`` (bulk, for the
alert intake), both meant to run inside the caller's transaction, and ``send_due`` (the worker).

Delivery is at-least-once from the database's point of view (a row is only marked sent after the
gateway accepted it) and exactly-once to the person because the gateway deduplicates by the
message key: a worker killed after sending but before marking re-sends the same key later.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from fanzha.lib.sealed import Sealed, seal_phone
from fanzha.notifications.choices import Channel, Status
from fanzha.notifications.gateways import GatewayError, OutgoingSms, get_gateway
from fanzha.notifications.messages import render
from fanzha.notifications.models import Notification

log = logging.getLogger("fanzha.notifications")


@dataclass
class Message:
    """A message to enqueue in bulk; ``phone`` is an already sealed number."""

    channel: str
    text: str
    phone: Sealed | None = None
    to_user_id: int | None = None
    template: str = ""
    purpose: str = ""
    ref: str = ""
    link: str = ""
    dedup_key: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def enqueue(
    channel: str,
    to_phone: str | None = None,
    template: str | None = None,
    *,
    text: str | None = None,
    context: dict[str, Any] | None = None,
    to_user: Any = None,
    purpose: str = "",
    ref: str = "",
    link: str = "",
    dedup_key: str | None = None,
) -> Notification:
    """Queue one message: an SMS to ``to_phone`` (any accepted form; raises ValidationError for a
    bad number) or an inbox note to ``to_user``. Give a ``template`` (with ``context``) or a
    ``text``. With a ``dedup_key`` a second call returns the first message instead of a new one.
    Call it inside the transaction that makes the message necessary: if that rolls back, no
    message is left behind."""
    if (template is None) == (text is None):
        raise ValueError("give exactly one of template or text")
    body = render(template, context) if template is not None else str(text)
    sealed = seal_phone(to_phone) if channel == Channel.SMS and to_phone else None
    if channel == Channel.SMS and sealed is None:
        raise ValueError("an SMS needs to_phone")
    if channel == Channel.INBOX and to_user is None:
        raise ValueError("an inbox note needs to_user")
    message = Message(
        channel=channel,
        text=body,
        phone=sealed,
        to_user_id=getattr(to_user, "pk", to_user),
        template=template or "",
        purpose=purpose,
        ref=ref,
        link=link,
        dedup_key=dedup_key,
    )
    if dedup_key is None:
        row = _row(message, timezone.now())
        row.save()
        return row
    enqueue_many([message])
    return Notification.objects.get(dedup_key=dedup_key)


def _row(m: Message, now: Any) -> Notification:
    return Notification(
        channel=m.channel,
        text=m.text,
        template=m.template,
        purpose=m.purpose,
        ref=m.ref,
        link=m.link,
        dedup_key=m.dedup_key,
        to_user_id=m.to_user_id,
        to_cipher=m.phone.cipher if m.phone else "",
        to_index=m.phone.index if m.phone else "",
        to_mask=m.phone.mask if m.phone else "",
        created_at=now,
        next_attempt_at=now,
    )


def enqueue_many(messages: Iterable[Message], *, now: Any = None) -> int:
    """Queue many messages with one INSERT per 1,000; duplicates by ``dedup_key`` are skipped.
    Returns how many were offered (not how many were new: ON CONFLICT DO NOTHING doesn't say)."""
    now = now or timezone.now()
    rows = [_row(m, now) for m in messages]
    Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


def _backoff(attempts: int) -> timedelta:
    seconds = settings.FANZHA_OUTBOX_BACKOFF_SECONDS * (2 ** max(0, attempts - 1))
    return timedelta(seconds=min(seconds, settings.FANZHA_OUTBOX_BACKOFF_MAX_SECONDS))


def claim(limit: int | None = None) -> tuple[uuid.UUID, list[Notification]]:
    """Claim due messages for this worker: pending ones whose time has come, and ones another
    worker claimed but whose lease ran out (it died mid-send). The conditional UPDATE is the
    lock: it only touches rows still in the state we read, so two workers never hold one row."""
    now = timezone.now()
    token = uuid.uuid4()
    limit = limit or settings.FANZHA_OUTBOX_BATCH
    due = Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, lease_until__lt=now
    )
    ids = list(
        Notification.objects.filter(due)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return token, []
    Notification.objects.filter(Q(pk__in=ids) & due).update(
        status=Status.SENDING,
        claim=token,
        lease_until=now + timedelta(seconds=settings.FANZHA_OUTBOX_LEASE_SECONDS),
    )
    return token, list(Notification.objects.filter(claim=token, status=Status.SENDING))


def _deliver(gateway: Any, row: Notification) -> str:
    if row.channel == Channel.INBOX:
        # Inbox notes are delivered by being in the table; "sending" only stamps them.
        return "inbox"
    from fanzha.lib import crypto

    return str(gateway.send(OutgoingSms(str(row.key), crypto.decrypt(row.to_cipher), row.text)))


def send_due(limit: int | None = None) -> int:
    """Send what is due; returns how many messages were delivered. Periodic job.

    Claims batch after batch while there is more, but stops after half a lease so a slow
    gateway never lets a claim expire while this worker still holds it."""
    started = time.monotonic()
    delivered = 0
    batch = limit or settings.FANZHA_OUTBOX_BATCH
    while True:
        sent, claimed = _send_batch(batch)
        delivered += sent
        if claimed < batch or time.monotonic() - started > settings.FANZHA_OUTBOX_LEASE_SECONDS / 2:
            return delivered


def _send_batch(limit: int) -> tuple[int, int]:
    token, rows = claim(limit)
    if not rows:
        return 0, 0
    gateway = get_gateway()
    delivered = 0
    for row in rows:
        try:
            provider_ref = _deliver(gateway, row)
        except GatewayError as exc:
            attempts = row.attempts + 1
            give_up = not exc.retry or attempts >= settings.FANZHA_OUTBOX_MAX_ATTEMPTS
            Notification.objects.filter(pk=row.pk, claim=token).update(
                status=Status.FAILED if give_up else Status.PENDING,
                attempts=attempts,
                last_error=str(exc)[:300],
                lease_until=None,
                next_attempt_at=timezone.now() + _backoff(attempts),
            )
            log.warning("notification %s failed (attempt %s): %s", row.pk, attempts, exc)
            continue
        # Only the claim holder marks it sent: a worker whose lease expired and whose row was
        # re-claimed meanwhile does not overwrite the newer claim's bookkeeping.
        done = Notification.objects.filter(pk=row.pk, claim=token).update(
            status=Status.SENT,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            provider_ref=provider_ref,
            lease_until=None,
            last_error="",
        )
        delivered += done
    return delivered, len(rows)


def unread_for(user: Any) -> Any:
    """The user's unread inbox notes."""
    return Notification.objects.filter(
        channel=Channel.INBOX, to_user=user, read_at__isnull=True
    ).order_by("-created_at")


def retry_failed(ids: Iterable[int]) -> int:
    """Put failed messages back in the queue (administrator action)."""
    with transaction.atomic():
        return Notification.objects.filter(pk__in=list(ids), status=Status.FAILED).update(
            status=Status.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
