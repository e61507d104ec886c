"""Overdue tasks escalate by themselves: grid worker → station → district."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fanzha.alerts.choices import Tier
from fanzha.alerts.handling import AttemptData, escalate_overdue, record_attempt
from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Task
from fanzha.alerts.tests.helpers import item
from fanzha.core import periodic
from fanzha.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(world):
    return Task.objects.get(alert_id=ingest([item(world.phones["east"][0])])[0].alert_id)


def test_nothing_escalates_before_the_due_time(world, task):
    assert escalate_overdue(now=task.due_at - timedelta(seconds=1)) == 0
    task.refresh_from_db()
    assert task.tier == Tier.GRID


def test_an_overdue_task_climbs_to_the_station_then_the_district(world, task):
    first = task.due_at + timedelta(seconds=1)
    assert escalate_overdue(now=first) == 1
    task.refresh_from_db()
    assert task.tier == Tier.STATION
    assert task.escalated_at == first
    assert task.due_at == first + timedelta(minutes=10)
    assert task.is_overdue is False or task.due_at < first
    notes = Notification.objects.filter(purpose="task_escalated")
    assert list(notes.values_list("to_user__username", flat=True)) == ["east_officer"]
    # A second worker running at the same moment finds nothing left to do.
    assert escalate_overdue(now=first) == 0
    second = task.due_at + timedelta(seconds=1)
    assert escalate_overdue(now=second) == 1
    task.refresh_from_db()
    assert task.tier == Tier.DISTRICT
    assert set(notes.values_list("to_user__username", flat=True)) == {"east_officer", "admin"}
    assert escalate_overdue(now=task.due_at + timedelta(hours=1)) == 0
    assert task.events.filter(kind="escalated").count() == 2


def test_a_contacted_task_does_not_escalate(world, task):
    record_attempt(
        task, world.user("east_worker"), task.version, AttemptData(channel="phone", outcome="3")
    )
    assert escalate_overdue(now=task.due_at + timedelta(minutes=5)) == 0


def test_an_escalation_invalidates_forms_opened_before_it(world, task):
    from fanzha.alerts.handling import Conflict

    seen = task.version
    escalate_overdue(now=task.due_at + timedelta(seconds=1))
    with pytest.raises(Conflict):
        record_attempt(
            task, world.user("east_worker"), seen, AttemptData(channel="phone", outcome="3")
        )


def test_the_jobs_are_registered_for_the_worker():
    names = {job.name for job in periodic.jobs()}
    assert {
        "alerts.escalate",
        "alerts.revisits",
        "alerts.stop_payments",
        "notifications.send",
    } <= names


def test_the_overdue_task_shows_red_in_the_queue(world, client_for, task):
    Task.objects.filter(pk=task.pk).update(due_at=task.due_at - timedelta(hours=1))
    html = client_for(world.user("east_worker")).get("/alerts/").content.decode()
    assert f'id="task-{task.pk}" class="level-high overdue-row"' in html


def test_the_queue_lists_open_tasks_before_closed_ones(world, client_for):
    from fanzha.alerts.handling import close

    results = ingest([item(p) for p in world.phones["east"]])
    tasks = [Task.objects.get(alert_id=r.alert_id) for r in results]
    close(tasks[0], world.user("east_worker"), tasks[0].version, "1")
    page = client_for(world.user("east_worker")).get("/alerts/?level=high")
    listed = [t.pk for t in page.context["object_list"]]
    assert listed == [tasks[1].pk, tasks[2].pk, tasks[0].pk]
