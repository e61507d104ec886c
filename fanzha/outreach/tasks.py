"""Background work of the outreach app: large print runs render in the worker."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="documents")
def render_print_job(job_id: int) -> None:
    from fanzha.outreach.printing import run

    run(job_id)
