"""Scoping: the other side never sees an indicator, its sightings or its import."""

from __future__ import annotations

import pytest

from fanzha.indicators.models import Indicator
from fanzha.indicators.sightings import record_sighting

pytestmark = pytest.mark.django_db


@pytest.fixture
def west_indicator(world):
    return record_sighting("qq", "99887766", "staff", user=world.user("west_officer"))


def test_the_east_does_not_see_a_west_indicator(world, client_for, west_indicator):
    for name in ("east_officer", "east_liaison", "east_worker"):
        client = client_for(world.user(name))
        assert client.get(f"/indicators/{west_indicator.pk}/").status_code == 404
        assert "99887766" not in client.get("/indicators/").content.decode()
        assert client.get(f"/api/v1/indicators/{west_indicator.pk}").status_code == 404
        body = client.get("/api/v1/indicators").json()
        assert body["count"] == 0 and body["results"] == []
    west = client_for(world.user("west_officer"))
    assert west.get(f"/indicators/{west_indicator.pk}/").status_code == 200
    assert west.get("/api/v1/indicators").json()["count"] == 1


def test_the_east_cannot_move_a_west_indicator(world, client_for, west_indicator):
    client = client_for(world.user("east_officer"))
    response = client.post(f"/indicators/{west_indicator.pk}/transition/", {"target": "verified"})
    assert response.status_code == 404
    api = client.post(
        f"/api/v1/indicators/{west_indicator.pk}/transition",
        {"target": "verified"},
        content_type="application/json",
    )
    assert api.status_code == 404
    west_indicator.refresh_from_db()
    assert west_indicator.status == "pending"


def test_the_export_and_counts_stay_in_scope(world, client_for, west_indicator):
    east = client_for(world.user("east_officer"))
    export = east.get("/indicators/", {"export": "xlsx"})
    assert export.status_code == 200
    content = b"".join(export.streaming_content)
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    assert len(rows) == 1  # header only
    leader = client_for(world.user("leader"))
    assert leader.get(f"/indicators/{west_indicator.pk}/").status_code == 200
    assert (
        leader.post(
            f"/indicators/{west_indicator.pk}/transition/", {"target": "verified"}
        ).status_code
        == 403
    )


def test_liaisons_and_workers_may_report_but_not_ban(world, client_for):
    liaison = client_for(world.user("east_liaison"))
    assert (
        liaison.post("/indicators/add/", {"kind": "phone", "account": "13700001111"}).status_code
        == 302
    )
    indicator = Indicator.objects.get()
    assert indicator.unit == world.offices["east"]
    assert liaison.get(f"/indicators/{indicator.pk}/").status_code == 200
    assert (
        liaison.post(f"/indicators/{indicator.pk}/transition/", {"target": "verified"}).status_code
        == 403
    )


def test_an_api_key_records_sightings_only_with_its_scope(world):
    from django.test import Client

    from fanzha.accounts.models import ApiKey

    _, key = ApiKey.issue("portal", "indicators:report")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    payload = {
        "kind": "phone",
        "value": "+86 137 0000 2222",
        "source": "resident_report",
        "ref": "portal:1",
    }
    response = client.post("/api/v1/indicators/sightings", payload, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["value"] == "+8613700002222"
    again = client.post("/api/v1/indicators/sightings", payload, content_type="application/json")
    assert again.json()["sightings_count"] == 1
    bad = client.post(
        "/api/v1/indicators/sightings", {**payload, "value": "x"}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["error"] == "validation_error"
    _, risk_only = ApiKey.issue("reader", "risk:read")
    denied = Client(HTTP_AUTHORIZATION=f"Bearer {risk_only}").post(
        "/api/v1/indicators/sightings", payload, content_type="application/json"
    )
    assert denied.status_code == 403
    # Keys never read the indicator list: that is staff data.
    assert client.get("/api/v1/indicators").status_code == 403


def test_a_unit_that_sights_a_known_indicator_sees_it(world, client_for, west_indicator):
    east = client_for(world.user("east_liaison"))
    response = east.post("/indicators/add/", {"kind": "qq", "account": "9988 7766"})
    assert response["Location"] == f"/indicators/{west_indicator.pk}/"
    assert east.get(f"/indicators/{west_indicator.pk}/").status_code == 200
    # ...but not the west's own sightings of it.
    page = east.get(f"/indicators/{west_indicator.pk}/").content.decode()
    assert page.count("<td>工作人员录入</td>") == 1
    other = client_for(world.user("east_officer"))
    assert other.get(f"/indicators/{west_indicator.pk}/").status_code == 404
