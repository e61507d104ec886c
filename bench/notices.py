"""Benchmark: generate 300 case letters (函告) as .docx and PDF (issue 4: under 60 s in total on
a 2-core machine).

On PostgreSQL (``DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/bench_notices``)
the script creates ``test_<name>``, migrates, builds the two-sided test district and 300 cases
(each save drafts its letter), then, timed: issues the 300 letters (numbers 1..300 from the
locked counter), renders each as .docx and as PDF through the same functions the UI and the
``fanzha notices`` command use (``fanzha.notices.batch``: one render process per core), and
writes the files. CPU seconds (this process plus the render processes) are reported beside the
wall time, because the machine is shared. It checks the numbers have no gaps and
that a PDF's first page reads in Chinese, drops the database and prints a final JSON line.
``BENCH_LETTERS`` changes the count.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_notices")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
os.environ.setdefault("FANZHA_MODE", "test")
os.environ.setdefault("FANZHA_DATA_DIR", tempfile.mkdtemp(prefix="bench-notices-"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

N_LETTERS = int(os.environ.get("BENCH_LETTERS", "300"))


def make_cases(n: int) -> list[int]:
    import random

    from fanzha.cases.choices import Channel, FraudType
    from fanzha.cases.models import Case
    from fanzha.core.testing.world import build_world

    world = build_world()
    rng = random.Random(4)
    residents = [r for side in ("east", "west") for r in world.residents[side]]
    start = timezone.make_aware(datetime(2021, 1, 1, 9))
    ids = []
    for i in range(n):
        victim = residents[i % len(residents)]
        reported = start + timedelta(hours=12 * i)
        case = Case(
            reported_at=reported,
            occurred_at=reported - timedelta(hours=rng.randint(0, 48)),
            victim=victim,
            victim_name=victim.name,
            grid=victim.grid,
            fraud_type=rng.choice(FraudType.values),
            channel=rng.choice(Channel.values),
            loss=Decimal(rng.randint(500, 500_000)) + Decimal("0.25"),
            narrative="受害人被诱导转账。",
        )
        case.save()  # drafts the letter, as in the UI
        ids.append(case.pk)
    return ids


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the render processes)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def run(out_dir: Path) -> dict:
    from pypdf import PdfReader

    from fanzha.notices import documents
    from fanzha.notices.batch import process_count, render_to_files
    from fanzha.notices.models import Notice

    setup_started = time.perf_counter()
    case_ids = make_cases(N_LETTERS)
    letters = list(Notice.objects.filter(case_id__in=case_ids).order_by("case_id"))
    assert len(letters) == N_LETTERS, len(letters)
    setup_s = time.perf_counter() - setup_started

    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    for notice in letters:
        documents.issue(notice)
    issued_s = time.perf_counter() - started
    paths = render_to_files([n.pk for n in letters], out_dir, ("docx", "pdf"))
    total_s = time.perf_counter() - started
    cpu_s = _cpu_seconds() - cpu_before
    total_bytes = sum(p.stat().st_size for p in paths)
    assert len(paths) == 2 * N_LETTERS

    numbers = sorted(
        Notice.objects.filter(pk__in=[n.pk for n in letters]).values_list("number", flat=True)
    )
    assert numbers == list(range(1, N_LETTERS + 1)), "numbers have gaps or repeats"
    first_pdf = next(
        p
        for p in paths
        if p.name.startswith("开公反诈函") and "〕1号" in p.name and p.suffix == ".pdf"
    )
    first = PdfReader(first_pdf).pages[0].extract_text()
    assert "函告" in first and "开发区公安分局" in first, first[:200]
    return {
        "benchmark": "notices",
        "letters": N_LETTERS,
        "total_seconds": round(total_s, 2),
        "target_seconds": 60,
        "ok": total_s < 60,
        "issue_seconds": round(issued_s, 2),
        "render_processes": process_count(),
        "cpu_seconds": round(cpu_s, 1),
        "load_average_1m": round(os.getloadavg()[0], 1),
        "megabytes_written": round(total_bytes / 1e6, 1),
        "setup_seconds": round(setup_s, 1),
        "database": connection.vendor,
    }


def main() -> None:
    creation = connection.creation
    db_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-letters-") as tmp:
            result = run(Path(tmp))
    finally:
        creation.destroy_test_db(db_name, verbosity=0)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
