"""Printing many documents at once: every venue's banners, a grid's unsigned pledge forms.

A small selection renders in the request (``FANZHA_PRINT_INLINE_ITEMS``). A larger one becomes a
``PrintJob``: the rows chosen (their ids, taken under the requester's scope when they asked) are
stored with it and the ``documents`` queue renders them in parts of ``FANZHA_PRINT_PART_ITEMS``
joined into one PDF, so neither the web timeout nor the worker's memory bounds the size of a
print run. The job page polls until the file is ready.

The worker claims a job with a conditional UPDATE (a claim token and a lease renewed after every
part), so two workers never render one and only the claim holder can finish it; a job whose
worker died is queued again once its lease has run out (periodic job ``outreach.prints``), at
most ``MAX_ATTEMPTS`` times. The files hold residents' names and addresses: they are deleted
``FANZHA_PRINT_RETENTION_HOURS`` after the job finished."""

from __future__ import annotations

import io
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.outreach import banners, casefigures
from fanzha.outreach.choices import PrintKind, PrintStatus
from fanzha.outreach.models import PrintJob
from fanzha.outreach.pdf import render_document, render_pdf

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Renderer:
    """How one kind of print run turns a part of its rows into the context of its template."""

    template: str
    context: Callable[[Any, Sequence[int], dict[str, Any]], dict[str, Any]]


def _in_order(rows: Sequence[Any], ids: Sequence[int]) -> list[Any]:
    position = {pk: i for i, pk in enumerate(ids)}
    return sorted(rows, key=lambda row: position[row.pk])


def _banners(user: Any, ids: Sequence[int], params: dict[str, Any]) -> dict[str, Any]:
    year = int(params["year"])
    places = _in_order(
        list(banners.venues_for(user).filter(pk__in=list(ids)).select_related("grid")), ids
    )
    figures = casefigures.by_place([p.pk for p in places], date(year, 1, 1), date(year, 12, 31))
    items = [banners.for_venue(p, year, figures.get(p.pk, casefigures.Figures())) for p in places]
    return {"items": items, "year": year}


def _pledge_forms(user: Any, ids: Sequence[int], params: dict[str, Any]) -> dict[str, Any]:
    from fanzha.people.models import Household

    households = _in_order(
        list(
            Household.objects.restrict(user, "view")
            .filter(pk__in=list(ids))
            .select_related("grid__community")
            .prefetch_related("members")
        ),
        ids,
    )
    forms = [
        {
            "household": h,
            "members": [m.name for m in sorted(h.members.all(), key=lambda m: m.birth_date)],
            "pledge": None,
        }
        for h in households
    ]
    return {"forms": forms}


RENDERERS: dict[str, Renderer] = {
    PrintKind.BANNERS: Renderer("outreach/banners_pdf.html", _banners),
    PrintKind.PLEDGE_FORMS: Renderer("outreach/pledge_form_pdf.html", _pledge_forms),
}


def render(
    kind: str,
    user: Any,
    ids: Sequence[int],
    params: dict[str, Any],
    *,
    progress: Callable[[int], None] | None = None,
) -> tuple[bytes, int]:
    """The PDF of these rows, as the user may see them, and its page count. More rows than
    ``FANZHA_PRINT_PART_ITEMS`` are rendered part by part and joined, which keeps the layout of
    one part in memory at a time; ``progress`` hears how many rows are done after each part."""
    from pypdf import PdfReader, PdfWriter

    renderer = RENDERERS[kind]
    size = settings.FANZHA_PRINT_PART_ITEMS
    parts = [ids[i : i + size] for i in range(0, len(ids), size)] or [ids]
    if len(parts) == 1:
        document = render_document(renderer.template, renderer.context(user, ids, params))
        if progress:
            progress(len(ids))
        return document.write_pdf(), len(document.pages)
    writer = PdfWriter()
    done = 0
    for part in parts:
        content = render_pdf(renderer.template, renderer.context(user, part, params))
        writer.append(PdfReader(io.BytesIO(content)))
        done += len(part)
        if progress:
            progress(done)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def request_print(
    user: Any, kind: str, ids: Sequence[int], params: dict[str, Any], *, title: str, filename: str
) -> PrintJob:
    """Queue a print run of these rows for the worker. The job and its task are written in one
    transaction (the database task backend), so a job is never left without its task."""
    from fanzha.outreach.tasks import render_print_job

    with transaction.atomic():
        job = PrintJob.objects.create(
            kind=kind,
            title=title[:200],
            filename=filename[:120],
            params=params,
            item_ids=list(ids),
            item_count=len(ids),
            requested_by=user,
        )
        render_print_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _lease() -> timedelta:
    return timedelta(seconds=settings.FANZHA_PRINT_LEASE_SECONDS)


def claim(job_id: int) -> tuple[PrintJob, uuid.UUID] | None:
    """Take a queued job, or one whose worker's lease ran out; None when another worker holds
    it or it is over."""
    now = timezone.now()
    token = uuid.uuid4()
    taken = (
        PrintJob.objects.filter(pk=job_id)
        .filter(Q(status=PrintStatus.QUEUED) | Q(status=PrintStatus.RUNNING, lease_until__lt=now))
        .update(
            status=PrintStatus.RUNNING,
            claim=token,
            lease_until=now + _lease(),
            started_at=now,
            done_items=0,
            attempts=F("attempts") + 1,
        )
    )
    if not taken:
        return None
    return PrintJob.objects.select_related("requested_by").get(pk=job_id), token


def run(job_id: int) -> PrintJob | None:
    """Render a job if this worker can claim it (the ``documents`` task)."""
    claimed = claim(job_id)
    if claimed is None:
        return None
    job, token = claimed
    mine = PrintJob.objects.filter(pk=job.pk, claim=token)

    def progress(done: int) -> None:
        mine.update(done_items=done, lease_until=timezone.now() + _lease())

    try:
        content, pages = render(
            job.kind, job.requested_by, job.item_ids, job.params, progress=progress
        )
    except Exception:
        logger.exception("print job %s failed", job.pk)
        mine.update(
            status=PrintStatus.FAILED,
            error=_(
                "The PDF could not be made. Try again; if it fails again, tell the "
                "administrator (the worker's log says why)."
            )[:300],
            finished_at=timezone.now(),
            lease_until=None,
        )
        job.refresh_from_db()
        return job
    name = f"{uuid.uuid4().hex}.pdf"
    stored = job.file.storage.save(f"prints/{timezone.now():%Y/%m}/{name}", ContentFile(content))
    finished = mine.update(
        status=PrintStatus.DONE,
        file=stored,
        pages=pages,
        size=len(content),
        done_items=job.item_count,
        finished_at=timezone.now(),
        lease_until=None,
    )
    if not finished:
        # The lease ran out and another worker took the job over: its file counts, not ours.
        job.file.storage.delete(stored)
    job.refresh_from_db()
    return job


def recover() -> int:
    """Queue again the jobs whose worker died mid-render (lease over); after ``MAX_ATTEMPTS``
    a job fails with a message instead. Returns how many were handled."""
    from fanzha.outreach.tasks import render_print_job

    now = timezone.now()
    handled = 0
    stale = PrintJob.objects.filter(status=PrintStatus.RUNNING, lease_until__lt=now)
    for job in stale.only("pk", "attempts", "claim"):
        held = PrintJob.objects.filter(pk=job.pk, claim=job.claim, status=PrintStatus.RUNNING)
        with transaction.atomic():
            if job.attempts >= MAX_ATTEMPTS:
                handled += held.update(
                    status=PrintStatus.FAILED,
                    error=_(
                        "The PDF could not be made: the worker stopped %(count)s times "
                        "while making it."
                    )
                    % {"count": job.attempts},
                    finished_at=now,
                    lease_until=None,
                )
            elif held.update(status=PrintStatus.QUEUED, lease_until=None, claim=None):
                render_print_job.enqueue(job.pk)
                handled += 1
    return handled


def purge_files() -> int:
    """Delete the files of jobs finished more than ``FANZHA_PRINT_RETENTION_HOURS`` ago (they
    hold residents' names and addresses); the job rows stay, marked as expired."""
    cutoff = timezone.now() - timedelta(hours=settings.FANZHA_PRINT_RETENTION_HOURS)
    done = 0
    for job in PrintJob.objects.filter(finished_at__lt=cutoff).exclude(file=""):
        job.file.delete(save=False)
        PrintJob.objects.filter(pk=job.pk).update(file="", status=PrintStatus.EXPIRED)
        done += 1
    return done


def purge_jobs() -> int:
    """Delete the rows of jobs finished more than ``FANZHA_PRINT_JOB_RETENTION_DAYS`` ago (their
    files went long before); returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.FANZHA_PRINT_JOB_RETENTION_DAYS)
    deleted, _by_model = PrintJob.objects.filter(finished_at__lt=cutoff, file="").delete()
    return deleted


def periodic() -> int:
    """Periodic job ``outreach.prints``: recovery and retention."""
    return recover() + purge_files() + purge_jobs()
