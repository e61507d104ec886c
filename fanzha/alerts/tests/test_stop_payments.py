"""Stop-payment requests: 48 hours, at most twice per account, returns within 3 working days."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fanzha.alerts import stoppay
from fanzha.alerts.choices import StopPaymentStatus
from fanzha.alerts.intake import ingest
from fanzha.alerts.models import StopPayment, Task
from fanzha.alerts.tests.helpers import item

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(world):
    return Task.objects.get(alert_id=ingest([item(world.phones["east"][0])])[0].alert_id)


def test_a_request_expires_48_hours_later(world, task):
    stop = stoppay.request(
        task,
        world.user("east_officer"),
        account="6222 0000 1111 2222",
        bank="工商银行",
        amount=Decimal("5000.00"),
    )
    assert stop.account == "6222000011112222"
    assert stop.expires_at - stop.requested_at == timedelta(hours=48)
    assert stop.sequence == 1


def test_the_third_request_for_an_account_is_refused(world, task):
    officer = world.user("east_officer")
    for _ in range(2):
        stoppay.request(
            task, officer, account="6222000011112222", bank="工行", amount=Decimal("100")
        )
    with pytest.raises(ValidationError) as exc:
        stoppay.request(
            task, officer, account="6222-0000-1111-2222", bank="工行", amount=Decimal("100")
        )
    assert "2" in exc.value.messages[0]
    assert StopPayment.objects.count() == 2


def test_the_third_request_is_refused_on_the_task_page(world, client_for, task):
    client = client_for(world.user("east_officer"))
    for expected in (302, 302, 400):
        response = client.post(
            f"/alerts/tasks/{task.pk}/stop-payment/",
            {"account": "6222000011113333", "bank": "农行", "amount": "10"},
        )
        assert response.status_code == expected
    assert StopPayment.objects.filter(account="6222000011113333").count() == 2


def test_an_outsider_cannot_request(world, task):
    with pytest.raises(PermissionDenied):
        stoppay.request(
            task, world.user("west_officer"), account="1", bank="x", amount=Decimal("1")
        )


def test_working_days_skip_weekends_and_holidays(settings):
    settings.FANZHA_HOLIDAYS = ["2021-06-14"]
    assert stoppay.add_working_days(date(2021, 5, 27), 3) == date(2021, 6, 1)  # Thu → Tue
    assert stoppay.add_working_days(date(2021, 6, 11), 1) == date(2021, 6, 15)


def test_a_late_return_is_warned_once_and_expired_requests_lapse(world, task):
    from fanzha.notifications.models import Notification

    officer = world.user("east_officer")
    stop = stoppay.request(task, officer, account="A1", bank="建行", amount=Decimal("900"))
    stoppay.freeze(stop, officer, Decimal("800"))
    other = stoppay.request(task, officer, account="A2", bank="建行", amount=Decimal("10"))
    assert stop.status == StopPaymentStatus.FROZEN
    assert not stop.return_overdue
    later = timezone.now() + timedelta(days=10)
    assert stoppay.expire_and_warn(now=later) == 2  # one expired, one warned
    assert stoppay.expire_and_warn(now=later) == 0
    other.refresh_from_db()
    assert other.status == StopPaymentStatus.EXPIRED
    notes = Notification.objects.filter(purpose="return_overdue")
    assert set(notes.values_list("to_user__username", flat=True)) == {"admin", "east_worker"}
    with pytest.raises(ValidationError):
        stoppay.record_return(stop, officer, Decimal("900"))
    stoppay.record_return(stop, officer, Decimal("800"))
    assert stop.status == StopPaymentStatus.RETURNED
