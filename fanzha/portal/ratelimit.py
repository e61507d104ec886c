"""Rate limits for the public portal, shared by every worker through the database.

A limit is ``"count/seconds"`` (a setting). Windows are fixed (``now`` floored to the window
length). A hit inserts the window's row if missing (ignoring a concurrent insert) and then
takes a slot with ``UPDATE … SET count = count + 1 WHERE count < limit``: the row count says
whether the slot was free, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from fanzha.portal.models import RateCounter


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, setting_name: str) -> Limit:
        raw = str(getattr(settings, setting_name))
        count, _sep, seconds = raw.partition("/")
        try:
            limit = cls(int(count), int(seconds))
        except ValueError:
            raise ImproperlyConfigured(
                f"{setting_name}={raw!r}: expected 'count/seconds', e.g. '30/3600'"
            ) from None
        if limit.count < 1 or limit.seconds < 1:
            raise ImproperlyConfigured(f"{setting_name}={raw!r}: both numbers must be positive")
        return limit


def _window(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def hit(scope: str, subject: str, setting_name: str, *, now: datetime | None = None) -> bool:
    """Take one slot for ``subject`` (an IP or a phone's blind index) in ``scope`` (the form);
    ``False`` when the limit is reached."""
    limit = Limit.parse(setting_name)
    now = now or timezone.now()
    window = _window(now, limit.seconds)
    key = _key(scope, subject)
    RateCounter.objects.bulk_create(
        [RateCounter(key=key, window_start=window, count=0)], ignore_conflicts=True
    )
    taken = RateCounter.objects.filter(key=key, window_start=window, count__lt=limit.count).update(
        count=F("count") + 1
    )
    return taken == 1


def retry_after(setting_name: str, *, now: datetime | None = None) -> int:
    """Seconds until the current window of ``setting_name``'s limit ends (for Retry-After)."""
    limit = Limit.parse(setting_name)
    now = now or timezone.now()
    ends = _window(now, limit.seconds) + timedelta(seconds=limit.seconds)
    return max(1, math.ceil((ends - now).total_seconds()))


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the entry ``FANZHA_PORTAL_TRUSTED_PROXIES`` hops
    from the right of X-Forwarded-For (a client can forge the left end, not what our proxies
    appended)."""
    proxies = settings.FANZHA_PORTAL_TRUSTED_PROXIES
    if proxies:
        chain = [
            p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()
        ]
        if len(chain) >= proxies:
            return chain[-proxies]
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def purge(older_than: timedelta = timedelta(days=2)) -> int:
    """Drop old windows (run by the periodic job)."""
    from django.db import connection

    cutoff = timezone.now() - older_than
    return RateCounter.objects.filter(window_start__lt=cutoff)._raw_delete(connection.alias)
