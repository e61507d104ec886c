"""Retention: a closed task's raw payload and attempt notes are cleared after their periods; open
tasks, recent closings, the task itself and its figures are kept."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fanzha.alerts.handling import AttemptData, close, record_attempt
from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Alert, Attempt, Task
from fanzha.alerts.tests.helpers import item
from fanzha.core import retention

pytestmark = pytest.mark.django_db


def _handled(world, phone: str, closed_days_ago: int | None) -> Task:
    result = ingest([item(phone)])[0]
    task = Task.objects.get(alert_id=result.alert_id)
    user = world.user("admin")
    data = AttemptData(
        channel="phone", outcome="3", note="她说在给“客服”转账", amount_saved=Decimal("8")
    )
    record_attempt(task, user, task.version, data)
    if closed_days_ago is not None:
        close(task, user, task.version, "3")
        closed_at = timezone.now() - timedelta(days=closed_days_ago)
        Task.objects.filter(pk=task.pk).update(closed_at=closed_at)
    return task


@pytest.fixture
def periods(settings):
    settings.FANZHA_ALERT_PAYLOAD_RETENTION_DAYS = 90
    settings.FANZHA_ALERT_NOTE_RETENTION_DAYS = 365


def test_a_long_closed_tasks_payload_and_notes_are_cleared(world, periods):
    phone = world.phones["east"][0]
    old = _handled(world, phone, closed_days_ago=400)
    assert old.alert.payload_cipher and phone in old.alert.reveal("payload")
    assert retention.purge() >= 2
    alert = Alert.objects.get(pk=old.alert_id)
    assert alert.payload_cipher == "" and alert.reveal("payload") == ""
    assert Attempt.objects.get(task=old).note == ""
    # The record itself and its figures stay.
    task = Task.objects.get(pk=old.pk)
    assert (task.outcome, task.amount_saved, alert.target_phone_mask) == ("3", 8, "138****8000")


def test_each_period_counts_on_its_own(world, periods):
    payload_gone = _handled(world, world.phones["east"][0], closed_days_ago=100)
    retention.purge()
    assert Alert.objects.get(pk=payload_gone.alert_id).payload_cipher == ""
    assert Attempt.objects.get(task=payload_gone).note  # notes are kept for a year


def test_open_and_recently_closed_tasks_keep_everything(world, periods):
    still_open = _handled(world, world.phones["east"][0], closed_days_ago=None)
    Alert.objects.filter(pk=still_open.alert_id).update(
        created_at=timezone.now() - timedelta(days=1000)
    )
    recent = _handled(world, world.phones["east"][1], closed_days_ago=89)
    retention.purge()
    for task in (still_open, recent):
        assert Alert.objects.get(pk=task.alert_id).payload_cipher
        assert Attempt.objects.get(task=task).note


def test_a_second_purge_changes_nothing(world, periods):
    _handled(world, world.phones["east"][0], closed_days_ago=400)
    retention.purge()
    assert retention.purge() == 0


def test_the_alerts_purge_is_part_of_the_daily_retention_job():
    assert "alerts.closed_tasks" in retention.purges()
