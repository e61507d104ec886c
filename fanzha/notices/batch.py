"""Rendering many documents at once (a year's letters, the benchmark): PDF layout is CPU-bound,
so the work is split across processes, one per core by default
(``FANZHA_NOTICES_RENDER_PROCESSES``; 1 renders in this process)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.db import connections


def _render_chunk(ids: Sequence[int], out_dir: str, formats: Sequence[str]) -> list[str]:
    from fanzha.notices import documents
    from fanzha.notices.models import Notice

    written = []
    notices = Notice.objects.filter(pk__in=list(ids)).select_related("case__grid__community")
    for notice in notices.order_by("pk"):
        for fmt in formats:
            path = Path(out_dir) / documents.filename(notice, fmt)
            path.write_bytes(documents.render(notice, fmt))
            written.append(str(path))
    return written


def process_count() -> int:
    configured = int(getattr(settings, "FANZHA_NOTICES_RENDER_PROCESSES", 0) or 0)
    return configured if configured > 0 else (os.cpu_count() or 1)


def render_to_files(
    notice_ids: Sequence[int],
    out_dir: Path,
    formats: Sequence[str] = ("docx", "pdf"),
    processes: int | None = None,
) -> list[Path]:
    """Write each notice in each format into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ids = list(notice_ids)
    count = max(1, min(processes or process_count(), len(ids) or 1))
    if count == 1:
        return [Path(p) for p in _render_chunk(ids, str(out_dir), formats)]
    # Children must not share the parent's database connection: close it before forking and
    # every process (parent included) opens its own on next use.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(count) as pool:
        parts = pool.starmap(
            _render_chunk, [(ids[i::count], str(out_dir), tuple(formats)) for i in range(count)]
        )
    return [Path(p) for part in parts for p in part]
