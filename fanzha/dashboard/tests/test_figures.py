"""The headline figures: exact values from the rollups, equal to counting the sources."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fanzha.dashboard import figures, rollups
from fanzha.dashboard.metrics import METRICS_BY_NAME, Metric
from fanzha.dashboard.tests.helpers import register_with_family
from fanzha.registrations.models import AppInstall

pytestmark = pytest.mark.django_db


def test_it_counts_the_registry_headline_figures(world):
    east, west = world.residents["east"], world.residents["west"]
    register_with_family(east[0], world.phones["east"][0], ["13600000001", "13600000002"])
    register_with_family(west[0], world.phones["west"][0], ["13600000003"])
    AppInstall.objects.create(resident=east[1])
    rollups.rebuild_all()

    data = figures.headline_dict(None)

    assert data["registrations"] == 2
    assert data["protected"] == 5  # 2 registrants + 3 family members
    assert data["app_installs"] == 1
    assert data["residents"] == 6
    assert data["households"] == 2
    assert data["grids"] == 2
    assert data["places"] == 2
    assert data == figures.live_headline(None)


def test_it_counts_cases_and_losses_by_type(world):
    from fanzha.cases.tests.factories import CaseFactory

    CaseFactory(victim=world.residents["east"][0], loss=Decimal("1200.50"), fraud_type="SDFL")
    CaseFactory(victim=world.residents["west"][1], loss=Decimal("300.00"), fraud_type="MCKF")
    CaseFactory(
        victim=world.residents["west"][2], loss=Decimal("99.50"), fraud_type="MCKF", status="void"
    )
    rollups.rebuild_all()

    data = figures.headline_dict(None)
    assert data["cases"] == 2  # the void record never counts
    assert data["loss_yuan"] == "1500.50"
    by_type = {row["key"]: (row["count"], row["total"]) for row in figures.by_key(None, "cases")}
    assert by_type == {"SDFL": (1, 1200.5), "MCKF": (1, 300.0)}
    assert data == figures.live_headline(None)


def test_it_shows_a_figure_whose_source_has_not_landed_as_unavailable(world, monkeypatch):
    missing = Metric("ghost", "ghost", "cases.NoSuchModel")
    monkeypatch.setitem(METRICS_BY_NAME, "cases", missing)

    by_key = {f.key: f for f in figures.headline(None)}

    assert by_key["cases"].value is None
    assert not by_key["cases"].available
    assert by_key["registrations"].value == 0


def test_it_links_every_available_figure_to_the_list_behind_it(world):
    rollups.rebuild_all()
    links = {f.key: f.url for f in figures.headline(None)}
    assert links["registrations"] == "/registrations/"
    assert links["app_installs"] == "/registrations/app-installs/"
    assert links["residents"] == "/people/residents/"
    assert links["cases"] == "/cases/"
    assert links["wechat_accounts_banned_permanent"] == (
        "/indicators/?kind=wechat&ban_term=permanent"
    )


def test_it_uses_the_coverage_target_in_force(settings):
    settings.FANZHA_COVERAGE_TARGETS = ["06-30:80", "07-31:100"]
    assert figures.coverage_target(date(2021, 5, 27)) == 80
    assert figures.coverage_target(date(2021, 7, 1)) == 100
    assert figures.coverage_target(date(2021, 12, 1)) == 100
