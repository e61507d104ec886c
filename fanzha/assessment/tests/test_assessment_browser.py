"""The assessment page in a real browser: a liaison sees their own score with the arithmetic
and tries a what-if; the administrator collects the period and exports it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from fanzha.assessment import periods
from fanzha.assessment.models import Period, Scheme, UnitAssessment
from fanzha.core.testing.world import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scored(transactional_db: Any) -> tuple[Any, Period]:
    world = build_world()
    period = Period.objects.create(scheme=Scheme.default(), year=2021, quarter=1)
    periods.collect(period)
    row = UnitAssessment.objects.get(period=period, unit__code="east-office")
    row.inputs = {**row.inputs, "cases_last": 7, "cases_this": 8}
    row.save()
    periods.set_manual_score(row, "system", Decimal(8), "工作方案", "制度健全", world.user("admin"))
    return world, period


def test_a_liaison_sees_the_arithmetic_and_tries_a_what_if(
    scored: tuple[Any, Period], live_server: Any, browser_page: Any, browser_login: Any
) -> None:
    _, period = scored
    page = browser_page
    browser_login(page, live_server, "east_liaison", PASSWORD)
    page.goto(f"{live_server.url}/assessment/")
    page.click(f"a[href='{period.get_absolute_url()}']")
    rows = page.locator("table.scores tbody tr")
    assert rows.count() == 1
    assert "东城办事处" in rows.first.inner_text()
    page.click("table.scores a")
    page.wait_for_selector("table.breakdown")
    yoy = page.locator("tr[data-item='cases_yoy']").inner_text()
    assert "30.71" in yoy and "14.2857" in yoy
    saved_total = page.locator("#total").inner_text()

    page.fill("#id_cases_this", "7")
    page.locator("#id_cases_this").dispatch_event("change")
    # Stable cases: 8 (system, stored) + 45 + 0 (no 断卡 activity) + 3 (no two-card problem).
    expect(page.locator(".whatif-total")).to_have_text("56.00")
    assert "45.00 / 50.00" in page.locator("#whatif-result").inner_text()
    page.fill("#id_manual_publicity", "30")
    page.locator("#id_manual_publicity").dispatch_event("change")
    expect(page.locator(".whatif-total")).to_have_text("86.00")
    page.reload()
    assert page.locator("#total").inner_text() == saved_total


def test_the_administrator_collects_and_exports_the_period(
    scored: tuple[Any, Period], live_server: Any, browser_page: Any, browser_login: Any
) -> None:
    _, period = scored
    page = browser_page
    browser_login(page, live_server, "admin", PASSWORD)
    page.goto(f"{live_server.url}{period.get_absolute_url()}")
    assert page.locator("table.scores tbody tr").count() == 8
    page.click("#collect")
    page.wait_for_selector(".msg.success")
    with page.expect_download() as download:
        page.click("a[href$='export.xlsx']")
    assert download.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as download:
        page.click("a[href$='export.docx']")
    assert download.value.suggested_filename.endswith(".docx")
