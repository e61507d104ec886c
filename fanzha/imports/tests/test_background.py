"""Large files run as a background task; the job page shows progress and polls with htmx."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from fanzha.imports.choices import ImportPhase, ImportStatus
from fanzha.imports.jobs import ProgressWriter, create_job, run_job, start_job
from fanzha.imports.models import ImportJob
from fanzha.imports.tests.factories import RESIDENT_HEADER, csv_bytes
from fanzha.people.models import Resident

pytestmark = pytest.mark.django_db


def _upload(world, resident_rows, count: int, *, dry_run: bool) -> ImportJob:
    upload = SimpleUploadedFile("big.csv", csv_bytes(RESIDENT_HEADER, resident_rows(count)))
    return create_job(world.user("east_liaison"), "residents", upload, dry_run=dry_run)


@override_settings(FANZHA_IMPORT_BACKGROUND_ROWS=5, FANZHA_IMPORT_BATCH_ROWS=4)
def test_a_large_file_runs_as_a_background_task(world, resident_rows):
    job = _upload(world, resident_rows, 12, dry_run=False)
    before = Resident.objects.count()

    # Tests run django-tasks' immediate backend: enqueue runs the task at once.
    job = start_job(job)

    assert job.background is True
    assert job.status == ImportStatus.DONE
    assert (job.total_rows, job.processed_rows, job.stored_rows) == (12, 12, 12)
    assert job.progress_percent == 100
    assert Resident.objects.count() == before + 12


@override_settings(FANZHA_IMPORT_BACKGROUND_ROWS=5)
def test_the_job_page_polls_progress_while_the_job_runs(world, resident_rows, client_for):
    job = _upload(world, resident_rows, 10, dry_run=True)
    ImportJob.objects.filter(pk=job.pk).update(
        total_rows=10, background=True, status=ImportStatus.RUNNING
    )
    ProgressWriter(job.pk)("validating", 4, 0)
    client = client_for(world.user("east_liaison"))

    page = client.get(job.get_absolute_url()).content.decode()
    progress_url = reverse("imports:job_progress", args=[job.pk])
    assert f'hx-get="{progress_url}"' in page and 'hx-trigger="every 2s"' in page
    assert '<progress max="100" value="40">' in page
    assert "共 10 行，已校验 4 行，已写入 0 行。" in page
    job.refresh_from_db()
    assert job.phase == ImportPhase.VALIDATING

    # The worker finishes; the next poll tells htmx to reload the page for the report.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PENDING)
    run_job(job.pk)
    poll = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert poll["HX-Refresh"] == "true"
    assert "hx-get" not in poll.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED and job.processed_rows == 10


def test_a_job_is_run_once(world, resident_rows):
    job = _upload(world, resident_rows, 2, dry_run=False)
    assert run_job(job.pk) is not None
    # A second worker that picks up the same job claims nothing and stores nothing again.
    assert run_job(job.pk) is None
    job.refresh_from_db()
    assert job.stored_rows == 2


def test_a_small_file_runs_in_the_request(world, resident_rows):
    job = start_job(_upload(world, resident_rows, 2, dry_run=True))
    assert job.background is False
    assert job.status == ImportStatus.VALIDATED


def test_the_uploaded_file_is_deleted_when_the_import_is_over(world, resident_rows):
    job = _upload(world, resident_rows, 2, dry_run=False)
    path = job.file.path

    job = start_job(job)

    assert job.status == ImportStatus.DONE
    assert not job.file
    assert not Path(path).exists()


@override_settings(FANZHA_IMPORT_FILE_RETENTION_HOURS=1)
def test_a_dry_runs_file_is_purged_after_the_retention_period(world, resident_rows):
    from datetime import timedelta

    from django.utils import timezone

    from fanzha.core import periodic

    purge = {j.name: j for j in periodic.jobs()}["imports.purge_files"].func
    job = start_job(_upload(world, resident_rows, 2, dry_run=True))
    assert job.file and job.can_confirm
    assert purge() == 0  # still within the hour

    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(hours=2))
    assert purge() == 1

    job.refresh_from_db()
    assert not job.file and not job.can_confirm
