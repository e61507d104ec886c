"""Scoping: a unit liaison sees their unit's picture, the leader the whole district; nothing of
the other side leaks through the page, the wall, the JSON data or the API."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from fanzha.dashboard import figures, rollups
from fanzha.dashboard.tests.helpers import register_with_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def pictured(world, settings):
    from fanzha.cases.tests.factories import CaseFactory

    settings.FANZHA_DASHBOARD_AS_OF = "2021-05-27"  # the factory's cases are from March 2021

    register_with_family(world.residents["east"][0], world.phones["east"][0], ["13600000001"])
    register_with_family(
        world.residents["west"][0],
        world.phones["west"][0],
        ["13600000002", "13600000003", "13600000004"],
    )
    register_with_family(world.residents["west"][1], world.phones["west"][1], [])
    CaseFactory(victim=world.residents["west"][1], loss=Decimal("777.00"))
    rollups.rebuild_all()
    return world


def test_it_gives_each_side_its_own_figures(pictured):
    east = figures.headline_dict(pictured.user("east_liaison"))
    west = figures.headline_dict(pictured.user("west_liaison"))
    district = figures.headline_dict(pictured.user("leader"))

    assert (east["registrations"], east["protected"], east["cases"]) == (1, 2, 0)
    assert (west["registrations"], west["protected"], west["cases"]) == (2, 5, 1)
    assert west["loss_yuan"] == "777.00" and east["loss_yuan"] == "0.00"
    assert (district["registrations"], district["protected"]) == (3, 7)


def test_it_scopes_grid_workers_and_officers_to_their_area(pictured):
    assert figures.headline_dict(pictured.user("east_worker"))["registrations"] == 1
    assert figures.headline_dict(pictured.user("west_officer"))["registrations"] == 2


def test_it_gives_a_sector_liaison_the_rows_of_their_sector(pictured):
    # east resident 0 works at the east enterprise, which the tax sub-bureau is responsible for.
    tax = figures.headline_dict(pictured.user("tax_liaison"))
    assert tax["registrations"] == 1
    assert tax["residents"] == 1


def test_it_does_not_leak_the_other_side_into_the_page(pictured, client_for):
    response = client_for(pictured.user("east_liaison")).get("/dashboard/")
    assert response.status_code == 200
    data = response.context["chart_data"]
    grids = {row["grid"] for row in data["cases_by_grid"]["rows"]}
    assert grids == set()
    offices = {row["office"] for row in data["coverage"]["rows"]}
    assert offices == {"东城办事处"}
    assert "西城办事处" not in response.content.decode()

    west = client_for(pictured.user("west_liaison")).get("/dashboard/").context["chart_data"]
    assert {row["grid"] for row in west["cases_by_grid"]["rows"]} == {"西苑村第一网格"}


def test_it_does_not_leak_through_the_wall_or_its_data(pictured, client_for):
    client = client_for(pictured.user("east_liaison"))
    wall = client.get("/dashboard/wall/")
    assert wall.status_code == 200
    assert "西城办事处" not in wall.content.decode()
    payload = json.loads(client.get("/dashboard/data.json").content)
    assert payload["figures"]["registrations"] == 1
    assert payload["figures"]["cases"] == 0
    assert payload["charts"]["riskiest"]["rows"] == []


def test_it_scopes_the_api(pictured, client_for):
    east = client_for(pictured.user("east_liaison")).get("/api/v1/stats/")
    assert east.status_code == 200
    assert east.json()["registrations"] == 1
    assert east.json()["protected"] == 2
    leader = client_for(pictured.user("leader")).get("/api/v1/stats/")
    assert leader.json()["registrations"] == 3


def test_it_refuses_anonymous_visitors_and_api_keys(pictured, client):
    from fanzha.accounts.models import ApiKey

    assert client.get("/dashboard/").status_code == 302
    assert client.get("/dashboard/data.json").status_code == 302
    assert client.get("/api/v1/stats/").status_code == 401
    _key, plaintext = ApiKey.issue("bank", "alerts:ingest")
    keyed = client.get("/api/v1/stats/", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert keyed.status_code == 403
    assert keyed.json()["error"] == "http_error"
