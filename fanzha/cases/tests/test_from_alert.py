"""An alert closed with outcome 4 (本人-接通-已被骗) drafts a case, once, and its letter."""

from decimal import Decimal

import pytest

pytest.importorskip("fanzha.alerts.signals")

from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Task
from fanzha.alerts.tests.helpers import item
from fanzha.cases.choices import CaseSource, CaseStatus
from fanzha.cases.models import Case
from fanzha.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_it_drafts_a_case_when_an_alert_confirms_a_victim(world, client_for):
    result = ingest([item(world.phones["east"][0])])[0]
    task = Task.objects.get(alert_id=result.alert_id)
    client = client_for(world.user("east_worker"))
    response = client.post(
        f"/alerts/tasks/{task.pk}/attempt/",
        {
            "version": task.version,
            "channel": "phone",
            "outcome": "4",
            "amount_lost": "173430.00",
            "amount_saved": "1000.00",
            "note": "已转账到安全账户",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    response = client.post(
        f"/alerts/tasks/{task.pk}/close/", {"version": task.version, "outcome": "4"}
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.status == CaseStatus.DRAFT
    assert case.source == CaseSource.ALERT
    assert case.victim == world.residents["east"][0]
    assert case.grid == world.grids["east"]
    assert case.loss == Decimal("173430.00")
    assert case.recovered == Decimal("1000.00")
    assert list(case.alerts.values_list("pk", flat=True)) == [task.alert_id]
    assert case.created_by == world.user("east_worker")
    assert Notice.objects.filter(case=case, kind="letter").exists()
    # The case is the east side's: the west cannot see it.
    west = client_for(world.user("west_officer"))
    assert west.get(case.get_absolute_url()).status_code == 404
    # Sending the signal again (a retried close) does not draft a second case.
    from fanzha.alerts.signals import victim_confirmed

    victim_confirmed.send(sender=Task, alert=task.alert, task=task, attempt=None)
    assert Case.objects.count() == 1


def test_a_case_records_its_fraud_contacts_as_sightings(world, client_for):
    from django.urls import reverse

    from fanzha.indicators.models import Indicator
    from fanzha.people.models import Resident

    number = Resident.objects.get(pk=world.residents["east"][1].pk).reveal("id_number")
    client = client_for(world.user("east_officer"))
    data = {
        "reported_at": "2021-05-20T10:30",
        "occurred_at": "2021-05-19T21:00",
        "victim_id_number": number,
        "narrative": "x",
        "fraud_type": "MCLD",
        "channel": "wechat",
        "loss": "5000",
        "recovered": "0",
        "status": "open",
        "contacts_text": "微信 Fake_Boss_2021\n电话 170 0000 0000",
    }
    response = client.post(reverse("cases:case_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    kinds = sorted(case.contacts.values_list("kind", flat=True))
    assert kinds == ["phone", "wechat"]
    wechat = Indicator.objects.get(kind="wechat")
    assert wechat.sightings.filter(ref=f"case:{case.pk}").count() == 1
    bad = client.post(reverse("cases:case_add"), {**data, "contacts_text": "星座 abc"})
    assert bad.status_code == 200
    assert "contacts_text" in bad.context["form"].errors
    assert Case.objects.count() == 1
