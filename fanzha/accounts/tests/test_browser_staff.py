"""In Debian Chromium: the administrator adds a grid worker on the staff page, and the new
grid worker signs in with the first password and changes it."""

from __future__ import annotations

import pytest

from fanzha.core.testing.world import PASSWORD

pytestmark = [pytest.mark.browser]

FIRST = "lantern-river-2046"
LATER = "orchard-signal-7731"


@pytest.mark.django_db(transaction=True)
def test_a_new_grid_worker_is_added_and_signs_in(world, live_server, browser_page, browser_login):
    page = browser_page
    browser_login(page, live_server, "admin", PASSWORD)
    page.click("text=员工账号")
    page.wait_for_selector("table.list")
    assert "east_worker" in page.inner_text("table.list")
    page.click("text=新增")
    page.fill("#id_username", "wang_fang")
    page.fill("#id_display_name", "王芳")
    page.select_option("#id_role", "grid_worker")
    page.select_option("#id_unit", str(world.communities["east"].pk))
    page.select_option("#id_grids", [str(world.grids["east"].pk)])
    page.fill("#id_password1", FIRST)
    page.fill("#id_password2", "not-the-same-one")
    page.click("main form.form button[type=submit]")
    assert "两次输入的密码不一致" in page.inner_text("main")
    page.fill("#id_password1", FIRST)
    page.fill("#id_password2", FIRST)
    page.click("main form.form button[type=submit]")
    page.wait_for_selector("#staff-facts")
    assert "账号已创建" in page.inner_text("body")
    page.click("text=退出")

    # The first password was the administrator's: the person chooses their own before
    # anything else.
    browser_login(page, live_server, "wang_fang", FIRST)
    assert page.url.endswith("/accounts/password/")
    page.goto(f"{live_server.url}/alerts/")
    assert page.url.endswith("/accounts/password/")
    assert "请先设置您自己的密码" in page.inner_text("body")
    page.fill("#id_old_password", FIRST)
    page.fill("#id_new_password1", LATER)
    page.fill("#id_new_password2", LATER)
    page.click("main form.form button[type=submit]")
    assert "密码已修改" in page.inner_text("body")
    assert "王芳" in page.inner_text("#account-facts")
    page.click("text=退出")
    browser_login(page, live_server, "wang_fang", LATER)
    assert "/accounts/login/" not in page.url
