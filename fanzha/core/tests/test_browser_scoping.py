"""In Debian Chromium: two liaisons of different units log in and each sees only their own."""

from __future__ import annotations

import pytest

from fanzha.core.testing.world import PASSWORD

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True)
def test_two_units_see_only_their_own_residents(world, live_server, browser_page, browser_login):
    page = browser_page
    east_names = {r.name for r in world.residents["east"]}
    west_names = {r.name for r in world.residents["west"]}

    browser_login(page, live_server, "east_liaison", PASSWORD)
    assert "东城办事处" in page.inner_text("header")
    page.click("text=居民")
    page.wait_for_selector("table.list")
    shown = page.inner_text("table.list")
    assert all(name in shown for name in east_names)
    assert not any(name in shown for name in west_names)
    # Phone numbers are masked on screen.
    assert world.phones["east"][0] not in page.content()
    page.screenshot(path=str(live_server_artifact("east-residents.png")))
    page.click("text=退出")

    browser_login(page, live_server, "west_worker", PASSWORD)
    page.goto(f"{live_server.url}/people/residents/")
    shown = page.inner_text("table.list")
    assert all(name in shown for name in west_names)
    assert not any(name in shown for name in east_names)
    # A direct link to an east resident is a 404 for the west grid worker.
    east_id = world.residents["east"][0].pk
    response = page.goto(f"{live_server.url}/people/residents/{east_id}/")
    assert response is not None and response.status == 404


@pytest.mark.django_db(transaction=True)
def test_the_coverage_page_lists_the_furthest_behind_first(
    world, live_server, browser_page, browser_login
):
    from fanzha.registrations.protection import register

    for resident in world.residents["west"][:2]:
        register(resident, phone=world.phones["west"][world.residents["west"].index(resident)])
    page = browser_page
    browser_login(page, live_server, "admin", PASSWORD)
    page.goto(f"{live_server.url}/registrations/coverage/?by=grid")
    rows = page.locator("#coverage-table tbody tr")
    first = rows.nth(0).inner_text()
    assert "东" in first  # the east grid has no registrations: furthest behind
    assert "0.0%" in first


def live_server_artifact(name: str):
    from pathlib import Path

    path = Path("test-results")
    path.mkdir(exist_ok=True)
    return path / name
