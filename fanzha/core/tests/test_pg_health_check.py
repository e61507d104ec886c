"""The PostgreSQL connection health check (fanzha.core.pg): no round trip on a quiet idle
connection, and a connection the server has ended is found unusable before it is used."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's connection health check"
)


def end_the_session_and_wait() -> None:
    """The server ends this connection's session (as a restart does); wait until it shows."""
    pid = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_quiet_idle_connection_is_usable_without_a_round_trip(monkeypatch):
    connection.ensure_connection()
    raw = connection.connection
    opened: list[int] = []
    cursor = raw.cursor

    def counting_cursor(*args, **kwargs):
        opened.append(1)
        return cursor(*args, **kwargs)

    monkeypatch.setattr(raw, "cursor", counting_cursor)
    assert connection.is_usable()
    assert opened == []
    # A connection inside a transaction gets Django's own check (and passes it).
    raw.execute("BEGIN")
    try:
        opened.clear()
        assert connection.is_usable()
        assert opened == [1]
    finally:
        raw.execute("ROLLBACK")


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_unusable():
    connection.ensure_connection()
    end_the_session_and_wait()
    assert not connection.is_usable()
    connection.close()
    connection.ensure_connection()
    assert connection.is_usable()


@pytest.mark.django_db(transaction=True)
def test_a_connection_whose_socket_is_gone_is_checked_not_raised(monkeypatch):
    """psycopg raises its own OperationalError for a socket libpq has dropped; the check runs
    outside Django's error wrapper, so it must answer, not raise."""
    connection.ensure_connection()
    raw = connection.connection

    def lost() -> int:
        raise psycopg.OperationalError("the connection is lost")

    monkeypatch.setattr(raw, "fileno", lost)
    assert connection.is_usable()  # Django's own SELECT 1 decides: the server is still there
    end_the_session_and_wait()
    assert not connection.is_usable()
    connection.close()
