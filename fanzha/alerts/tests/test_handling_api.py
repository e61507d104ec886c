"""The handling API (/api/v1/alerts/tasks...): the same rules as the task page, over HTTP, with
optimistic locking (409), reasons for bad input (422) and scoping (404 outside the area)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fanzha.alerts.choices import TaskStatus
from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Task
from fanzha.alerts.tests.helpers import ingest_key, item, post_json
from fanzha.notifications.models import Notification

pytestmark = pytest.mark.django_db

TASKS = "/api/v1/alerts/tasks"


def _task(phone: str, **extra) -> Task:
    result = ingest([item(phone, **extra)])[0]
    return Task.objects.get(alert_id=result.alert_id)


@pytest.fixture
def east(world):
    return _task(world.phones["east"][0])


@pytest.fixture
def west(world):
    return _task(world.phones["west"][0], source_ref="WEST-SECRET")


@pytest.fixture
def worker(world, client_for):
    return client_for(world.user("east_worker"))


def _attempt(task: Task, **extra):
    body = {"version": task.version, "channel": "phone", "outcome": "3"}
    body.update(extra)
    return body


def test_the_list_shows_my_area_with_pages_and_filters(world, worker, east, west):
    high_east = east
    low_east = _task(world.phones["east"][1], level="low")
    response = worker.get(TASKS)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 2 and body["page"] == 1
    ids = [row["id"] for row in body["results"]]
    # Most urgent first (a high task is due before a low one), the other side's task absent.
    assert ids == [high_east.pk, low_east.pk]
    assert body["results"][0]["alert"]["target_phone_mask"] == "138****8000"
    assert world.phones["east"][0] not in response.content.decode()
    assert [r["id"] for r in worker.get(f"{TASKS}?level=low").json()["results"]] == [low_east.pk]
    paged = worker.get(f"{TASKS}?per_page=1&page=2").json()
    assert paged["count"] == 2 and [r["id"] for r in paged["results"]] == [low_east.pk]


def test_overdue_and_tier_filters_follow_the_queue(worker, east):
    assert worker.get(f"{TASKS}?overdue=true").json()["count"] == 0
    Task.objects.filter(pk=east.pk).update(due_at=timezone.now() - timedelta(minutes=1), tier=1)
    overdue = worker.get(f"{TASKS}?overdue=true").json()
    assert [r["id"] for r in overdue["results"]] == [east.pk] and overdue["results"][0]["overdue"]
    assert worker.get(f"{TASKS}?tier=1").json()["count"] == 1
    assert worker.get(f"{TASKS}?tier=0").json()["count"] == 0


def test_mine_lists_only_the_tasks_assigned_to_me(world, client_for, east):
    officer = client_for(world.user("east_officer"))
    assert officer.get(f"{TASKS}?mine=true").json()["count"] == 0
    assert officer.get(TASKS).json()["count"] == 1
    post_json(officer, f"{TASKS}/{east.pk}/accept", {"version": east.version})
    assert [r["id"] for r in officer.get(f"{TASKS}?mine=true").json()["results"]] == [east.pk]


def test_a_bad_filter_or_page_gets_422(worker, east):
    assert worker.get(f"{TASKS}?level=urgent").status_code == 422
    response = worker.get(f"{TASKS}?page=0")
    assert response.status_code == 422
    assert response.json()["error"] == "http_error"


def test_one_task_comes_with_its_attempts_and_timeline(worker, east):
    response = worker.get(f"{TASKS}/{east.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == east.version and body["status"] == "pending"
    assert body["attempts"] == []
    post_json(worker, f"{TASKS}/{east.pk}/attempts", _attempt(east, note="已劝阻"))
    body = worker.get(f"{TASKS}/{east.pk}").json()
    assert [a["note"] for a in body["attempts"]] == ["已劝阻"]
    assert "attempt" in [e["kind"] for e in body["events"]]


def test_signing_for_a_task_moves_it_to_in_progress(world, worker, east):
    response = post_json(worker, f"{TASKS}/{east.pk}/accept", {"version": east.version})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "in_progress"
    assert body["assignee_id"] == world.user("east_worker").pk
    assert body["accepted_at"] is not None
    assert body["version"] == east.version + 1
    again = post_json(worker, f"{TASKS}/{east.pk}/accept", {"version": body["version"]})
    assert again.status_code == 422
    assert again.json()["error"] == "validation_error"


def test_an_attempt_records_contact_money_and_the_visit_checklist(world, worker, east):
    at = timezone.now() - timedelta(minutes=1)
    body = _attempt(
        east,
        channel="visit",
        at=at.isoformat(),
        amount_saved="12345.67",
        amount_lost="0.5",
        note="劝阻成功",
        checklist=["look_calls", "ask_why", "protect"],
    )
    response = post_json(worker, f"{TASKS}/{east.pk}/attempts", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "in_progress"
    assert Decimal(data["amount_saved"]) == Decimal("12345.67")
    assert data["attempts"][0]["checklist"] == ["look_calls", "ask_why", "protect"]
    east.refresh_from_db()
    assert east.first_contact_at == at.replace(microsecond=at.microsecond)
    attempt = east.attempts.get()
    assert (attempt.outcome, attempt.by, attempt.note) == (
        "3",
        world.user("east_worker"),
        "劝阻成功",
    )
    assert attempt.amount_lost == Decimal("0.50")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"outcome": "2"}, None),  # not reached: the reason is required
        ({"outcome": "9"}, "outcome"),
        ({"channel": "fax"}, "channel"),
        ({"amount_saved": "1.234"}, "amount_saved"),
        ({"amount_lost": "-1"}, "amount_lost"),
        ({"checklist": ["look_calls"]}, None),  # a phone call has no visit checklist
        ({"checklist": ["look_around"], "channel": "visit"}, "checklist"),
        ({"note": "a\x00b"}, "note"),
        ({"at": "2999-01-01T00:00:00+08:00"}, None),  # in the future
    ],
)
def test_bad_attempts_get_422_with_the_reason_and_store_nothing(worker, east, extra, field):
    response = post_json(worker, f"{TASKS}/{east.pk}/attempts", _attempt(east, **extra))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["error"] == "validation_error" and body["detail"]
    if field is not None:
        assert any(field in d["loc"] for d in body["detail"]), body
    assert all(d["msg"] for d in body["detail"])
    east.refresh_from_db()
    assert east.attempts.count() == 0 and east.version == 1


def test_an_unreached_attempt_with_its_reason_does_not_stop_the_clock(worker, east):
    body = _attempt(east, outcome="2", unreached_reason="powered_off")
    response = post_json(worker, f"{TASKS}/{east.pk}/attempts", body)
    assert response.status_code == 201, response.content
    assert response.json()["first_contact_at"] is None
    assert response.json()["attempts"][0]["unreached_reason"] == "powered_off"


def test_a_stale_version_gets_409_with_the_current_version(world, client_for, worker, east):
    officer = client_for(world.user("east_officer"))
    first = post_json(officer, f"{TASKS}/{east.pk}/attempts", _attempt(east))
    assert first.status_code == 201
    stale = post_json(worker, f"{TASKS}/{east.pk}/attempts", _attempt(east, outcome="1"))
    assert stale.status_code == 409
    body = stale.json()
    assert body["error"] == "conflict" and body["version"] == east.version + 1
    assert body["detail"]
    assert east.attempts.count() == 1


def test_closing_needs_a_final_outcome(worker, east):
    refused = post_json(worker, f"{TASKS}/{east.pk}/close", {"version": 1, "outcome": "2"})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"]
    missing = post_json(worker, f"{TASKS}/{east.pk}/close", {"version": 1})
    assert missing.status_code == 422
    closed = post_json(worker, f"{TASKS}/{east.pk}/close", {"version": 1, "outcome": "3"})
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed" and closed.json()["outcome"] == "3"
    again = post_json(worker, f"{TASKS}/{east.pk}/close", {"version": 2, "outcome": "3"})
    assert again.status_code == 422


def test_a_person_who_denies_cannot_be_closed_on(worker, east):
    denies = post_json(worker, f"{TASKS}/{east.pk}/attempts", _attempt(east, denies=True))
    assert denies.json()["status"] == TaskStatus.REVISIT
    version = denies.json()["version"]
    refused = post_json(worker, f"{TASKS}/{east.pk}/close", {"version": version, "outcome": "1"})
    assert refused.status_code == 422


def test_assigning_gives_the_task_and_notifies(world, client_for, east):
    worker = client_for(world.user("east_worker"))
    officer = world.user("east_officer")
    assert east.assignee_id != officer.pk
    body = {"version": east.version, "assignee_id": officer.pk}
    response = post_json(worker, f"{TASKS}/{east.pk}/assign", body)
    assert response.status_code == 200, response.content
    assert response.json()["assignee_id"] == officer.pk
    assert response.json()["events"][-1]["kind"] == "assigned"
    assert Notification.objects.filter(to_user=officer, purpose="task_assigned").exists()


def test_assigning_to_someone_outside_my_area_gets_422(world, client_for, east):
    officer = client_for(world.user("east_officer"))
    body = {"version": east.version, "assignee_id": world.user("west_worker").pk}
    response = post_json(officer, f"{TASKS}/{east.pk}/assign", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"]
    assert Task.objects.get(pk=east.pk).version == east.version
    assert not Notification.objects.filter(to_user=world.user("west_worker")).exists()


@pytest.mark.parametrize("username", ["east_liaison", "east_worker", "east_officer", "tax_liaison"])
def test_the_other_side_cannot_see_or_touch_a_task(world, client_for, west, username):
    client = client_for(world.user(username))
    assert west.pk not in {r["id"] for r in client.get(TASKS).json()["results"]}
    missing = client.get(f"{TASKS}/{west.pk}")
    assert missing.status_code == 404 and missing.json()["error"] == "http_error"
    for action, body in [
        ("accept", {"version": 1}),
        ("attempts", _attempt(west)),
        ("close", {"version": 1, "outcome": "3"}),
        ("assign", {"version": 1, "assignee_id": world.user(username).pk}),
    ]:
        assert post_json(client, f"{TASKS}/{west.pk}/{action}", body).status_code == 404
    west.refresh_from_db()
    assert (west.version, west.status, west.attempts.count()) == (1, "pending", 0)
    assert "WEST-SECRET" not in client.get(TASKS).content.decode()


def test_the_leader_reads_but_cannot_handle(world, client_for, east):
    leader = client_for(world.user("leader"))
    assert leader.get(f"{TASKS}/{east.pk}").status_code == 200
    response = post_json(leader, f"{TASKS}/{east.pk}/attempts", _attempt(east))
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert east.attempts.count() == 0


def test_anonymous_and_ingest_keys_are_refused(world, client, east):
    assert client.get(TASKS).status_code == 401
    key = ingest_key("national")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(TASKS, **headers).status_code == 403
    assert client.get(f"{TASKS}/{east.pk}", **headers).status_code == 403
    refused = post_json(client, f"{TASKS}/{east.pk}/attempts", _attempt(east), key=key)
    assert refused.status_code == 403
    assert refused.json()["error"] == "http_error"
    assert east.attempts.count() == 0


def test_the_alert_detail_route_still_answers(world, worker, east):
    response = worker.get(f"/api/v1/alerts/{east.alert_id}")
    assert response.status_code == 200
    assert response.json()["task"]["id"] == east.pk
