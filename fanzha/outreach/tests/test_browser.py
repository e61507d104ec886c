"""The issue's browser path: a unit liaison logs publicity and pledges and prints its venue
banners with its own case figures; the administrator runs the 三包 assignment and exports it."""

import io

import pytest
from openpyxl import load_workbook

from fanzha.core.testing.world import PASSWORD
from fanzha.outreach.models import Activity, Pledge
from fanzha.outreach.tests.helpers import jpeg_with_gps, pdf_text, use_database_tasks
from fanzha.places.models import Place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_liaison_logs_publicity_and_pledges_and_prints_banners(
    world, live_server, browser_page, browser_login, tmp_path
):
    page = browser_page
    browser_login(page, live_server, "east_liaison", PASSWORD)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_gps().read())

    page.goto(f"{live_server.url}/outreach/activities/add/")
    page.fill("#id_title", "断卡宣传进企业")
    page.select_option("#id_category", "enterprise")
    page.check("input[name=form_codes][value=banner]")
    page.check("input[name=form_codes][value=small_class]")
    page.fill("#id_held_on", "2021-05-20")
    page.select_option("#id_place", str(world.places["east"].pk))
    page.fill("#id_headcount", "60")
    page.check("#id_covers_card")
    page.set_input_files("#id_photos", str(photo))
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/outreach/activities/*/")
    assert "断卡宣传进企业" in page.inner_text("h1"), page.content()[:3000]
    activity = Activity.objects.get()
    assert activity.headcount == 60 and activity.covers_card
    assert activity.uploads.count() == 1
    assert page.locator("img").count() >= 1

    page.goto(f"{live_server.url}/outreach/pledges/add/")
    page.fill("#id_household_code", "east-h1")
    page.select_option("#id_method", "electronic")
    page.fill("#id_signer_name", "张东一")
    page.fill("#id_signed_on", "2021-05-21")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/outreach/pledges/*/")
    assert "张东一" in page.inner_text(".detail")
    assert Pledge.objects.get().household == world.households["east"]
    page.goto(f"{live_server.url}/outreach/pledges/coverage/")
    assert page.inner_text("#total-rate") == "100.0%"

    page.goto(f"{live_server.url}/outreach/venues/?year=2021")
    page.click("text=east测试企业有限公司")
    page.wait_for_selector("#banner-texts")
    assert page.inner_text("#venue-cases") == "0"
    assert page.locator("#banner-texts li").count() >= 3
    href = page.get_attribute("#print-venue", "href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "east测试企业有限公司" in text and "0起" in text
    assert "west测试企业" not in page.content()


def test_the_administrator_runs_and_exports_the_baobao_assignment(
    world, live_server, browser_page, browser_login
):
    Place(name="east花园小区", kind="compound", grid=world.grids["east"]).save()
    page = browser_page
    browser_login(page, live_server, "admin", PASSWORD)
    page.goto(f"{live_server.url}/baobao/")
    page.click("#run-baobao")
    page.wait_for_selector(".msg")
    assert "三包分配完成" in page.inner_text(".msg")
    assert page.locator("table.list tbody tr").count() == 3
    with page.expect_download() as info:
        page.click("a[href*='export=xlsx']")
    rows = list(load_workbook(io.BytesIO(info.value.path().read_bytes())).active.values)
    assert {r[0] for r in rows[1:]} == {
        "east测试企业有限公司",
        "west测试企业有限公司",
        "east花园小区",
    }
    assert all(r[8] for r in rows[1:])  # every area has its staff member
    page.click("text=east花园小区")
    assert "求解器" in page.inner_text("#staff-text")


def test_a_large_banner_run_is_waited_for_on_its_page_and_downloaded(
    world, live_server, browser_page, browser_login, settings
):
    from pypdf import PdfReader

    from fanzha.outreach import printing
    from fanzha.outreach.models import PrintJob

    use_database_tasks(settings)
    settings.FANZHA_PRINT_INLINE_ITEMS = 1
    east = world.places["east"]
    Place.objects.create(name="east第二场所", grid=east.grid, kind=east.kind)
    page = browser_page
    browser_login(page, live_server, "east_liaison", PASSWORD)
    page.goto(f"{live_server.url}/outreach/venues/?year=2021")
    page.click("#print-banners")
    page.wait_for_url("**/outreach/prints/*/")
    assert "排队等待生成" in page.inner_text("#print-status")
    job = PrintJob.objects.get()
    printing.run(job.pk)  # the worker; the page finds out by polling
    page.wait_for_selector("#print-download", timeout=15_000)
    assert "已生成" in page.inner_text("#print-status")
    with page.expect_download() as info:
        page.click("#print-download")
    assert info.value.suggested_filename == "banners-2021.pdf"
    reader = PdfReader(info.value.path())
    text = "".join(p.extract_text() for p in reader.pages)
    assert "east第二场所" in text and "east测试企业有限公司" in text
    page.goto(f"{live_server.url}/outreach/prints/")
    assert "2021 年场所宣传横幅（2 个场所）" in page.inner_text("table.list")
