"""Helpers for the portal tests."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fanzha.core.testing.world import valid_id

NEW_ID = valid_id(date(1985, 6, 1), 77)


def last_code() -> str:
    """The verification code in the newest SMS in the outbox (what the resident receives)."""
    from fanzha.notifications.models import Notification

    text = Notification.objects.filter(purpose="portal_code").latest("pk").text
    match = re.search(r"(\d{6})", text)
    assert match, text
    return match.group(1)


def family_data(members: list[tuple[str, str, str]], total: int = 8) -> dict[str, Any]:
    data: dict[str, Any] = {
        "family-TOTAL_FORMS": str(total),
        "family-INITIAL_FORMS": "0",
        "family-MIN_NUM_FORMS": "0",
        "family-MAX_NUM_FORMS": "8",
    }
    for i, (name, relation, phone) in enumerate(members):
        data[f"family-{i}-name"] = name
        data[f"family-{i}-relation"] = relation
        data[f"family-{i}-phone"] = phone
    return data


def registration_post(
    world: Any,
    code: str,
    *,
    name: str = "王小明",
    id_number: str = NEW_ID,
    members: list[tuple[str, str, str]] | None = None,
    side: str = "east",
    consent: bool = True,
) -> dict[str, Any]:
    data = {
        "code": code,
        "name": name,
        "id_number": id_number,
        "community": world.communities[side].pk,
        **family_data(
            members
            if members is not None
            else [
                ("王妈妈", "parent", "13700137001"),
                ("王爸爸", "parent", "13700137002"),
            ]
        ),
    }
    if consent:
        from fanzha.portal.consent import VERSION

        data["consent"] = "on"
        data["consent_version"] = VERSION
    return data
