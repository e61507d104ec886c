"""Large print runs (every venue's banners, a grid's pledge forms) are made by the worker into one
PDF; small ones still come back in the request."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from fanzha.outreach import printing
from fanzha.outreach.choices import PrintKind, PrintStatus
from fanzha.outreach.models import PrintJob
from fanzha.outreach.tests.helpers import pdf_text, use_database_tasks
from fanzha.people.models import Household
from fanzha.places.models import Place


def _more_venues(world, count):
    east = world.places["east"]
    return [
        Place.objects.create(name=f"east场所{i:02d}", grid=east.grid, kind=east.kind)
        for i in range(count)
    ]


def _download(client, job):
    response = client.get(f"/outreach/prints/{job.pk}/file/")
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    return b"".join(response.streaming_content)


def test_a_small_banner_run_still_comes_back_in_the_request(world, client_for, settings):
    settings.FANZHA_PRINT_INLINE_ITEMS = 5
    client = client_for(world.user("east_liaison"))
    response = client.get("/outreach/venues/banners.pdf?year=2021")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "east测试企业有限公司" in pdf_text(response.content)
    assert not PrintJob.objects.exists()


def test_a_large_banner_run_is_made_in_parts_by_the_worker_into_one_pdf(
    world, client_for, settings
):
    settings.FANZHA_PRINT_INLINE_ITEMS = 2
    settings.FANZHA_PRINT_PART_ITEMS = 2
    _more_venues(world, 4)
    client = client_for(world.user("east_liaison"))
    response = client.get("/outreach/venues/banners.pdf?year=2021", follow=True)
    job = PrintJob.objects.get()
    assert response.redirect_chain[-1][0] == f"/outreach/prints/{job.pk}/"
    assert job.kind == PrintKind.BANNERS and job.item_count == 5
    assert job.status == PrintStatus.DONE and job.done_items == 5
    page = response.content.decode()
    assert "下载 PDF" in page and job.title in page
    content = _download(client, job)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == job.pages
    # Three parts joined, in the list's order (by name), each venue's own banners on its pages.
    one = printing.render(PrintKind.BANNERS, job.requested_by, job.item_ids[:1], job.params)
    assert job.pages == 5 * one[1]
    text = pdf_text(content)
    names = ["east场所00", "east场所01", "east场所02", "east场所03", "east测试企业有限公司"]
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)
    assert "west测试企业" not in text


def test_all_of_a_grids_unsigned_households_are_printed_however_many(world, client_for, settings):
    settings.FANZHA_PRINT_INLINE_ITEMS = 3
    settings.FANZHA_PRINT_PART_ITEMS = 4
    settings.FANZHA_MAX_PAGE_SIZE = 5  # once a silent cut of the forms PDF
    grid = world.grids["east"]
    for i in range(9):
        Household.objects.create(code=f"east-x{i}", address=f"{i}号", grid=grid)
    client = client_for(world.user("east_worker"))
    response = client.get(f"/outreach/pledges/forms.pdf?grid={grid.pk}", follow=True)
    job = PrintJob.objects.get()
    assert job.kind == PrintKind.PLEDGE_FORMS and job.item_count == 10
    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    content = _download(client, job)
    assert len(PdfReader(io.BytesIO(content)).pages) == 10
    text = pdf_text(content)
    assert all(f"east-x{i}" in text for i in range(9)) and "east-h1" in text


def test_only_the_requester_and_global_roles_see_a_print_job(world, client_for, settings):
    settings.FANZHA_PRINT_INLINE_ITEMS = 1
    _more_venues(world, 1)
    owner = client_for(world.user("east_liaison"))
    owner.get("/outreach/venues/banners.pdf?year=2021")
    job = PrintJob.objects.get()
    other = client_for(world.user("east_worker"))
    for path in ("", "status/", "file/"):
        assert other.get(f"/outreach/prints/{job.pk}/{path}").status_code == 404
    assert job.title not in other.get("/outreach/prints/").content.decode()
    assert job.title in owner.get("/outreach/prints/").content.decode()
    assert client_for(world.user("admin")).get(f"/outreach/prints/{job.pk}/").status_code == 200


def test_a_run_over_the_maximum_is_sent_back_with_the_reason(world, client_for, settings):
    settings.FANZHA_PRINT_INLINE_ITEMS = 1
    settings.FANZHA_PRINT_MAX_ITEMS = 2
    _more_venues(world, 2)
    client = client_for(world.user("east_liaison"))
    refused = client.get("/outreach/venues/banners.pdf?year=2021", follow=True)
    assert refused.redirect_chain[-1][0].startswith("/outreach/venues/?")
    assert "一次最多打印 2 个" in refused.content.decode()
    assert not PrintJob.objects.exists()


def _queued_job(world, settings, count=2):
    use_database_tasks(settings)
    places = _more_venues(world, count)
    return printing.request_print(
        world.user("east_liaison"),
        PrintKind.BANNERS,
        [p.pk for p in places],
        {"year": 2021},
        title="横幅",
        filename="banners-2021.pdf",
    )


def test_the_job_and_its_task_are_written_together(world, settings):
    from django_tasks_db.models import DBTaskResult

    job = _queued_job(world, settings)
    assert job.status == PrintStatus.QUEUED
    task = DBTaskResult.objects.get()
    assert task.queue_name == "documents" and task.args_kwargs["args"] == [job.pk]


def test_one_worker_at_a_time_renders_a_job(world, settings):
    job = _queued_job(world, settings)
    first = printing.claim(job.pk)
    assert first is not None
    assert printing.claim(job.pk) is None  # its lease runs
    assert printing.run(job.pk) is None
    PrintJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    done = printing.run(job.pk)  # the first worker died: its lease ran out
    assert done is not None and done.status == PrintStatus.DONE and done.attempts == 2
    assert done.claim != first[1]
    assert printing.claim(job.pk) is None  # over


def test_a_dead_workers_job_is_queued_again_then_given_up(world, settings):
    from django_tasks_db.models import DBTaskResult

    job = _queued_job(world, settings)
    for attempt in range(1, printing.MAX_ATTEMPTS + 1):
        assert printing.claim(job.pk) is not None
        assert printing.recover() == 0  # the lease still runs
        PrintJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(1))
        assert printing.recover() == 1
        job.refresh_from_db()
        if attempt < printing.MAX_ATTEMPTS:
            assert job.status == PrintStatus.QUEUED and job.claim is None
            assert DBTaskResult.objects.count() == 1 + attempt
    assert job.status == PrintStatus.FAILED
    assert "3 次" in job.error and not job.file


def test_a_render_that_fails_marks_the_job_failed_with_a_message(world, settings):
    job = _queued_job(world, settings)
    PrintJob.objects.filter(pk=job.pk).update(params={})  # no year: the renderer raises
    failed = printing.run(job.pk)
    assert failed is not None and failed.status == PrintStatus.FAILED
    assert "未能生成" in failed.error and not failed.file and failed.lease_until is None


def test_a_finished_jobs_file_is_deleted_after_the_retention_time(world, settings):
    job = printing.run(_queued_job(world, settings).pk)
    assert job is not None and job.file
    path = job.file.path
    assert printing.purge_files() == 0
    hours = settings.FANZHA_PRINT_RETENTION_HOURS
    PrintJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(hours=hours))
    assert printing.purge_files() == 1
    job.refresh_from_db()
    assert job.status == PrintStatus.EXPIRED and not job.file
    import os

    assert not os.path.exists(path)


@pytest.mark.parametrize("status", ["queued", "running", "done"])
def test_the_status_box_polls_only_while_the_job_is_open(world, client_for, settings, status):
    job = _queued_job(world, settings)
    if status == "running":
        printing.claim(job.pk)
    elif status == "done":
        printing.run(job.pk)
    client = client_for(world.user("east_liaison"))
    box = client.get(f"/outreach/prints/{job.pk}/status/", HTTP_HX_REQUEST="true")
    html = box.content.decode()
    assert ("hx-trigger" in html) == (status != "done")
    assert ("HX-Refresh" in box) == (status == "done")


def test_a_finished_jobs_row_goes_after_its_retention_days(world, settings):
    job = printing.run(_queued_job(world, settings).pk)
    assert job is not None
    days = settings.FANZHA_PRINT_JOB_RETENTION_DAYS
    PrintJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=days))
    assert printing.purge_jobs() == 0  # its file first
    assert printing.purge_files() == 1 and printing.purge_jobs() == 1
    assert not PrintJob.objects.exists()
