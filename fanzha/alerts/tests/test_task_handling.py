"""Handling a task on its page: accept, attempts, optimistic locking, revisits, closing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fanzha.alerts.choices import TaskStatus
from fanzha.alerts.handling import AttemptData, Conflict, record_attempt
from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Task
from fanzha.alerts.signals import victim_confirmed
from fanzha.alerts.tests.helpers import item

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(world):
    result = ingest([item(world.phones["east"][0])])[0]
    return Task.objects.get(alert_id=result.alert_id)


def _attempt(client, task, **data):
    body = {
        "version": task.version,
        "channel": "phone",
        "outcome": "3",
        "amount_lost": "0",
        "amount_saved": "0",
        "note": "",
    }
    body.update(data)
    return client.post(f"/alerts/tasks/{task.pk}/attempt/", body)


def test_the_task_page_shows_the_target_masked(world, client_for, task):
    response = client_for(world.user("east_worker")).get(f"/alerts/tasks/{task.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "138****8000" in html
    assert "13800138000" not in html
    assert 'id="attempt-form"' in html


def test_accepting_moves_the_task_to_in_progress(world, client_for, task):
    client = client_for(world.user("east_worker"))
    response = client.post(f"/alerts/tasks/{task.pk}/accept/", {"version": task.version})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert task.accepted_at is not None
    assert task.events.filter(kind="accepted").count() == 1


def test_a_successful_attempt_records_contact_and_money(world, client_for, task):
    client = client_for(world.user("east_worker"))
    response = _attempt(client, task, outcome="3", amount_saved="12345.67", note="劝阻成功")
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert task.first_contact_at is not None
    assert task.amount_saved == Decimal("12345.67")
    attempt = task.attempts.get()
    assert (attempt.outcome, attempt.by) == ("3", world.user("east_worker"))


def test_an_unreached_attempt_needs_a_reason_and_does_not_stop_the_clock(world, client_for, task):
    client = client_for(world.user("east_worker"))
    refused = _attempt(client, task, outcome="2")
    assert refused.status_code == 400
    assert task.attempts.count() == 0
    ok = _attempt(client, task, outcome="2", unreached_reason="powered_off")
    assert ok.status_code == 302
    task.refresh_from_db()
    assert task.first_contact_at is None
    assert task.attempts.get().unreached_reason == "powered_off"


def test_the_visit_checklist_is_stored_for_visits_only(world, client_for, task):
    client = client_for(world.user("east_worker"))
    bad = _attempt(client, task, channel="phone", checklist=["look_calls"])
    assert bad.status_code == 400
    good = _attempt(client, task, channel="visit", checklist=["look_calls", "protect"])
    assert good.status_code == 302
    assert task.attempts.get().checklist == ["look_calls", "protect"]


def test_two_people_saving_at_once_do_not_overwrite_each_other(world, client_for, task):
    worker = client_for(world.user("east_worker"))
    officer = client_for(world.user("east_officer"))
    seen_version = task.version
    first = _attempt(worker, task, outcome="3", amount_saved="100")
    second = officer.post(
        f"/alerts/tasks/{task.pk}/attempt/",
        {
            "version": seen_version,
            "channel": "phone",
            "outcome": "1",
            "amount_lost": "0",
            "amount_saved": "50",
            "note": "",
        },
    )
    assert first.status_code == 302
    assert second.status_code == 409
    assert "Reload" in second.content.decode() or "刷新" in second.content.decode()
    task.refresh_from_db()
    assert task.attempts.count() == 1
    assert task.amount_saved == Decimal("100")


def test_the_capability_raises_conflict_on_a_stale_version(world, task):
    data = AttemptData(channel="phone", outcome="3")
    record_attempt(task, world.user("east_worker"), task.version, data)
    with pytest.raises(Conflict):
        record_attempt(task, world.user("east_worker"), task.version - 1, data)


def test_a_person_who_denies_gets_revisits_until_safe(world, client_for, task, settings):
    client = client_for(world.user("east_worker"))
    _attempt(client, task, outcome="1", denies="on")
    task.refresh_from_db()
    assert task.status == TaskStatus.REVISIT
    assert task.next_revisit_at is not None
    closing = client.post(
        f"/alerts/tasks/{task.pk}/close/", {"version": task.version, "outcome": "1"}
    )
    assert closing.status_code == 400
    task.refresh_from_db()
    assert task.status == TaskStatus.REVISIT
    _attempt(client, task, outcome="1", channel="visit")
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert task.revisit_count == 1
    closed = client.post(
        f"/alerts/tasks/{task.pk}/close/", {"version": task.version, "outcome": "1"}
    )
    assert closed.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.outcome) == (TaskStatus.CLOSED, "1")


def test_a_revisit_comes_due_by_itself(world, task):
    from datetime import timedelta

    from django.utils import timezone

    from fanzha.alerts.handling import revisits_due
    from fanzha.notifications.models import Notification

    record_attempt(
        task,
        world.user("east_worker"),
        task.version,
        AttemptData(channel="phone", outcome="1", denies=True),
    )
    task.refresh_from_db()
    assert revisits_due(now=timezone.now()) == 0
    later = task.next_revisit_at + timedelta(minutes=1)
    assert revisits_due(now=later) == 1
    assert revisits_due(now=later) == 0
    task.refresh_from_db()
    assert task.next_revisit_at is None
    assert task.due_at == later + timedelta(minutes=10)
    assert (
        Notification.objects.filter(
            purpose="revisit_due", to_user=world.user("east_worker")
        ).count()
        == 1
    )


def test_closing_needs_a_final_outcome(world, client_for, task):
    client = client_for(world.user("east_worker"))
    response = client.post(
        f"/alerts/tasks/{task.pk}/close/", {"version": task.version, "outcome": "2"}
    )
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING


def test_closing_with_outcome_4_sends_victim_confirmed(world, client_for, task):
    received = []

    def receiver(sender, alert, task, attempt, **kwargs):
        received.append((alert.pk, task.pk, attempt.pk if attempt else None))

    victim_confirmed.connect(receiver, dispatch_uid="test-victim")
    try:
        client = client_for(world.user("east_worker"))
        _attempt(client, task, outcome="4", amount_lost="173430.00")
        task.refresh_from_db()
        response = client.post(
            f"/alerts/tasks/{task.pk}/close/", {"version": task.version, "outcome": "4"}
        )
        assert response.status_code == 302
    finally:
        victim_confirmed.disconnect(dispatch_uid="test-victim")
    attempt = task.attempts.get()
    assert received == [(task.alert_id, task.pk, attempt.pk)]
    task.refresh_from_db()
    assert task.amount_lost == Decimal("173430.00")


def test_a_leader_cannot_record_attempts(world, client_for, task):
    response = _attempt(client_for(world.user("leader")), task)
    assert response.status_code == 400
    assert task.attempts.count() == 0


def test_bulk_assign_and_close_from_the_queue(world, client_for):
    results = ingest([item(p) for p in world.phones["east"]])
    ids = [str(Task.objects.get(alert_id=r.alert_id).pk) for r in results]
    west_task = Task.objects.get(alert_id=ingest([item(world.phones["west"][0])])[0].alert_id)
    client = client_for(world.user("east_liaison"))
    officer = world.user("east_officer")
    response = client.post(
        "/alerts/bulk/",
        {
            "action": "assign",
            "tasks": [*ids, str(west_task.pk)],
            "assignee": officer.pk,
        },
    )
    assert response.status_code == 302
    assert set(Task.objects.filter(assignee=officer).values_list("pk", flat=True)) == {
        int(i) for i in ids
    }
    west_task.refresh_from_db()
    assert west_task.assignee == world.user("west_worker")
    response = client.post("/alerts/bulk/", {"action": "close", "tasks": ids, "outcome": "1"})
    assert response.status_code == 302
    assert Task.objects.filter(status="closed").count() == 3
    assert Task.objects.filter(status="closed", pk=west_task.pk).count() == 0
