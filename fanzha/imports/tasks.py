"""Background work: large import files run in the worker (``fanzha worker``), not the request."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="imports")
def run_import_job(job_id: int) -> None:
    from fanzha.imports.jobs import run_job

    run_job(job_id)
