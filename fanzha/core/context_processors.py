from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def fanzha(request: HttpRequest) -> dict[str, Any]:
    from fanzha.core.navigation import menu_for, menu_html

    user = getattr(request, "user", None)
    return {
        "FANZHA_MODE": settings.FANZHA_MODE,
        "nav_menu": menu_for(user),
        "nav_html": lambda: menu_html(user, request.path),
    }
