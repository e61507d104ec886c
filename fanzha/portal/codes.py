"""Phone verification codes for the portal, sent through the notification outbox."""

from __future__ import annotations

import hmac
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fanzha.lib import crypto
from fanzha.lib.sealed import phone_index
from fanzha.portal.models import PhoneCode

log = logging.getLogger("fanzha.portal")

PURPOSE = "portal_code"


def _hash(index: str, code: str) -> str:
    # Keyed with the blind-index key: a leaked table gives no code without the key.
    return crypto.blind_index(f"{index}:{code}", purpose=PURPOSE)


def send_code(phone: str) -> PhoneCode:
    """Create a code for ``phone`` and queue the SMS (raises ValidationError for a bad number).
    Earlier unused codes of the number die, so only the latest one works."""
    index = phone_index(phone)
    digits = settings.FANZHA_PORTAL_CODE_DIGITS
    code = f"{secrets.randbelow(10**digits):0{digits}d}"
    now = timezone.now()
    with transaction.atomic():
        PhoneCode.objects.filter(phone_index=index, used_at__isnull=True).update(used_at=now)
        row = PhoneCode.objects.create(
            phone_index=index,
            code_hash=_hash(index, code),
            expires_at=now + timedelta(minutes=settings.FANZHA_PORTAL_CODE_MINUTES),
        )
        _deliver(phone, code, row)
    return row


def _deliver(phone: str, code: str, row: PhoneCode) -> None:
    try:
        from fanzha.notifications.outbox import enqueue
    except ImportError:  # pragma: no cover - the outbox ships with issue 3
        log.warning("notification outbox unavailable; verification code %s not sent", row.pk)
        return
    enqueue(
        "sms",
        phone,
        "verification_code",
        context={"code": code},
        purpose=PURPOSE,
        ref=f"portal_code:{row.pk}",
    )


def verify(phone_idx: str, code: str) -> bool:
    """Spend the number's live code if ``code`` matches; count a wrong try otherwise."""
    now = timezone.now()
    row = (
        PhoneCode.objects.filter(
            phone_index=phone_idx,
            used_at__isnull=True,
            expires_at__gt=now,
            tries__lt=settings.FANZHA_PORTAL_CODE_MAX_TRIES,
        )
        .order_by("-created_at")
        .first()
    )
    if row is None:
        return False
    if not hmac.compare_digest(row.code_hash, _hash(phone_idx, (code or "").strip())):
        PhoneCode.objects.filter(pk=row.pk).update(tries=F("tries") + 1)
        return False
    # Conditional: two submissions with the same code cannot both spend it.
    return PhoneCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now) == 1
