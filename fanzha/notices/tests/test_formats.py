"""PDF and .docx come out readable in Chinese with only pip-installed fonts."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from fanzha.notices import documents
from fanzha.notices.fonts import serif_font_path
from fanzha.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_it_uses_the_font_from_the_pip_package():
    path = serif_font_path()
    assert path.exists()
    assert "site-packages" in str(path) or "dist-packages" in str(path)


def test_it_renders_a_pdf_whose_first_page_reads_in_chinese(world, east_case, tmp_path):
    letter = documents.issue(Notice.objects.get(case=east_case))
    data = documents.to_pdf(letter)
    assert data.startswith(b"%PDF")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    text = reader.pages[0].extract_text()
    assert letter.title in text.replace("\n", "")
    assert "开发区公安分局" in text
    # The embedded fonts are the @font-face ones (the pip package's files), not system fonts.
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in (page["/Resources"].get("/Font") or {}).values()
        for f in [f.get_object()]
    }
    assert fonts and all("Fanzha" in f for f in fonts), fonts
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed: the page image check needs pdftoppm")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    image = next(tmp_path.glob("page*.png"))
    assert image.stat().st_size > 10_000  # a page with text on it, not a blank sheet
    printed = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "函告" in printed and letter.document_number in printed.replace(" ", "")
    keep = Path("/tmp/fanzha-notices-letter-page1.png")
    shutil.copy(image, keep)  # for a human look after the run


def test_it_renders_a_docx_with_the_title_and_number(world, east_case):
    letter = documents.issue(Notice.objects.get(case=east_case))
    doc = Document(io.BytesIO(documents.to_docx(letter)))
    texts = [p.text for p in doc.paragraphs]
    assert "开发区公安分局" in texts[0]
    assert letter.document_number in texts
    assert letter.title in texts
    assert any("（印章）" in t for t in texts)
    assert world.residents["east"][0].name not in "".join(texts)


def test_it_renders_the_quarterly_notice_with_tables_and_a_chart(world, east_case, west_case):
    notice = documents.quarterly_notice(2021, 1)
    doc = Document(io.BytesIO(documents.to_docx(notice)))
    assert len(doc.tables) == 2
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header[0] == "诈骗类型"
    assert doc.tables[0].rows[1].cells[1].text == "2"  # two SDFL cases this quarter
    assert len(doc.inline_shapes) == 1  # the chart
    pdf = PdfReader(io.BytesIO(documents.to_pdf(notice)))
    assert "第1季度" in pdf.pages[0].extract_text()
