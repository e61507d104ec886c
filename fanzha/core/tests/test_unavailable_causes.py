"""Which failures count as the database being out of reach (a 503) rather than a bug (a 500):
fanzha.core.unavailable.database_unavailable."""

from __future__ import annotations

import contextlib
import time

import psycopg
import pytest
from django.db import IntegrityError, OperationalError, ProgrammingError, connection

from fanzha.core.unavailable import database_unavailable


def _raised(make):
    try:
        make()
    except BaseException as exc:  # noqa: BLE001 - the test inspects it
        return exc
    raise AssertionError("nothing was raised")


def test_django_and_driver_connection_errors_count():
    assert database_unavailable(OperationalError("server closed the connection"))
    assert database_unavailable(psycopg.OperationalError("the connection is lost"))
    assert database_unavailable(psycopg.InterfaceError("the connection is closed"))


def test_an_error_raised_while_handling_a_lost_connection_counts():
    def handling():
        try:
            raise OperationalError("terminating connection due to administrator command")
        except OperationalError:
            raise RuntimeError("clean-up failed")  # noqa: B904 - the implicit chain is the point

    def wrapped():
        raise ValueError("while loading") from psycopg.OperationalError("lost")

    assert database_unavailable(_raised(handling))
    assert database_unavailable(_raised(wrapped))


@pytest.mark.django_db
def test_bugs_and_constraints_do_not_count():
    connection.ensure_connection()
    assert not database_unavailable(ValueError("a bug"))
    assert not database_unavailable(IntegrityError("duplicate key"))
    assert not database_unavailable(ProgrammingError("syntax error"))
    assert not database_unavailable(None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server to end the session")
def test_a_database_error_after_the_server_ended_the_connection_counts():
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while not connection.connection.closed and time.monotonic() < deadline:
        with contextlib.suppress(psycopg.Error):
            connection.connection.execute("SELECT 1")
        time.sleep(0.05)
    try:
        # Django refuses further work on it with errors of other kinds, e.g. this one.
        assert database_unavailable(ProgrammingError("Cannot open a new connection"))
    finally:
        connection.close()


def test_a_session_that_could_not_be_saved_for_a_lost_connection_counts():
    """Django's session middleware turns a failed save into SessionInterrupted (a 400), raised
    while handling UpdateError, raised while handling the database's error."""
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.exceptions import SessionInterrupted

    def save():
        try:
            try:
                raise OperationalError("server closed the connection unexpectedly")
            except OperationalError:
                raise UpdateError  # noqa: B904 - as Django does
        except UpdateError:
            raise SessionInterrupted("The request's session was deleted")  # noqa: B904

    assert database_unavailable(_raised(save))
