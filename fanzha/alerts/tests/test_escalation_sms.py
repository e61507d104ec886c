"""An escalation also texts the people it escalates to when they keep a duty phone on their
account: through the notification outbox, once per task, tier and person, never to someone
without a number."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fanzha.alerts.handling import escalate_overdue
from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Task
from fanzha.alerts.tests.helpers import item
from fanzha.lib import crypto
from fanzha.notifications.models import Notification
from fanzha.notifications.outbox import send_due

pytestmark = pytest.mark.django_db

OFFICER_PHONE = "13700137000"


@pytest.fixture
def task(world):
    return Task.objects.get(alert_id=ingest([item(world.phones["east"][0])])[0].alert_id)


def _sms():
    return Notification.objects.filter(purpose="task_escalated", channel="sms")


def test_the_station_officer_with_a_duty_phone_gets_an_sms(world, task, settings, tmp_path):
    officer = world.user("east_officer")
    officer.set_duty_phone("+86 137-0013-7000")
    Task.objects.filter(pk=task.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    assert escalate_overdue() == 1
    (sms,) = _sms()
    assert sms.to_user == officer and sms.to_mask == "137****7000"
    assert crypto.decrypt(sms.to_cipher) == OFFICER_PHONE
    assert str(task.pk) in sms.text
    # The inbox note is still there beside it.
    assert Notification.objects.filter(purpose="task_escalated", channel="inbox").count() == 1
    # And the outbox really sends it through the gateway.
    settings.FANZHA_SMS_BACKEND = "file"
    settings.FANZHA_SMS_FILE_DIR = str(tmp_path)
    assert send_due() >= 1
    assert OFFICER_PHONE in "".join(p.read_text() for p in tmp_path.rglob("*") if p.is_file())


def test_nobody_is_texted_without_a_duty_phone(world, task):
    assert escalate_overdue(now=task.due_at + timedelta(seconds=1)) == 1
    assert not _sms().exists()
    assert Notification.objects.filter(purpose="task_escalated", channel="inbox").exists()


def test_each_tier_texts_once(world, task):
    world.user("east_officer").set_duty_phone(OFFICER_PHONE)
    world.user("admin").set_duty_phone("13700137001")
    first = task.due_at + timedelta(seconds=1)
    escalate_overdue(now=first)
    # A second run at the same moment (another worker) adds nothing.
    escalate_overdue(now=first)
    task.refresh_from_db()
    escalate_overdue(now=task.due_at + timedelta(seconds=1))
    assert sorted(_sms().values_list("to_user__username", flat=True)) == ["admin", "east_officer"]
    assert _sms().values("dedup_key").distinct().count() == 2


def test_a_forgotten_duty_phone_is_not_texted(world, task):
    officer = world.user("east_officer")
    officer.set_duty_phone(OFFICER_PHONE)
    officer.set_duty_phone("")
    assert escalate_overdue(now=task.due_at + timedelta(seconds=1)) == 1
    assert not _sms().exists()


def test_a_deactivated_person_is_not_texted(world, task):
    officer = world.user("east_officer")
    officer.set_duty_phone(OFFICER_PHONE)
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert escalate_overdue(now=task.due_at + timedelta(seconds=1)) == 1
    assert not _sms().filter(to_user=officer).exists()
    assert not Notification.objects.filter(purpose="task_escalated", to_user=officer).exists()
