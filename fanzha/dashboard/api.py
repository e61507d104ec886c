"""``GET /api/v1/stats/``: the headline figures for the caller's area (staff session)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from fanzha.core.api_auth import staff_user

router = Router(tags=["dashboard"])


@router.get("/", summary="Headline figures for the caller's area")
def headline(request: HttpRequest) -> dict[str, Any]:
    from fanzha.dashboard import figures, rollups
    from fanzha.dashboard.cache import cached

    user = staff_user(request)
    rollups.ensure_built()
    return cached(user, "headline_dict", lambda: figures.headline_dict(user))
