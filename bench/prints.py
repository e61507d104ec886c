"""Benchmark: a large print run made by the worker's code path (every venue's banners).

On PostgreSQL (``DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/bench_prints``)
the script creates ``test_<name>``, migrates, builds the two-sided test district and
``BENCH_VENUES`` venues (default 500, about 2,000 pages), queues the run with
``fanzha.outreach.printing.request_print`` and makes it with ``printing.run``, exactly as the
``documents`` task does (parts of ``FANZHA_PRINT_PART_ITEMS`` joined into one PDF). It reports
wall and CPU seconds, pages per second, the file's size and this process's peak RSS before and
after the run (the memory the run added is what a worker needs on top of Django), checks that
the PDF has every venue's pages and reads in Chinese, drops the database and prints a final JSON
line. No target is set by an issue; ``FANZHA_PRINT_MAX_ITEMS`` (settings) is sized from it.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_prints")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
os.environ.setdefault("FANZHA_MODE", "test")
os.environ.setdefault("FANZHA_DATA_DIR", tempfile.mkdtemp(prefix="bench-prints-"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

N_VENUES = int(os.environ.get("BENCH_VENUES", "500"))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def run() -> dict:
    from django.conf import settings
    from pypdf import PdfReader

    from fanzha.core.testing.world import build_world
    from fanzha.outreach import printing
    from fanzha.outreach.choices import PrintKind, PrintStatus
    from fanzha.places.models import Place

    world = build_world()
    east = world.places["east"]
    for i in range(N_VENUES - 1):  # save() places each venue in its units, as the UI does
        Place(name=f"东区测试场所{i:05d}", grid=east.grid, kind=east.kind, address=f"{i}号").save()
    ids = list(Place.objects.filter(grid=east.grid).order_by("name").values_list("pk", flat=True))
    assert len(ids) == N_VENUES, len(ids)
    admin = world.user("admin")
    one = printing.render(PrintKind.BANNERS, admin, ids[:1], {"year": 2021})[1]
    rss_before = _peak_rss_mb()

    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    job = printing.request_print(
        admin, PrintKind.BANNERS, ids, {"year": 2021}, title="bench", filename="bench.pdf"
    )
    if job.status == PrintStatus.QUEUED:  # a database task backend: run it as the worker does
        job = printing.run(job.pk) or job
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    assert job.status == PrintStatus.DONE, (job.status, job.error)
    reader = PdfReader(job.file.path)
    assert len(reader.pages) == job.pages == N_VENUES * one, (job.pages, one)
    middle = reader.pages[len(reader.pages) // 2].extract_text()
    assert "东区测试场所" in middle and "诈骗" in middle, middle[:200]
    return {
        "benchmark": "prints",
        "venues": N_VENUES,
        "pages": job.pages,
        "part_items": settings.FANZHA_PRINT_PART_ITEMS,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "pages_per_s": round(job.pages / seconds, 1),
        "megabytes": round(job.size / 1e6, 1),
        "peak_rss_mb_before": round(rss_before),
        "peak_rss_mb_after": round(_peak_rss_mb()),
        "load_average_1m": round(os.getloadavg()[0], 1),
        "database": connection.vendor,
    }


def main() -> None:
    creation = connection.creation
    db_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        result = run()
    finally:
        creation.destroy_test_db(db_name, verbosity=0)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
