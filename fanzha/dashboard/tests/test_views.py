"""The dashboard page, the wall and the stats command."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from fanzha.dashboard import rollups
from fanzha.dashboard.tests.helpers import register_with_family

pytestmark = pytest.mark.django_db

HEADLINE_KEYS = {
    "residents",
    "households",
    "registrations",
    "protected",
    "app_installs",
    "units",
    "grids",
    "places",
    "dissuasions_successful",
    "wechat_accounts_banned_permanent",
    "wechat_accounts_banned_short_term",
    "wechat_groups_banned",
    "qq_accounts_banned",
    "notices_issued",
    "cases",
    "loss_yuan",
}


def test_it_prints_the_headline_figures_as_one_json_object(world):
    register_with_family(world.residents["east"][0], world.phones["east"][0], ["13600000001"])
    out = StringIO()
    call_command("stats", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) >= HEADLINE_KEYS
    assert data["registrations"] == 1
    assert data["protected"] == 2
    assert data["residents"] == 6
    assert data["loss_yuan"] == "0.00"


def test_it_prints_the_same_figures_live(world):
    register_with_family(world.residents["west"][0], world.phones["west"][0], [])
    rolled, live = StringIO(), StringIO()
    call_command("stats", "--json", "--refresh", stdout=rolled)
    call_command("stats", "--json", "--live", stdout=live)
    assert json.loads(rolled.getvalue()) == json.loads(live.getvalue())


def test_it_shows_figures_with_drill_down_links_and_chart_holders(world, client_for):
    register_with_family(world.residents["east"][0], world.phones["east"][0], [])
    rollups.rebuild_all()
    response = client_for(world.user("admin")).get("/dashboard/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/registrations/"' in html
    assert 'href="/people/residents/"' in html
    for chart in (
        "trend",
        "coverage",
        "warnings",
        "cases_by_type",
        "cases_by_unit",
        "cases_by_grid",
        "riskiest",
    ):
        assert f'data-chart="{chart}"' in html
    assert 'id="dashboard-data"' in html
    assert "echarts-5.6.0.min.js" in html
    # No inline script: every <script> either loads a file or carries JSON data.
    for tag in html.split("<script")[1:]:
        head = tag.split(">", 1)[0]
        assert "src=" in head or 'type="application/json"' in head


def test_it_builds_the_trend_series_from_the_weekly_rollup(world, client_for):
    register_with_family(world.residents["east"][0], world.phones["east"][0], [])
    register_with_family(world.residents["east"][1], world.phones["east"][1], [])
    rollups.rebuild_all()
    data = client_for(world.user("admin")).get("/dashboard/").context["chart_data"]
    series = {s["name"]: s["data"] for s in data["trend"]["series"]}
    registrations = series["预警注册"] if "预警注册" in series else next(iter(series.values()))
    assert registrations[-1] == 2
    assert sum(registrations) == 2
    assert len(data["trend"]["weeks"]) == 26


def test_it_builds_the_rollups_on_first_view(world, client_for):
    from fanzha.dashboard.models import RollupState

    assert not RollupState.objects.exists()
    client_for(world.user("leader")).get("/dashboard/")
    assert RollupState.objects.filter(metric="registrations").exists()


def test_it_lists_the_dashboard_in_the_staff_menu(world, client_for):
    html = client_for(world.user("east_liaison")).get("/").content.decode()
    assert 'href="/dashboard/"' in html
    assert 'href="/dashboard/wall/"' in html
