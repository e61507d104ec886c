from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def fanzha(request: HttpRequest) -> dict[str, Any]:
    from fanzha.core.navigation import menu_for

    return {
        "FANZHA_MODE": settings.FANZHA_MODE,
        "nav_menu": menu_for(getattr(request, "user", None)),
    }
