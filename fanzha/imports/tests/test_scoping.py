"""An import job belongs to the uploader's unit; a liaison imports only rows in their scope;
job pages, progress and error reports do not leak to the other side."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fanzha.imports.choices import ImportStatus
from fanzha.imports.jobs import create_job, start_job
from fanzha.imports.models import ImportJob
from fanzha.imports.runner import import_file
from fanzha.imports.tests.factories import csv_bytes, write_csv
from fanzha.people.models import Resident

pytestmark = pytest.mark.django_db


def test_an_east_liaison_cannot_import_into_a_west_grid(
    world, tmp_path, resident_header, resident_rows
):
    rows = resident_rows(2)
    rows[1][3] = ""  # no household
    rows[1][4] = "west-grid"
    path = write_csv(tmp_path / "r.csv", resident_header, rows)
    before = Resident.objects.count()

    outcome = import_file("residents", path, user=world.user("east_liaison"), dry_run=False)

    assert Resident.objects.count() == before
    assert outcome.errors == [
        {
            "row": 3,
            "column": "网格编码",
            "reason": "网格 西苑村第一网格 不在您的管辖范围内，只能导入本单位网格的数据。",
        }
    ]


def test_a_west_household_is_out_of_scope_for_east(world, tmp_path, resident_header, resident_rows):
    rows = resident_rows(1, household="west-h1", grid="")
    path = write_csv(tmp_path / "r.csv", resident_header, rows)

    outcome = import_file("residents", path, user=world.user("east_worker"), dry_run=True)

    assert [(e["row"], e["column"]) for e in outcome.errors] == [(2, "户号")]


def test_the_administrator_may_import_anywhere(world, tmp_path, resident_header, resident_rows):
    path = write_csv(
        tmp_path / "r.csv", resident_header, resident_rows(1, grid="west-grid", household="west-h1")
    )
    assert import_file("residents", path, user=world.user("admin"), dry_run=False).ok


def _job(world, side: str, tmp_path, rows) -> ImportJob:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(f"{side}.csv", csv_bytes(["姓名", "身份证号", "网格编码"], rows))
    job = create_job(world.user(f"{side}_liaison"), "residents", upload, dry_run=True)
    return start_job(job)


def test_a_job_belongs_to_the_uploaders_unit(world, tmp_path):
    job = _job(world, "east", tmp_path, [["甲", "1", "east-grid"]])
    assert job.unit == world.offices["east"]
    assert job.created_by == world.user("east_liaison")
    assert job.status == ImportStatus.INVALID


def test_job_pages_do_not_leak_to_the_other_side(world, tmp_path, client_for):
    west = _job(world, "west", tmp_path, [["西", "1", "west-grid"]])
    east = _job(world, "east", tmp_path, [["东", "1", "east-grid"]])
    client = client_for(world.user("east_liaison"))

    listing = client.get(reverse("imports:job_list"))
    assert listing.status_code == 200
    assert east.original_name in listing.content.decode()
    assert west.original_name not in listing.content.decode()
    for name in ("imports:job_detail", "imports:job_progress", "imports:job_errors"):
        assert client.get(reverse(name, args=[west.pk])).status_code == 404, name
        assert client.get(reverse(name, args=[east.pk])).status_code == 200, name
    assert client.post(reverse("imports:job_confirm", args=[west.pk])).status_code == 404
    # The list's export goes through the same restrict().
    export = client.get(reverse("imports:job_list") + "?export=xlsx")
    assert export.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(export.streaming_content))).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [east.original_name]


def test_a_grid_worker_sees_only_their_own_jobs(world, tmp_path, client_for):
    east = _job(world, "east", tmp_path, [["东", "1", "east-grid"]])
    worker = client_for(world.user("east_worker"))
    assert worker.get(reverse("imports:job_detail", args=[east.pk])).status_code == 404


def test_the_leader_cannot_upload(world, client_for):
    response = client_for(world.user("leader")).get(reverse("imports:upload"))
    assert response.status_code == 403
