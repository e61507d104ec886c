from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from pypdf import PdfReader

from fanzha.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_it_writes_the_case_letter_as_docx_and_pdf(world, east_case, tmp_path):
    out = StringIO()
    call_command(
        "notices",
        "letter",
        "--case",
        str(east_case.pk),
        "--format",
        "docx",
        "--output",
        str(tmp_path / "l.docx"),
        "--issue",
        stdout=out,
    )
    letter = Notice.objects.get(case=east_case)
    assert letter.document_number in out.getvalue()
    doc = Document(BytesIO((tmp_path / "l.docx").read_bytes()))
    assert letter.document_number in [p.text for p in doc.paragraphs]
    call_command(
        "notices",
        "letter",
        "--case",
        str(east_case.pk),
        "--format",
        "pdf",
        "--output",
        str(tmp_path / "l.pdf"),
        stdout=StringIO(),
    )
    text = PdfReader(tmp_path / "l.pdf").pages[0].extract_text()
    assert letter.document_number in text.replace(" ", "")


def test_it_writes_the_quarterly_notice_and_annual_report(world, east_case, tmp_path):
    call_command(
        "notices",
        "quarterly",
        "--year",
        "2021",
        "--quarter",
        "1",
        "--format",
        "pdf",
        "--output",
        str(tmp_path / "q.pdf"),
        stdout=StringIO(),
    )
    assert "第1季度" in PdfReader(tmp_path / "q.pdf").pages[0].extract_text()
    call_command(
        "notices",
        "annual",
        "--year",
        "2021",
        "--format",
        "docx",
        "--output",
        str(tmp_path / "a.docx"),
        stdout=StringIO(),
    )
    doc = Document(BytesIO((tmp_path / "a.docx").read_bytes()))
    assert any("2021年度" in p.text for p in doc.paragraphs)
    assert len(doc.tables) == 2


def test_it_fails_clearly_for_an_unknown_case(world, tmp_path):
    with pytest.raises(CommandError, match="不存在"):
        call_command("notices", "letter", "--case", "999", "--output", str(tmp_path / "x.pdf"))
