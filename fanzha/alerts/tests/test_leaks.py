"""Leak tests: a user of the other side sees none of these rows, on any page, export or API."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from fanzha.alerts import stoppay
from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Task
from fanzha.alerts.tests.helpers import item

pytestmark = pytest.mark.django_db


@pytest.fixture
def west(world):
    from decimal import Decimal

    result = ingest([item(world.phones["west"][0], source_ref="WEST-SECRET")])[0]
    task = Task.objects.get(alert_id=result.alert_id)
    stop = stoppay.request(
        task,
        world.user("west_officer"),
        account="6222999988887777",
        bank="西城银行",
        amount=Decimal("1"),
    )
    return task, stop


EAST_USERS = ["east_liaison", "east_worker", "east_officer", "tax_liaison"]


@pytest.mark.parametrize("username", EAST_USERS)
def test_east_users_get_404_on_west_pages(world, client_for, west, username):
    task, stop = west
    client = client_for(world.user(username))
    assert client.get(f"/alerts/tasks/{task.pk}/").status_code == 404
    assert client.get(f"/alerts/leads/{task.alert_id}/").status_code == 404
    assert (
        client.post(
            f"/alerts/tasks/{task.pk}/attempt/",
            {
                "version": task.version,
                "channel": "phone",
                "outcome": "3",
                "amount_lost": "0",
                "amount_saved": "0",
            },
        ).status_code
        == 404
    )
    assert (
        client.post(f"/alerts/stop-payments/{stop.pk}/freeze/", {"amount": "1"}).status_code == 404
    )
    assert task.attempts.count() == 0


@pytest.mark.parametrize("username", EAST_USERS)
def test_east_users_do_not_see_west_rows_in_lists(world, client_for, west, username):
    client = client_for(world.user(username))
    for url in ("/alerts/?open=true", "/alerts/leads/", "/alerts/stop-payments/", "/alerts/mine/"):
        html = client.get(url).content.decode()
        assert "139****9000" not in html, url
        assert "WEST-SECRET" not in html, url
        assert "6222999988887777" not in html, url


@pytest.mark.parametrize("username", ["east_liaison", "east_officer"])
def test_east_exports_hold_no_west_rows(world, client_for, west, username):
    client = client_for(world.user(username))
    ingest([item(world.phones["east"][0], source_ref="EAST-ONE")])
    for url in (
        "/alerts/?export=xlsx",
        "/alerts/leads/?export=xlsx",
        "/alerts/stop-payments/?export=xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        cells = {str(c.value) for row in sheet.iter_rows() for c in row}
        assert "139****9000" not in cells and "WEST-SECRET" not in cells
        assert "6222999988887777" not in cells
    leads = client.get("/alerts/leads/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(leads.streaming_content))).active
    assert "EAST-ONE" in {str(c.value) for row in sheet.iter_rows() for c in row}


@pytest.mark.parametrize("username", EAST_USERS)
def test_east_users_do_not_get_west_alerts_from_the_api(world, client_for, west, username):
    task, _ = west
    client = client_for(world.user(username))
    assert client.get(f"/api/v1/alerts/{task.alert_id}").status_code == 404
    listed = client.get("/api/v1/alerts").json()
    assert task.alert_id not in [a["id"] for a in listed]


def test_figures_count_only_the_users_area(world, client_for, west):
    from fanzha.alerts.handling import AttemptData, close, record_attempt

    task, _ = west
    record_attempt(
        task,
        world.user("west_worker"),
        task.version,
        AttemptData(
            channel="phone", outcome="3", amount_saved=__import__("decimal").Decimal("999.00")
        ),
    )
    task.refresh_from_db()
    close(task, world.user("west_worker"), task.version, "3")
    east = client_for(world.user("east_liaison")).get("/alerts/figures/")
    assert east.context["figures"]["dissuaded"] == 0
    assert "999.00" not in east.content.decode()
    west_view = client_for(world.user("west_liaison")).get("/alerts/figures/")
    assert west_view.context["figures"]["dissuaded"] == 1
    assert west_view.context["figures"]["saved"] == __import__("decimal").Decimal("999.00")


def test_the_admin_and_leader_see_both_sides(world, client_for, west):
    ingest([item(world.phones["east"][0])])
    for username in ("admin", "leader"):
        listed = client_for(world.user(username)).get("/api/v1/alerts").json()
        assert len(listed) == 2


def test_only_global_roles_see_the_outbox(world, client_for, west):
    assert client_for(world.user("admin")).get("/notifications/").context["paginator"].count == 1
    html = client_for(world.user("east_liaison")).get("/notifications/").content.decode()
    assert "139****9000" not in html
