"""三包 assignment benchmark.

1. The solver alone on synthetic districts at 1×, 2× and 4× the demo's size (areas per territory,
   staff and officers with capacities), reporting time and how even the loads are.
2. ``run_assignment`` end to end on PostgreSQL: a scratch database (``bench_baobao`` on the
   server of ``DATABASE_URL``) is migrated, filled with the demo's organisation (units, grids,
   2,500 places, staff) and assigned twice (fresh, then a re-run keeping manual choices); the
   database is dropped afterwards.

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/baobao.py``
Prints a final JSON line.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DB = "bench_baobao"


def synthetic(scale: int, seed: int = 7) -> tuple[list, dict[int, int]]:
    from fanzha.baobao.solver import Area

    rng = random.Random(seed)
    areas: list[Area] = []
    capacity: dict[int, int] = {}
    person = 0
    area_id = 0
    for _office in range(5 * scale):
        staff = list(range(person, person + 16))
        person += 16
        for p in staff:
            capacity[p] = rng.randint(9, 14)
        for _ in range(170):
            area_id += 1
            risk = 1 + rng.choice([0, 0, 0, 10, 10, 20, 40]) + rng.random() * 5
            candidates = tuple(sorted(rng.sample(staff, 3)))
            areas.append(Area(area_id, round(risk, 2), candidates))
    return areas, capacity


def bench_solver() -> dict:
    from fanzha.baobao.solver import balance

    out = {}
    for scale in (1, 2, 4):
        areas, capacity = synthetic(scale)
        started = time.perf_counter()
        result = balance(areas, capacity, time_limit=60)
        seconds = time.perf_counter() - started
        loads = list(result.loads.values())
        assigned = sum(1 for h in result.holder.values() if h is not None)
        out[f"{scale}x"] = {
            "areas": len(areas),
            "people": len(capacity),
            "assigned": assigned,
            "seconds": round(seconds, 2),
            "optimal": result.optimal,
            "load_max": round(max(loads), 2),
            "load_min": round(min(loads), 2),
            "load_stdev": round(statistics.pstdev(loads), 2),
        }
        print(f"solver {scale}x: {out[f'{scale}x']}", flush=True)
    return out


def bench_database() -> dict:
    import dj_database_url
    import psycopg

    params = dj_database_url.parse(BASE_URL)
    admin_dsn = (
        f"host={params['HOST']} port={params['PORT'] or 5432} "
        f"user={params['USER']} dbname={params['NAME']}"
    )
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = BASE_URL.rsplit("/", 1)[0] + f"/{BENCH_DB}"
    os.environ.setdefault("FANZHA_DATA_DIR", f"/tmp/{BENCH_DB}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from fanzha.baobao.assign import eligible_staff, load_people, run_assignment, set_manually
        from fanzha.baobao.models import Assignment
        from fanzha.core.demo import DemoContext
        from fanzha.org import demo as org_demo

        ctx = DemoContext(seed=2021, scale=1.0, rng=random.Random(2021), log=lambda m: None)
        org_demo.build(ctx)
        # The demo's 三包 capacities (officers and grid workers sized to their territory).
        from fanzha.baobao.demo import _size_capacities

        _size_capacities()
        started = time.perf_counter()
        first = run_assignment(today=ctx.today)
        fresh = time.perf_counter() - started
        people = load_people()
        from fanzha.accounts.models import User

        for row in Assignment.objects.select_related("area", "area__grid").order_by("-risk")[:20]:
            options = [p for p in eligible_staff(row.area, people) if p != row.staff_id]
            if options:
                set_manually(row, "staff", User.objects.get(pk=options[0]), user=None, note="bench")
        started = time.perf_counter()
        second = run_assignment(today=ctx.today)
        rerun = time.perf_counter() - started
        result = {
            "areas": first.areas,
            "staff_assigned": first.staff_assigned,
            "officer_assigned": first.officer_assigned,
            "fresh_seconds": round(fresh, 2),
            "rerun_seconds": round(rerun, 2),
            "locked_kept": second.locked,
            "staff_load": first.summary["staff"],
            "officer_load": first.summary["officer"],
            "status": [first.status, second.status],
        }
        print(f"database: {result}", flush=True)
        return result
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def main() -> None:
    solver = bench_solver()
    database = bench_database()
    print(json.dumps({"bench": "baobao", "solver": solver, "database": database}))


if __name__ == "__main__":
    main()
