"""The per-user dashboard cache: never staler than the rollups, never shared between users."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from fanzha.dashboard import rollups
from fanzha.dashboard.tests.helpers import register_with_family

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.FANZHA_DASHBOARD_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _registrations(client) -> int:
    return client.get("/dashboard/data.json").json()["figures"]["registrations"]


def test_it_shows_new_figures_as_soon_as_the_rollups_change(world, client_for):
    rollups.rebuild_all()
    client = client_for(world.user("east_liaison"))
    assert _registrations(client) == 0
    register_with_family(world.residents["east"][0], world.phones["east"][0], [])
    assert _registrations(client) == 0  # the rollup has not been refreshed yet
    rollups.refresh()
    assert _registrations(client) == 1
    assert client.get("/api/v1/stats/").json()["registrations"] == 1


def test_it_never_serves_one_users_picture_to_another(world, client_for):
    register_with_family(world.residents["west"][0], world.phones["west"][0], [])
    rollups.rebuild_all()
    west = client_for(world.user("west_liaison"))
    east = client_for(world.user("east_liaison"))
    assert _registrations(west) == 1
    assert _registrations(east) == 0
    assert _registrations(west) == 1
    page = east.get("/dashboard/")
    assert "西城办事处" not in page.content.decode()
