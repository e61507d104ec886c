"""Import jobs: create one from an upload, run it now or in the background, record progress.

A job runs in the request when the file is small; a file of more than
``FANZHA_IMPORT_BACKGROUND_ROWS`` data rows goes to the worker and the job page polls its
progress. The worker claims a job with a conditional UPDATE so two workers never run one file.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.imports.choices import ImportPhase, ImportStatus
from fanzha.imports.models import ImportJob
from fanzha.imports.reader import FileProblem, open_table
from fanzha.imports.runner import Outcome, import_file

log = logging.getLogger(__name__)


def create_job(
    user: Any, kind: str, upload: File, *, dry_run: bool, source: ImportJob | None = None
) -> ImportJob:
    """Store the upload and make a pending job owned by the uploader's unit."""
    job = ImportJob(
        kind=kind,
        dry_run=dry_run,
        created_by=user,
        unit=getattr(user, "unit", None),
        original_name="".join(
            ch for ch in (getattr(upload, "name", "") or "import") if ch.isprintable()
        )[-200:],
        source_job=source,
    )
    # A generated name: nothing of the sender's file name (which may hold "../", a drive, NUL
    # or a resident's name) reaches the file system; the reader goes by the original name.
    name = job.original_name.lower()
    suffix = next((s for s in (".csv", ".xlsx") if name.endswith(s)), "")
    job.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    job.save()
    return job


def count_rows(job: ImportJob) -> int:
    """Data rows of the job's file, or 0 when it cannot be read (the run reports why)."""
    try:
        return open_table(job.file.path, job.original_name).count_rows()
    except FileProblem:
        return 0


def start_job(job: ImportJob) -> ImportJob:
    """Run a small file now; queue a large one for the worker."""
    total = count_rows(job)
    ImportJob.objects.filter(pk=job.pk).update(total_rows=total)
    job.total_rows = total
    if total > settings.FANZHA_IMPORT_BACKGROUND_ROWS:
        from fanzha.imports.tasks import run_import_job

        ImportJob.objects.filter(pk=job.pk).update(background=True)
        job.background = True
        run_import_job.enqueue(job.pk)
    else:
        run_job(job.pk)
    job.refresh_from_db()
    return job


class ProgressWriter:
    """Writes a running job's progress where the job page can see it.

    While rows are checked there is no open transaction, so a plain UPDATE is visible at once.
    While they are stored the import holds one transaction (all or nothing), in which an UPDATE
    would stay invisible until the end: on PostgreSQL progress then goes through a second
    connection; SQLite allows one writer at a time, so there the page shows 'storing' until
    the job is done."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._side: Any = None

    def __call__(self, phase: str, checked: int, stored: int) -> None:
        if phase == "validating":
            ImportJob.objects.filter(pk=self.job_id).update(
                phase=ImportPhase.VALIDATING, processed_rows=checked
            )
            return
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(
                phase=ImportPhase.STORING, stored_rows=stored
            )
            return
        if connection.vendor != "postgresql":
            return
        if self._side is None:
            self._side = connections.create_connection("default")
        with self._side.cursor() as cursor:
            cursor.execute(
                # The table name is the model's own, not input.
                f"UPDATE {ImportJob._meta.db_table} SET phase = %s, stored_rows = %s "  # noqa: S608
                "WHERE id = %s",
                [ImportPhase.STORING, stored, self.job_id],
            )

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def run_job(job_id: int) -> ImportJob | None:
    """Claim a pending job and run it; a job already claimed is left alone."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, phase=ImportPhase.VALIDATING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    progress = ProgressWriter(job.pk)
    try:
        outcome = import_file(
            job.kind,
            job.file.path,
            user=job.created_by,
            dry_run=job.dry_run,
            name=job.original_name,
            progress=progress,
        )
    except Exception:
        log.exception("import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            phase=ImportPhase.FINISHED,
            finished_at=timezone.now(),
            message=_("The import failed unexpectedly; nothing was stored."),
        )
        if not job.dry_run:
            discard_file(job)
        return ImportJob.objects.get(pk=job_id)
    finally:
        progress.close()
    finish(job, outcome)
    return job


def discard_file(job: ImportJob) -> None:
    """Delete the uploaded file (it holds full ID and phone numbers); the report stays."""
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def purge_files() -> int:
    """Delete the files of finished jobs older than ``FANZHA_IMPORT_FILE_RETENTION_HOURS``
    (periodic job ``imports.purge_files``); returns how many were deleted."""
    cutoff = timezone.now() - timedelta(hours=settings.FANZHA_IMPORT_FILE_RETENTION_HOURS)
    done = 0
    for job in ImportJob.objects.filter(finished_at__lt=cutoff).exclude(file=""):
        discard_file(job)
        done += 1
    return done


def finish(job: ImportJob, outcome: Outcome) -> None:
    if not outcome.ok:
        status = ImportStatus.INVALID
        message = _("%(count)s problems found; nothing was stored.") % {
            "count": outcome.error_count
        }
    elif job.dry_run:
        status = ImportStatus.VALIDATED
        message = _("All %(rows)s rows are valid. Nothing was stored: this was a dry run.") % {
            "rows": outcome.rows
        }
    else:
        status = ImportStatus.DONE
        message = _("%(rows)s rows imported.") % {"rows": outcome.stored}
    job.status = status
    job.phase = ImportPhase.FINISHED
    job.total_rows = max(job.total_rows, outcome.rows)
    job.processed_rows = outcome.rows
    job.stored_rows = outcome.stored
    job.error_count = outcome.error_count
    job.errors = outcome.errors
    job.ignored_columns = outcome.ignored_columns
    job.encoding = outcome.encoding
    job.message = message[:300]
    job.finished_at = timezone.now()
    job.save()
    if not job.dry_run:
        # The import is over either way; a dry run keeps its file so it can be confirmed.
        discard_file(job)


def confirm(job: ImportJob, user: Any) -> ImportJob:
    """Import for real the file of a dry run that passed (a new job, so both stay on record)."""
    with job.file.open("rb") as fh:
        upload = File(fh, name=job.original_name)
        real = create_job(user, job.kind, upload, dry_run=False, source=job)
    return start_job(real)
