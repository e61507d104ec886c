"""A yes/no filter left empty reads like every other empty filter, and still filters."""

from __future__ import annotations

import pytest

from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Task
from fanzha.alerts.tests.helpers import item


@pytest.mark.django_db
def test_a_yes_no_filter_offers_either_yes_or_no_never_unknown(world, client_for):

    (result,) = ingest([item(world.phones["east"][0])])
    task = Task.objects.get(alert_id=result.alert_id)
    client = client_for(world.user("east_worker"))
    html = client.get("/alerts/", {"status": ""}).content.decode()
    select = html.split('name="overdue"')[1].split("</select>")[0]
    assert '<option value="unknown" selected>---------</option>' in select
    assert ">是</option>" in select and ">否</option>" in select
    assert "未知" not in select
    assert f"/alerts/tasks/{task.pk}/" in html
    open_only = client.get("/alerts/", {"open": "true"}).content.decode()
    assert f"/alerts/tasks/{task.pk}/" in open_only
    Task.objects.filter(pk=task.pk).update(status="closed", outcome="1", closed_at=task.due_at)
    assert (
        f"/alerts/tasks/{task.pk}/" not in client.get("/alerts/", {"open": "true"}).content.decode()
    )
    assert f"/alerts/tasks/{task.pk}/" in client.get("/alerts/", {"open": "false"}).content.decode()
