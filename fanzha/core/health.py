"""``/health/``: is the database reachable and has a worker gone round its loop recently?"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from fanzha.core.models import WorkerHeartbeat


def health(request: HttpRequest) -> JsonResponse:
    """One query answers both questions: it fails when the database is out of reach, and it
    reads the newest heartbeat."""
    checks: dict[str, str] = {}
    healthy = True
    try:
        last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
        seen = last.first()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy, reported as text
        checks["database"] = f"error: {exc.__class__.__name__}"
        healthy = False
    if healthy:
        window = timedelta(seconds=settings.FANZHA_WORKER_STALE_SECONDS)
        if seen is None:
            checks["worker"] = "never seen"
            healthy = not settings.FANZHA_HEALTH_REQUIRES_WORKER
        elif timezone.now() - seen > window:
            checks["worker"] = f"stale since {seen.isoformat()}"
            healthy = not settings.FANZHA_HEALTH_REQUIRES_WORKER
        else:
            checks["worker"] = "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
