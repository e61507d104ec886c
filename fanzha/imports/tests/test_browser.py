"""In Debian Chromium: a liaison uploads a district's GBK file, reads the report, fixes the
file, runs a dry run and confirms it."""

from __future__ import annotations

import pytest

from fanzha.core.testing.world import PASSWORD
from fanzha.imports.tests.factories import RESIDENT_HEADER, csv_bytes, new_id, new_phone
from fanzha.people.models import Resident

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True)
def test_a_liaison_imports_a_file_after_fixing_it(
    world, live_server, browser_page, browser_login, tmp_path
):
    rows = [
        [f"韩{i}", new_id(i), new_phone(i), "east-h1", "east-grid", "", "老人"] for i in range(3)
    ]
    rows[2][4] = "west-grid"
    bad = tmp_path / "居民.csv"
    bad.write_bytes(csv_bytes(RESIDENT_HEADER, rows, "gbk"))
    page = browser_page
    browser_login(page, live_server, "east_liaison", PASSWORD)

    page.goto(f"{live_server.url}/imports/upload/")
    page.select_option("#id_kind", "residents")
    page.set_input_files("#id_file", str(bad))
    page.uncheck("#id_dry_run")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("table.errors-table")
    report = page.inner_text("table.errors-table")
    assert "4" in report and "网格编码" in report and "不在您的管辖范围内" in report
    assert Resident.objects.filter(name__startswith="韩").count() == 0

    rows[2][4] = "east-grid"
    good = tmp_path / "居民-改.csv"
    good.write_bytes(csv_bytes(RESIDENT_HEADER, rows, "gbk"))
    page.goto(f"{live_server.url}/imports/upload/")
    page.select_option("#id_kind", "residents")
    page.set_input_files("#id_file", str(good))
    page.click("form.form button[type=submit]")
    page.wait_for_selector("text=全部 3 行校验通过")
    page.click("text=正式导入此文件")
    page.wait_for_selector("text=已导入 3 行。")
    assert Resident.objects.filter(name__startswith="韩").count() == 3
