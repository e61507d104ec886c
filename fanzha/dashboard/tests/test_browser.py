"""The dashboard in Chromium: real ECharts canvases, drawn with the data (a screenshot is
taken and must contain chart pixels), and the wall."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from fanzha.core.testing.world import PASSWORD, build_world
from fanzha.dashboard.tests.helpers import register_with_family


def _drawn_pixels(png: bytes) -> tuple[int, int]:
    """(pixels that are not background, distinct colours) of a screenshot."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = (
        list(image.get_flattened_data())
        if hasattr(image, "get_flattened_data")
        else list(image.getdata())
    )
    background = max(set(pixels[:200]), key=pixels[:200].count)
    drawn = sum(1 for p in pixels if p != background)
    return drawn, len(set(pixels))


@pytest.mark.browser
def test_it_draws_the_charts_on_canvas(
    transactional_db, browser_page, live_server, browser_login, settings, tmp_path
):
    from fanzha.cases.tests.factories import CaseFactory

    settings.FANZHA_DASHBOARD_AS_OF = "2021-05-27"
    world = build_world()
    register_with_family(world.residents["east"][0], world.phones["east"][0], ["13600000001"])
    register_with_family(world.residents["west"][0], world.phones["west"][0], [])
    CaseFactory(victim=world.residents["east"][1], loss=Decimal("5000.00"), fraud_type="SDFL")
    CaseFactory(victim=world.residents["west"][1], loss=Decimal("800.00"), fraud_type="MCKF")
    page = browser_page
    browser_login(page, live_server, "admin", PASSWORD)

    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_selector("#chart-cases-type[data-drawn] canvas")
    page.wait_for_selector("#chart-trend[data-drawn] canvas")
    page.wait_for_timeout(300)
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    for selector in ("#chart-cases-type", "#chart-trend", "#chart-coverage"):
        drawn, colours = _drawn_pixels(page.locator(selector).screenshot())
        assert drawn > 2000, (selector, drawn)
        assert colours > 10, (selector, colours)
    # The canvas itself has ink, not only the container (read back from the canvas).
    ink = page.evaluate(
        """() => { const c = document.querySelector('#chart-cases-type canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; }"""
    )
    assert ink > 2000
    # A figure links to the list behind it.
    page.click(".dash-figure[data-key=registrations] a")
    page.wait_for_url("**/registrations/")


@pytest.mark.browser
def test_it_draws_the_wall_for_a_unit_liaison(
    transactional_db, browser_page, live_server, browser_login, tmp_path
):
    world = build_world()
    register_with_family(world.residents["east"][0], world.phones["east"][0], [])
    page = browser_page
    browser_login(page, live_server, "east_liaison", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/wall/")
    page.wait_for_selector("#chart-trend[data-drawn] canvas")
    png = page.screenshot(path=str(tmp_path / "wall.png"))
    drawn, _colours = _drawn_pixels(page.locator("#chart-trend").screenshot())
    assert drawn > 2000
    assert "西城办事处" not in page.content()
    assert png
