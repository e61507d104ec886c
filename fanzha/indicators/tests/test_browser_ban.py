"""In Debian Chromium: an officer reports a fraud WeChat account, takes it through verification
and submission to a permanent ban, and sees it in the ban counts and the risk lookup."""

from __future__ import annotations

import pytest

from fanzha.core.testing.world import PASSWORD
from fanzha.indicators.models import Indicator

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True)
def test_an_officer_bans_a_wechat_account_from_the_browser(
    world, live_server, browser_page, browser_login
):
    page = browser_page
    browser_login(page, live_server, "east_officer", PASSWORD)
    page.goto(f"{live_server.url}/indicators/add/")
    page.select_option("#id_kind", "wechat")
    page.fill("#id_account", "  Fraud_Boss_77 ")
    page.fill("#id_note", "居民来电举报冒充领导")
    page.click("main form.form button[type=submit]")
    page.wait_for_selector("dd[data-status]")
    assert page.inner_text("dd[data-status]") == "待核实"
    assert "fraud_boss_77" in page.inner_text("h1")

    steps = [
        ("verified", {}),
        ("submitted", {"#id_platform": "微信"}),
        ("banned", {"#id_platform_ref": "WX-2021-001"}),
    ]
    for target, fields in steps:
        page.select_option("#id_target", target)
        for selector, value in fields.items():
            page.fill(selector, value)
        if target == "banned":
            page.select_option("#id_ban_term", "permanent")
        page.click("#transition-form button[type=submit]")
        page.wait_for_selector(f"dd[data-status={target}]")
    assert page.inner_text("dd[data-status]") == "封禁"
    assert page.get_attribute("dd[data-level]", "data-level") == "banned"

    page.goto(f"{live_server.url}/indicators/counts/")
    figures = page.inner_text("#ban-counts")
    assert "永久封禁微信账号\n1" in figures or "永久封禁微信账号 1" in figures.replace("\n", " ")

    page.goto(f"{live_server.url}/indicators/risk/?kind=wechat&value=FRAUD_BOSS_77")
    assert page.get_attribute("#risk-answer", "data-level") == "banned"
    assert Indicator.objects.get().status == "banned"
