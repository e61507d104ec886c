"""Benchmark: the 100-point assessment (issue 5).

Measures
- the pure rules: ``score_units`` over 5,000 units (exact rational arithmetic);
- ``fanzha assess score --input FILE.json`` as a real process over 1,000 units;
- on PostgreSQL, a district of 60 assessed units with 40,000 cases over two years and 3,000
  六进 activities: collecting and scoring a period, re-scoring after a hand score, a what-if,
  the period page and the .xlsx/.docx exports through the Django test client.

``DATABASE_URL`` names a base database (default
``postgres://postgres@127.0.0.1:5432/bench_assessment``); the script creates ``test_<name>``
beside it, migrates, measures and drops it again. Prints a final JSON line.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_assessment")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
os.environ.setdefault("FANZHA_MODE", "test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

N_PURE = int(os.environ.get("BENCH_UNITS", "5000"))
N_CLI = int(os.environ.get("BENCH_CLI_UNITS", "1000"))
N_OFFICES = int(os.environ.get("BENCH_OFFICES", "40"))
N_SECTORS = int(os.environ.get("BENCH_SECTORS", "20"))
N_CASES = int(os.environ.get("BENCH_CASES", "40000"))
N_ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "3000"))


def timed(fn, repeat: int = 1) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """Median milliseconds of ``repeat`` calls and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), result


def synthetic_units(n: int, rng: random.Random) -> list[dict]:
    return [
        {
            "code": f"u{i}",
            "name": f"单位{i}",
            "category": "office" if i % 3 else "sector",
            "cases_last": rng.randint(0, 60),
            "cases_this": rng.randint(0, 60),
            "card_publicity_in_six_into": rng.random() < 0.7,
            "card_prominent_problem": rng.random() < 0.1,
            "manual": {"system": rng.randint(5, 10), "publicity": round(rng.uniform(15, 30), 1)},
        }
        for i in range(n)
    ]


def bench_pure(rng: random.Random) -> dict:
    from fanzha.assessment.jsonio import parse_document
    from fanzha.assessment.scoring import default_scheme, score_units

    _, units = parse_document({"period": "2021", "units": synthetic_units(N_PURE, rng)})
    scheme = default_scheme()
    cpu = time.process_time()
    ms, _ = timed(lambda: score_units(units, scheme), repeat=3)
    # CPU time too: on a shared machine the wall clock mostly measures waiting for a core.
    cpu_ms = round((time.process_time() - cpu) * 1000 / 3, 1)
    return {
        "units": N_PURE,
        "score_ms": ms,
        "score_cpu_ms": cpu_ms,
        "units_per_cpu_s": round(N_PURE / cpu_ms * 1000),
    }


def bench_cli(rng: random.Random) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump({"period": "2021", "units": synthetic_units(N_CLI, rng)}, fh)
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fanzha", "assess", "score", "--input", fh.name],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    ms, result = timed(run, repeat=3)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_ms = round(
        ((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)) * 1000 / 3, 1
    )
    os.unlink(fh.name)
    out = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert len(out["units"]) == N_CLI
    return {"units": N_CLI, "wall_ms": ms, "cpu_ms": cpu_ms}


def build_district(rng: random.Random) -> dict:
    from django.utils import timezone

    from fanzha.accounts.choices import Role
    from fanzha.accounts.models import User
    from fanzha.cases.attribution import attribute_many
    from fanzha.cases.models import Case
    from fanzha.org.choices import SectorKind, UnitKind
    from fanzha.org.models import Grid, Unit
    from fanzha.outreach.models import Activity

    district = Unit.objects.create(code="d", name="开发区", kind=UnitKind.DISTRICT)
    Unit.objects.create(
        code="bureau",
        name="公安分局",
        kind=UnitKind.BUREAU,
        sector=SectorKind.POLICE,
        parent=district,
        is_leading_office=True,
    )
    grids, organisers = [], []
    for i in range(N_OFFICES):
        office = Unit.objects.create(
            code=f"o{i}", name=f"第{i}办事处", kind=UnitKind.OFFICE, parent=district
        )
        community = Unit.objects.create(
            code=f"c{i}", name=f"第{i}社区", kind=UnitKind.COMMUNITY, parent=office
        )
        grids.append(Grid.objects.create(code=f"g{i}", name=f"第{i}网格", community=community))
        organisers += [office, community]
    for i in range(N_SECTORS - 1):
        organisers.append(
            Unit.objects.create(
                code=f"s{i}",
                name=f"部门{i}",
                kind=UnitKind.SECTOR,
                sector=SectorKind.OTHER,
                parent=district,
            )
        )
    admin = User(username="bench_admin", role=Role.ADMIN, display_name="admin")
    admin.set_password("bench-password-123")
    admin.save()
    tz = timezone.get_current_timezone()
    start = datetime(2020, 1, 1, tzinfo=tz)
    rows = []
    for _ in range(N_CASES):
        at = start + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        rows.append(
            Case(
                reported_at=at,
                occurred_at=at,
                victim_name="受害人",
                grid=rng.choice(grids),
                fraud_type="SDFL",
                channel="phone",
                loss=Decimal(rng.randint(100, 90000)),
            )
        )
    Case.objects.bulk_create(rows, batch_size=2000)
    attribute_many(Case.objects.values_list("pk", flat=True))
    Activity.objects.bulk_create(
        [
            Activity(
                title=f"宣传{i}",
                category="community",
                forms="|banner|",
                held_on=(start + timedelta(days=rng.randrange(0, 540))).date(),
                unit=rng.choice(organisers),
                covers_card=rng.random() < 0.3,
                headcount=rng.randint(10, 300),
            )
            for i in range(N_ACTIVITIES)
        ],
        batch_size=2000,
    )
    return {"admin": admin}


def bench_db(rng: random.Random) -> dict:
    from django.test import Client

    from fanzha.assessment import periods
    from fanzha.assessment.models import Period, Scheme, UnitAssessment

    built_ms, ctx = timed(lambda: build_district(rng))
    period = Period.objects.create(scheme=Scheme.default(), year=2021, quarter=1)
    collect_ms, units = timed(lambda: periods.collect(period))
    row = UnitAssessment.objects.filter(period=period, category="office").first()
    assert row is not None
    admin = ctx["admin"]  # type: ignore[index]
    manual_ms, _ = timed(
        lambda: periods.set_manual_score(
            row, "publicity", Decimal("25.5"), "台账", "覆盖全面", admin
        ),
        repeat=5,
    )
    whatif_ms, _ = timed(lambda: periods.what_if(row, {"cases_last": 7, "cases_this": 8}), repeat=5)
    client = Client()
    client.force_login(admin)
    page_ms, page = timed(lambda: client.get(period.get_absolute_url()), repeat=5)
    assert page.status_code == 200  # type: ignore[attr-defined]
    sheet_ms, sheet = timed(lambda: client.get(row.get_absolute_url()), repeat=5)
    assert sheet.status_code == 200  # type: ignore[attr-defined]
    xlsx_ms, _ = timed(lambda: client.get(f"/assessment/periods/{period.pk}/export.xlsx"), 3)
    docx_ms, _ = timed(lambda: client.get(f"/assessment/periods/{period.pk}/export.docx"), 3)
    return {
        "units": units,
        "cases": N_CASES,
        "activities": N_ACTIVITIES,
        "build_ms": built_ms,
        "collect_ms": collect_ms,
        "manual_score_ms": manual_ms,
        "what_if_ms": whatif_ms,
        "period_page_ms": page_ms,
        "score_sheet_ms": sheet_ms,
        "xlsx_ms": xlsx_ms,
        "docx_ms": docx_ms,
    }


def main() -> None:
    rng = random.Random(5)
    result: dict = {"bench": "assessment", "pure": bench_pure(rng), "cli": bench_cli(rng)}
    creation = connection.creation
    db_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        result["db"] = {"database": db_name, **bench_db(rng)}
    finally:
        creation.destroy_test_db(db_name, verbosity=0)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
