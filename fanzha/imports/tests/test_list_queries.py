"""The job list issues the same number of queries for 2 jobs as for 30."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fanzha.imports.choices import ImportStatus
from fanzha.imports.models import ImportJob

pytestmark = pytest.mark.django_db


def _jobs(world, count: int, start: int = 0) -> None:
    ImportJob.objects.bulk_create(
        ImportJob(
            kind="residents",
            file=f"imports/x{i}.csv",
            original_name=f"x{i}.csv",
            status=ImportStatus.INVALID,
            created_by=world.user("east_liaison"),
            unit=world.offices["east"],
        )
        for i in range(start, start + count)
    )


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("imports:job_list") + "?per_page=100")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_job_list_query_count_does_not_grow_with_rows(world, client_for):
    client = client_for(world.user("east_liaison"))
    _jobs(world, 2)
    _count(client)  # the session's first request also saves its idle clock: not counted
    few = _count(client)
    _jobs(world, 28, start=2)
    many = _count(client)
    assert many == few
    assert "x29.csv" in client.get(reverse("imports:job_list") + "?per_page=100").content.decode()
