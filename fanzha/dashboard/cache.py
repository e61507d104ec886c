"""A per-user cache of the dashboard's figures, keyed by the rollups' version.

The rollups change only when a metric is rebuilt; the version (how many rollup builds, and the
newest build time) is part of the key, so a cached picture is never older than the rollups it
was computed from. The key also holds the user and the reference date, so no one is ever
served another user's area. ``FANZHA_DASHBOARD_CACHE_SECONDS`` only bounds memory use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.translation import get_language

from fanzha.dashboard.metrics import as_of
from fanzha.dashboard.models import RollupState


def version() -> str:
    """Changes whenever any metric is rebuilt (one small aggregate query)."""
    state = RollupState.objects.aggregate(n=Count("pk"), last=Max("built_at"))
    last = state["last"].timestamp() if state["last"] else 0
    return f"{state['n']}-{last:.6f}"


def cached(user: Any, part: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` for ``user``, cached until the rollups change."""
    seconds = settings.FANZHA_DASHBOARD_CACHE_SECONDS
    if not seconds or user is None:
        return compute()
    key = f"fanzha:dashboard:{part}:{version()}:{as_of().isoformat()}:{get_language()}:{user.pk}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
