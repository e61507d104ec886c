"""In Debian Chromium: an officer records a case (the message check suggests the fraud type),
then downloads its 函告 as .docx and PDF, issues it and downloads the numbered PDF; both files
read correctly in Chinese."""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from fanzha.core.testing.world import PASSWORD

pytestmark = [pytest.mark.browser]

NARRATIVE = "对方自称公安局民警，说我涉嫌洗钱，要求把钱转到安全账户进行资金核查，并要求保密。"


def _download(page, selector: str, target: Path) -> Path:
    with page.expect_download() as info:
        page.click(selector)
    info.value.save_as(target)
    return target


@pytest.mark.django_db(transaction=True)
def test_an_officer_records_a_case_and_downloads_its_letter(
    world, live_server, browser_page, browser_login, tmp_path
):
    from fanzha.cases.models import Case
    from fanzha.people.models import Resident

    detect = importlib.util.find_spec("fanzha.detect.engine") is not None
    if detect:
        # The message check trains its built-in model on first use (seconds, more on a busy
        # machine); warm it up here so the page's wait measures the page, not the training.
        from fanzha.detect import check

        check("热身")
    page = browser_page
    resident = Resident.objects.get(pk=world.residents["east"][0].pk)
    id_number = resident.reveal("id_number")
    browser_login(page, live_server, "east_officer", PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="案件", exact=True).click()
    page.wait_for_selector("table.list")
    page.goto(f"{live_server.url}/cases/add/")
    page.fill("#id_reported_at", "2021-05-20T10:30")
    page.fill("#id_occurred_at", "2021-05-19T21:00")
    page.fill("#id_victim_id_number", id_number)
    page.fill("#id_narrative", NARRATIVE)
    page.press("#id_narrative", "Tab")  # leaving the field fires "change", as a person would
    if detect:
        # The suggestion arrives by htmx under the narrative; one click picks it.
        page.wait_for_selector("#use-suggested-type", timeout=30000)
        assert "冒充公检法" in page.inner_text("#fraud-type-suggestion")
        page.click("#use-suggested-type")
        assert page.input_value("#id_fraud_type") == "MCGJF"
    else:
        page.select_option("#id_fraud_type", "MCGJF")
    page.select_option("#id_channel", "phone")
    page.fill("#id_loss", "173430.00")
    page.fill("#id_recovered", "0")
    page.click("#case-form button[type=submit]")
    page.wait_for_selector("#attributions")
    case = Case.objects.get()
    assert page.url.endswith(f"/cases/{case.pk}/")
    assert "东城办事处" in page.inner_text("#attributions")
    assert resident.name not in page.content()  # the victim stays masked

    docx_path = _download(page, "#letter-docx", tmp_path / "letter.docx")
    texts = [p.text for p in Document(io.BytesIO(docx_path.read_bytes())).paragraphs]
    title = f"关于{case.masked_victim}被电信网络诈骗案件的函告"
    assert title in texts
    assert "（草稿，未编号）" in texts
    body = "".join(texts)
    assert "冒充公检法及政府机关" in body and "173,430.00" in body
    assert resident.name not in body

    page.click("#letter-link")
    page.click("#issue-button")
    page.wait_for_selector("#document-number")
    number = page.inner_text("#document-number").strip()
    assert number.startswith("开公反诈函〔") and number.endswith("〕1号")
    pdf_path = _download(page, "#download-pdf", tmp_path / "letter.pdf")
    text = PdfReader(pdf_path).pages[0].extract_text().replace("\n", "")
    assert title in text and number in text.replace(" ", "")
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf_path),
                str(tmp_path / "page"),
            ],
            check=True,
        )
        shutil.copy(next(tmp_path.glob("page*.png")), "/tmp/fanzha-browser-letter-page1.png")
