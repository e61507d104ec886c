"""While the database cannot be reached, people get a Chinese 503 page and API clients a JSON
503, both with Retry-After, never a 500; once it is back, the next request is served again.

The outage is real: the connection is closed and pointed at a port where nothing listens, so
psycopg's own connect fails (PostgreSQL only: SQLite's test database lives in memory and would
not survive its connection being closed). ``make soak`` also stops a real server under load."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a database server to lose"),
]


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def database_away() -> Iterator[None]:
    """Close the connection and point it at a closed port until the block ends."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_unused_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def test_staff_pages_answer_503_in_chinese_while_the_database_is_away(world, client_for):
    client: Client = client_for(world.users["east_liaison"])  # signed in before the outage
    client.raise_request_exception = False  # answer as a server would, do not re-raise
    with database_away():
        response = client.get("/people/residents/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "服务暂时不可用" in response.content.decode()


def test_the_api_answers_structured_503_while_the_database_is_away(db):
    with database_away():
        response = Client(raise_request_exception=False).get(
            "/api/v1/people/residents", HTTP_AUTHORIZATION="Bearer nope"
        )
    assert response.status_code == 503
    assert response.json()["error"] == "service_unavailable"
    assert response["Retry-After"] == "10"


def test_the_service_recovers_by_itself_when_the_database_is_back(world, client_for):
    client = client_for(world.users["east_liaison"])
    client.raise_request_exception = False
    with database_away():
        assert client.get("/people/residents/").status_code == 503
    assert client.get("/people/residents/").status_code == 200
