"""Shared test helpers: an API key, an alert item, posting JSON."""

from __future__ import annotations

import itertools
import json
from typing import Any

from django.test import Client

_refs = itertools.count(1)


def item(phone: str, **extra: Any) -> dict[str, Any]:
    data = {
        "source": "national",
        "source_ref": f"ref-{next(_refs)}",
        "level": "high",
        "target_phone": phone,
        "contact": "17000000001",
        "fraud_type": "MCGJF",
        "contacted_at": "2021-05-27T09:30:00+08:00",
    }
    data.update(extra)
    return data


def ingest_key(source: str = "") -> str:
    from fanzha.accounts.models import ApiKey

    _, plaintext = ApiKey.issue("upstream", "alerts:ingest", source=source)
    return plaintext


def post_json(client: Client, url: str, body: Any, key: str | None = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)
