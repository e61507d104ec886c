"""The upload page, a dry run, its confirmation, the report and its .xlsx download."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from fanzha.audit.models import AccessRecord
from fanzha.imports.choices import ImportStatus
from fanzha.imports.models import ImportJob
from fanzha.imports.tests.factories import csv_bytes
from fanzha.people.models import Resident

pytestmark = pytest.mark.django_db


def _upload(client, header, rows, *, dry_run: bool, encoding: str = "utf-8", name="r.csv"):
    data = {
        "kind": "residents",
        "file": SimpleUploadedFile(name, csv_bytes(header, rows, encoding)),
    }
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("imports:upload"), data)


def test_the_upload_page_documents_the_accepted_headers(world, client_for):
    page = client_for(world.user("east_liaison")).get(reverse("imports:upload"))
    html = page.content.decode()
    assert page.status_code == 200
    headers = ("身份证号", "公民身份号码", "网格编码", "工作单位/统一社会信用代码", "家属1姓名")
    for header in headers:
        assert header in html
    assert "<script>" not in html  # no inline script (strict CSP)


def test_a_dry_run_then_confirm_stores_the_file(world, client_for, resident_header, resident_rows):
    client = client_for(world.user("east_liaison"))
    before = Resident.objects.count()

    response = _upload(client, resident_header, resident_rows(3), dry_run=True, encoding="gbk")

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ImportStatus.VALIDATED
    assert Resident.objects.count() == before
    page = client.get(job.get_absolute_url()).content.decode()
    assert "全部 3 行校验通过" in page and "正式导入此文件" in page

    response = client.post(reverse("imports:job_confirm", args=[job.pk]))

    real = ImportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == real.get_absolute_url()
    assert (real.status, real.stored_rows, real.dry_run) == (ImportStatus.DONE, 3, False)
    assert real.source_job == job
    assert Resident.objects.count() == before + 3


def test_a_bad_file_shows_the_report_and_offers_the_xlsx(
    world, client_for, resident_header, resident_rows
):
    client = client_for(world.user("east_liaison"))
    rows = resident_rows(3)
    rows[1][1] = "110101199913321234"  # 13th month
    _upload(client, resident_header, rows, dry_run=False)
    job = ImportJob.objects.get()

    assert job.status == ImportStatus.INVALID
    assert job.stored_rows == 0 and job.error_count == 1
    page = client.get(job.get_absolute_url()).content.decode()
    assert "身份证号无效：校验位或出生日期错误。" in page
    assert "正式导入此文件" not in page

    download = client.get(reverse("imports:job_errors", args=[job.pk]))
    sheet = load_workbook(BytesIO(b"".join(download.streaming_content))).active
    assert list(sheet.iter_rows(values_only=True)) == [
        ("行号", "列", "原因"),
        (3, "身份证号", "身份证号无效：校验位或出生日期错误。"),
    ]
    assert AccessRecord.objects.filter(user=world.user("east_liaison"), kind="export").exists()


def test_it_refuses_other_file_types(world, client_for):
    client = client_for(world.user("east_liaison"))
    response = client.post(
        reverse("imports:upload"),
        {
            "kind": "residents",
            "file": SimpleUploadedFile("r.txt", b"x"),
        },
    )
    assert response.status_code == 200
    assert "只能导入 .xlsx 和 .csv 文件。" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_blank_template_has_the_documented_headers(world, client_for):
    response = client_for(world.user("east_worker")).get(
        reverse("imports:template", args=["households"])
    )
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert next(sheet.iter_rows(values_only=True)) == ("户号", "地址", "网格编码")
