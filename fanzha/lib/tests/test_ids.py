"""Time-ordered message keys: version 7, in creation order, the same layout from Python and from
PostgreSQL's intake statement."""

from __future__ import annotations

import time
import uuid

import pytest
from django.db import connection

from fanzha.lib.ids import UUID7_SQL, uuid7


def _millis(key: uuid.UUID) -> int:
    return key.int >> 80


def test_keys_are_version_7_and_sort_by_the_millisecond_they_were_made():
    before = time.time_ns() // 1_000_000
    keys = [uuid7() for _ in range(2000)]
    after = time.time_ns() // 1_000_000
    assert {k.version for k in keys} == {7}
    assert {k.variant for k in keys} == {uuid.RFC_4122}
    assert len(set(keys)) == len(keys)
    stamps = [_millis(k) for k in keys]
    assert stamps == sorted(stamps)
    assert before <= stamps[0] and stamps[-1] <= after


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL is PostgreSQL's")
@pytest.mark.django_db
def test_the_sql_form_makes_the_same_kind_of_key():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {UUID7_SQL} FROM generate_series(1, 500)")  # noqa: S608
        keys = [row[0] for row in cursor.fetchall()]
    now = time.time_ns() // 1_000_000
    assert {k.version for k in keys} == {7}
    assert {k.variant for k in keys} == {uuid.RFC_4122}
    assert len(set(keys)) == 500
    assert all(abs(_millis(k) - now) < 60_000 for k in keys)
