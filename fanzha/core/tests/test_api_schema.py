"""schemathesis against /api/v1/openapi.json: generated requests never get a server error and
every response matches the documented schema. Runs as the district administrator (a session with
CSRF), so every route is reachable. (schemathesis' own pytest plugin does not support pytest 9
yet, so the operations are driven with hypothesis directly.)"""

from __future__ import annotations

import pytest
import schemathesis
from django.db import DatabaseError, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

pytestmark = [pytest.mark.slow]
EXAMPLES = 10


@pytest.fixture
def admin_session(world) -> dict[str, dict[str, str]]:
    client = Client()
    client.force_login(world.user("admin"))
    csrf = _get_new_csrf_string()
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf},
        "headers": {"X-CSRFToken": csrf, "Referer": "http://testserver/"},
    }


def operations():
    from fanzha.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.fixture
def no_connection_closing():
    """Like Django's test client: requests made in-process must not close the test's database
    connection at request end (schemathesis calls the WSGI application directly)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_api_honours_its_schema(admin_session, no_connection_closing):
    failures: list[str] = []
    statuses: dict[int, int] = {}
    ops = operations()
    assert len(ops) > 10
    for operation in ops:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            # Each request in a savepoint, as each would be its own transaction in production:
            # a refused value (e.g. beyond bigint) must not poison the requests after it.
            savepoint = transaction.savepoint()
            response = case.call(**admin_session)
            try:
                transaction.savepoint_commit(savepoint)
            except DatabaseError:
                transaction.savepoint_rollback(savepoint)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )

        try:
            run()
        # schemathesis reports a failed check as a BaseExceptionGroup: collect every
        # operation's failures, then report them together.
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001
            first = [line for line in str(exc).strip().splitlines() if line.strip()][:12]
            failures.append(f"{operation.method.upper()} {operation.path}: {' | '.join(first)}")
    assert not failures, "\n\n".join(failures)
    # The run must really have reached the routes, not bounced off authentication.
    assert statuses.get(200, 0) > len(ops), statuses
    assert statuses.get(401, 0) == 0, statuses
