"""Bulk assign and bulk close over the handling API (/api/v1/alerts/tasks/bulk-*): the queue
page's bulk actions with the one-task rules, a result per task (done, refused with a Chinese
reason, 409 on a stale version, and the same "not found" for a missing task and one outside the
area), limits on the list, nothing half-done, and the same refusals of roles and API keys."""

from __future__ import annotations

import re

import pytest

from fanzha.alerts.api import BULK_MAX_TASKS
from fanzha.alerts.choices import TaskStatus
from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Task
from fanzha.alerts.tests.helpers import ingest_key, item, post_json
from fanzha.notifications.models import Notification

pytestmark = pytest.mark.django_db

TASKS = "/api/v1/alerts/tasks"
ASSIGN = f"{TASKS}/bulk-assign"
CLOSE = f"{TASKS}/bulk-close"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _task(phone: str, **extra) -> Task:
    return Task.objects.get(alert_id=ingest([item(phone, **extra)])[0].alert_id)


@pytest.fixture
def east(world):
    return [_task(phone) for phone in world.phones["east"][:2]]


@pytest.fixture
def west(world):
    return _task(world.phones["west"][0], source_ref="WEST-SECRET")


@pytest.fixture
def worker(world, client_for):
    return client_for(world.user("east_worker"))


def _items(*tasks: Task) -> list[dict[str, int]]:
    return [{"id": t.pk, "version": t.version} for t in tasks]


def _state(*tasks: Task) -> list[tuple]:
    return [
        Task.objects.filter(pk=t.pk).values_list("version", "status", "assignee_id").get()
        for t in tasks
    ]


def test_bulk_assign_gives_each_task_and_reports_each(world, worker, east, west):
    officer = world.user("east_officer")
    west_before = _state(west)
    missing = Task.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    body = {
        "tasks": [*_items(*east), {"id": west.pk, "version": 1}, {"id": missing, "version": 1}],
        "assignee_id": officer.pk,
    }
    response = post_json(worker, ASSIGN, body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["done"], data["failed"]) == (2, 2)
    results = data["results"]
    assert [r["id"] for r in results] == [east[0].pk, east[1].pk, west.pk, missing]
    assert [r["result"] for r in results] == ["done", "done", "not_found", "not_found"]
    assert [r["version"] for r in results[:2]] == [east[0].version + 1, east[1].version + 1]
    # A task outside the area and one that does not exist get the very same answer.
    outside, absent = ({k: v for k, v in r.items() if k != "id"} for r in results[2:])
    assert outside == absent and outside["code"] == 404 and CHINESE.search(outside["detail"])
    assert "WEST-SECRET" not in response.content.decode()
    assert set(
        Task.objects.filter(pk__in=[t.pk for t in east]).values_list("assignee", flat=True)
    ) == {officer.pk}
    assert Notification.objects.filter(to_user=officer, purpose="task_assigned").count() == 2
    assert _state(west) == west_before


def test_a_stale_version_is_409_for_that_task_only(world, worker, east):
    officer = world.user("east_officer")
    stale = {"id": east[0].pk, "version": east[0].version}
    Task.objects.filter(pk=east[0].pk).update(version=east[0].version + 1)
    body = {"tasks": [stale, *_items(east[1])], "assignee_id": officer.pk}
    results = post_json(worker, ASSIGN, body).json()["results"]
    assert results[0]["result"] == "conflict" and results[0]["code"] == 409
    assert results[0]["version"] == east[0].version + 1 and CHINESE.search(results[0]["detail"])
    assert results[1]["result"] == "done"
    # The stale one is untouched: no assignment, no timeline entry, no note.
    assert _state(east[0]) == [(east[0].version + 1, TaskStatus.PENDING, east[0].assignee_id)]
    assert not east[0].events.filter(kind="assigned").exists()
    assert Notification.objects.filter(to_user=officer, purpose="task_assigned").count() == 1


def test_bulk_assign_to_someone_outside_my_area_changes_nothing(world, client_for, east):
    officer = client_for(world.user("east_officer"))
    before = _state(*east)
    body = {"tasks": _items(*east), "assignee_id": world.user("west_worker").pk}
    response = post_json(officer, ASSIGN, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "assignee_id"]
    assert _state(*east) == before
    assert not Notification.objects.filter(purpose="task_assigned").exists()


def test_bulk_close_closes_what_may_close_and_says_why_not_for_the_rest(worker, east, world):
    third = _task(world.phones["east"][2])
    # The first person denies (revisits go on), the third task is closed already.
    denied = post_json(
        worker,
        f"{TASKS}/{east[0].pk}/attempts",
        {"version": east[0].version, "channel": "phone", "outcome": "3", "denies": True},
    )
    assert denied.status_code == 201
    closed = post_json(worker, f"{TASKS}/{third.pk}/close", {"version": 1, "outcome": "3"})
    assert closed.status_code == 200
    east[0].refresh_from_db()
    third.refresh_from_db()
    body = {"tasks": _items(east[0], east[1], third), "outcome": "1"}
    response = post_json(worker, CLOSE, body)
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [r["result"] for r in results] == ["refused", "done", "refused"]
    assert [r["code"] for r in results] == [422, 200, 422]
    assert all(CHINESE.search(r["detail"]) for r in (results[0], results[2]))
    assert results[0]["detail"] != results[2]["detail"]
    assert Task.objects.get(pk=east[1].pk).status == TaskStatus.CLOSED
    assert Task.objects.get(pk=east[1].pk).outcome == "1"
    assert _state(east[0]) == [(east[0].version, TaskStatus.REVISIT, east[0].assignee_id)]
    assert Task.objects.get(pk=third.pk).outcome == "3"


def test_bulk_close_needs_a_final_outcome(worker, east):
    before = _state(*east)
    for outcome in ("2", "9", None):
        body = {"tasks": _items(*east), "outcome": outcome}
        response = post_json(worker, CLOSE, body)
        assert response.status_code == 422, outcome
    assert _state(*east) == before


@pytest.mark.parametrize("route", [ASSIGN, CLOSE])
def test_the_list_is_limited_and_each_task_given_once(world, worker, east, route):
    extra = {"assignee_id": world.user("east_officer").pk} if route == ASSIGN else {"outcome": "1"}
    before = _state(*east)
    too_many = [{"id": i, "version": 1} for i in range(1, BULK_MAX_TASKS + 2)]
    for tasks in ([], too_many, [*_items(*east), *_items(east[0])], [{"id": 0, "version": 1}]):
        response = post_json(worker, route, {"tasks": tasks, **extra})
        assert response.status_code == 422, (len(tasks), response.content)
        assert response.json()["error"] == "validation_error"
    assert _state(*east) == before


@pytest.mark.parametrize("route", [ASSIGN, CLOSE])
def test_read_only_roles_anonymous_and_api_keys_are_refused(world, client_for, client, east, route):
    extra = {"assignee_id": world.user("east_officer").pk} if route == ASSIGN else {"outcome": "1"}
    body = {"tasks": _items(*east), **extra}
    before = _state(*east)
    leader = post_json(client_for(world.user("leader")), route, body)
    assert leader.status_code == 403 and CHINESE.search(leader.json()["detail"])
    assert post_json(client, route, body).status_code == 401
    keyed = post_json(client, route, body, key=ingest_key("national"))
    assert keyed.status_code == 403 and keyed.json()["error"] == "http_error"
    assert _state(*east) == before


def test_the_other_side_sees_only_not_found(world, client_for, east):
    west_worker = client_for(world.user("west_worker"))
    body = {"tasks": _items(*east), "outcome": "1"}
    results = post_json(west_worker, CLOSE, body).json()["results"]
    assert {r["result"] for r in results} == {"not_found"}
    assert all(r.get("version") is None for r in results)
    assert all(
        t.status == TaskStatus.PENDING for t in Task.objects.filter(pk__in=[t.pk for t in east])
    )
