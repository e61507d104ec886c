"""The portal on a phone (Chromium, 390×844): register with two family members (choosing the
community from the five nearest the phone's location, after trying the search and the
sub-district list), check a message, report a number and sign the pledge; then the staff side
sees each result."""

from __future__ import annotations

import pytest

from fanzha.core.testing.world import PASSWORD, build_world
from fanzha.lib.crypto import decrypt
from fanzha.portal.tests.helpers import NEW_ID, last_code


@pytest.mark.browser
def test_a_resident_uses_the_portal_on_a_phone_and_staff_see_it(
    transactional_db, phone_page, browser_page, live_server, browser_login
):
    world = build_world()
    # Load the message-check model once up front (the server thread shares this process), so
    # its first-use cost is not charged to the click below.
    try:
        from fanzha.detect import check

        check("预热")
    except ImportError:  # the rule-based cues need no warming
        pass
    page = phone_page
    base = live_server.url
    # The east community is a few hundred metres from the phone, the west one 20 km away.
    for side, (lat, lon) in {"east": (37.3600, 118.0300), "west": (37.3600, 117.8000)}.items():
        for unit in (world.communities[side], world.offices[side]):
            unit.latitude, unit.longitude = lat, lon
            unit.save(update_fields=["latitude", "longitude"])
    east, west = world.communities["east"], world.communities["west"]
    page.context.grant_permissions(["geolocation"], origin=base)
    page.context.set_geolocation({"latitude": 37.3620, "longitude": 118.0310})
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )

    # Register for warnings with two family members.
    page.goto(f"{base}/portal/")
    page.click("a[href='/portal/register/phone/']")
    page.fill("#id_phone", "13700137000")
    page.click("#send-code")
    page.wait_for_url("**/portal/register/")
    page.fill("#id_code", last_code())
    page.fill("#id_name", "王小明")
    page.fill("#id_id_number", NEW_ID)
    # Without a choice yet: every community, grouped by sub-district.
    page.wait_for_selector("#community-choices[data-mode='all']")
    # Search by name, then the sub-district list, then the phone's location.
    page.wait_for_selector("#locate", state="visible")
    page.fill("#id_community_q", "西苑")
    page.wait_for_selector("#community-choices[data-mode='search']")
    assert page.locator("#community-choices input[type=radio]").count() == 1
    assert page.is_visible(f"#community-{west.pk}")
    page.select_option("#id_office", str(world.offices["east"].pk))
    page.wait_for_selector("#community-choices[data-mode='office']")
    assert page.is_visible(f"#community-{east.pk}")
    page.click("#locate")
    page.wait_for_selector("#community-choices[data-mode='nearest']")
    nearest = page.locator("#community-choices label.p-choice")
    assert nearest.count() == 2  # the world has two communities; five at most
    assert east.name in nearest.nth(0).inner_text() and "米" in nearest.nth(0).inner_text()
    assert west.name in nearest.nth(1).inner_text() and "公里" in nearest.nth(1).inner_text()
    page.check(f"#community-{east.pk}")
    page.fill("#id_family-0-name", "王妈妈")
    page.select_option("#id_family-0-relation", "parent")
    page.fill("#id_family-0-phone", "13700137001")
    page.fill("#id_family-1-name", "王小妹")
    page.select_option("#id_family-1-relation", "sibling")
    page.fill("#id_family-1-phone", "13700137002")
    page.check("#id_consent")
    page.click("#register-submit")
    page.wait_for_selector("#registered")
    assert "3" in page.inner_text("#registered")
    assert NEW_ID not in page.content()
    assert not blocked, blocked

    # Check a suspicious message.
    page.goto(f"{base}/portal/check/")
    page.fill(
        "#id_text", "您好，我是市公安局民警，您的账户涉嫌洗钱，请将资金转入安全账户配合调查并保密"
    )
    page.click("#check-submit", timeout=60000)
    page.wait_for_selector("#verdict")
    assert page.inner_text("#verdict").strip()

    # Report a number.
    page.goto(f"{base}/portal/report/")
    page.select_option("#id_kind", "phone")
    page.fill("#id_value", "13312345678")
    page.fill("#id_what_happened", "自称快递客服，说包裹丢失要理赔，让我下载会议软件共享屏幕")
    page.select_option("#id_community", str(world.communities["east"].pk))
    page.click("#report-submit")
    page.wait_for_url("**/portal/report/")
    assert page.locator(".p-messages li").count() == 1

    # Sign the household pledge.
    resident = world.residents["east"][1]
    page.goto(f"{base}/portal/pledge/")
    page.fill("#id_name", resident.name)
    page.fill("#id_id_number", decrypt(resident.id_cipher))
    page.check("#id_agree")
    page.click("#pledge-submit")
    page.wait_for_selector("#pledged")

    # The page fits the phone: nothing wider than the viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The staff side sees each result.
    staff = browser_page
    browser_login(staff, live_server, "east_liaison", PASSWORD)
    staff.goto(f"{base}/registrations/")
    assert "王小明" in staff.content()
    from fanzha.registrations.models import Registration

    assert Registration.objects.get().community == east
    staff.goto(f"{base}/outreach/pledges/")
    assert world.households["east"].code in staff.content()
    staff.goto(f"{base}/portal/submissions/")
    listing = staff.inner_text("table.list")
    for outcome in ("3", "pledge:", "indicator:"):
        assert outcome in listing
    staff.context.clear_cookies()
    browser_login(staff, live_server, "admin", PASSWORD)
    staff.goto(f"{base}/indicators/?kind=phone")
    assert "13312345678" in staff.content() or "133****5678" in staff.content()
    staff.goto(f"{base}/portal/submissions/?kind=check")
    assert staff.locator("table.list tbody tr").count() == 1
