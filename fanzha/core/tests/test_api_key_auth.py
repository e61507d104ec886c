"""API key authentication: the key read per request is the key stored, a revoked key is never
read, and the last use is written at most once a minute."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fanzha.accounts.models import ApiKey
from fanzha.core.api_auth import _live_key

pytestmark = pytest.mark.django_db


def _digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def _post(key: str) -> int:
    # Not JSON: refused with 422, but only once the key was accepted.
    response = Client().post(
        "/api/v1/alerts",
        data="{",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    return response.status_code


def test_the_key_read_for_a_request_is_the_key_stored():
    row, plaintext = ApiKey.issue("bank", "alerts:ingest,alerts:other", source="bank")
    ApiKey.objects.filter(pk=row.pk).update(last_used_at=timezone.now() - timedelta(hours=3))
    stored = ApiKey.objects.get(pk=row.pk)
    read = _live_key(_digest(plaintext))
    assert read is not None
    for field in ApiKey._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(stored, field.attname), field.name
    assert read.last_used_at is not None and read.last_used_at.tzinfo is not None
    assert read.scope_list == ["alerts:ingest", "alerts:other"]
    assert _live_key(_digest(plaintext + "x")) is None


def test_a_revoked_key_is_not_read():
    row, plaintext = ApiKey.issue("bank", "alerts:ingest", source="bank")
    ApiKey.objects.filter(pk=row.pk).update(revoked_at=timezone.now())
    assert _live_key(_digest(plaintext)) is None
    assert _post(plaintext) == 401


def test_the_last_use_is_written_at_most_once_a_minute():
    row, plaintext = ApiKey.issue("bank", "alerts:ingest", source="bank")

    def writes() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert _post(plaintext) == 422
        return sum(1 for q in queries if q["sql"].startswith("UPDATE"))

    assert writes() == 1
    first = ApiKey.objects.get(pk=row.pk).last_used_at
    assert first is not None
    assert writes() == 0
    assert ApiKey.objects.get(pk=row.pk).last_used_at == first
    ApiKey.objects.filter(pk=row.pk).update(last_used_at=first - timedelta(minutes=2))
    assert writes() == 1
    assert ApiKey.objects.get(pk=row.pk).last_used_at > first
