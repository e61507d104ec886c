"""Benchmark: import 1,000,000 residents from CSV into PostgreSQL, with validation (ID checksum
and birth date, mobile number, grid, tags, duplicates in the file and against the database),
encryption, blind indexes and masks, all or nothing, through the same ``import_file`` the upload
page and ``fanzha import`` use; compared with a plain ``COPY`` of the same file into an
unindexed table in the same run.

Run:  .venv/bin/python bench/import_residents.py [ROWS]
      (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/bench_imports_<pid>; the
      database is created and dropped.)

Prints the phases, then one JSON line: rows, import rows/s, COPY rows/s, ratio, target met.

The set-up helpers here (database, keys, district, synthetic rows) are shared with
bench/lookup.py.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_imports"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
GRIDS = 300
HEADER = ["姓名", "身份证号", "手机号", "网格编码", "标签"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def setup(name: str) -> tuple[str, Path]:
    """Point Django at the benchmark database and fresh keys; returns (database URL, scratch
    directory). Call before ``django.setup()``."""
    # A name of its own per run: two runs (or a run and another's clean-up) never share one.
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL.replace(
        "bench_imports", f"{name}_{os.getpid()}"
    )
    os.environ["DATABASE_URL"] = url
    scratch = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    os.environ["FANZHA_KEY_FILE"] = str(scratch / "keys")
    os.environ.setdefault("FANZHA_MODE", "dev")
    os.environ.setdefault("FANZHA_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
    _create_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url, scratch


def _admin_url(url: str) -> tuple[str, str]:
    base, _, dbname = url.rpartition("/")
    dbname = dbname.split("?")[0]
    # The benchmark creates and DROPS this database: never let it be a shared one.
    if dbname in ("postgres", "template0", "template1", "test", "fanzha", "root", ""):
        raise SystemExit(
            f"DATABASE_URL names {dbname!r}: give the benchmark a database of its own "
            "(e.g. .../bench_import); it is dropped at the end"
        )
    return base + "/postgres", dbname


def _create_database(url: str) -> None:
    import psycopg

    admin, dbname = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{dbname}"')


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    admin, dbname = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def build_district() -> list[str]:
    """A district, an office, a community, a station and ``GRIDS`` grids; returns grid codes."""
    from fanzha.org.choices import UnitKind
    from fanzha.org.models import Grid, Unit

    district, _ = Unit.objects.get_or_create(
        code="bench-district", defaults={"name": "基准开发区", "kind": UnitKind.DISTRICT}
    )
    office, _ = Unit.objects.get_or_create(
        code="bench-office",
        defaults={"name": "基准办事处", "kind": UnitKind.OFFICE, "parent": district},
    )
    station, _ = Unit.objects.get_or_create(
        code="bench-station",
        defaults={"name": "基准派出所", "kind": UnitKind.STATION, "parent": district},
    )
    community, _ = Unit.objects.get_or_create(
        code="bench-community",
        defaults={
            "name": "基准社区",
            "kind": UnitKind.COMMUNITY,
            "parent": office,
            "police_station": station,
        },
    )
    codes = []
    for i in range(GRIDS):
        code = f"bench-g{i:03d}"
        if not Grid.objects.filter(code=code).exists():
            Grid.objects.create(code=code, name=f"基准网格{i:03d}", community=community)
        codes.append(code)
    return codes


def synthetic_id(n: int) -> str:
    """The n-th synthetic ID number: unique per n, checksum-valid, a real birth date."""
    birth = date(1940, 1, 1) + timedelta(days=n % 25000)
    body = f"370202{birth:%Y%m%d}{(n // 25000) % 1000:03d}"
    check = _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


def synthetic_phone(n: int) -> str:
    return str(13000000000 + n * 7)


def rows(count: int, grids: list[str]) -> Iterator[list[str]]:
    for n in range(count):
        given = _GIVEN[(n // 20) % len(_GIVEN)] + _GIVEN[(n // 480) % len(_GIVEN)]
        name = _SURNAMES[n % 20] + given
        tags = "老人" if n % 9 == 0 else ("学生" if n % 7 == 0 else "")
        yield [name, synthetic_id(n), synthetic_phone(n), grids[n % len(grids)], tags]


def backend_cpu_seconds() -> float:
    """CPU time used so far by this connection's PostgreSQL backend (same machine only; -1 when
    it cannot be read)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_csv(path: Path, count: int, grids: list[str]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows(count, grids))
    return path


TARGET_ROWS_PER_S = 20_000


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    url, scratch = setup("bench_imports")
    try:
        return run(count, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        drop_database(url)


def run(count: int, scratch) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection

    from fanzha.imports.runner import import_file
    from fanzha.people.models import Resident

    grids = build_district()
    path = scratch / "residents.csv"
    t0 = time.perf_counter()
    write_csv(path, count, grids)
    print(
        f"wrote {count} rows ({path.stat().st_size / 1e6:.0f} MB) in "
        f"{time.perf_counter() - t0:.1f}s",
        flush=True,
    )

    # Baseline: the same bytes into an unindexed table, parsed by PostgreSQL alone.
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_copy")
        cursor.execute(
            "CREATE TABLE bench_plain_copy (name text, id_number text, phone text, grid text, "
            "tags text)"
        )
    t0 = time.perf_counter()
    with (
        connection.cursor() as cursor,
        path.open("rb") as fh,
        cursor.cursor.copy(
            "COPY bench_plain_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
        ) as copy,
    ):
        while chunk := fh.read(1 << 20):
            copy.write(chunk)
    copy_seconds = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_plain_copy")
        copied = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_plain_copy")
    assert copied == count, copied
    print(f"plain COPY: {copy_seconds:.1f}s, {count / copy_seconds:,.0f} rows/s", flush=True)

    marks: dict[str, float] = {}

    def progress(phase: str, checked: int, stored: int) -> None:
        marks.setdefault(phase, time.perf_counter())

    before = Resident.objects.count()
    pg0 = backend_cpu_seconds()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    outcome = import_file(
        "residents", path, user=None, dry_run=False, name=path.name, progress=progress
    )
    import_seconds = time.perf_counter() - t0
    import_cpu = time.process_time() - cpu0
    pg_cpu = backend_cpu_seconds() - pg0 if pg0 >= 0 else None
    if not outcome.ok:
        print(outcome.errors[:10], file=sys.stderr)
        return 1
    stored = Resident.objects.count() - before
    assert stored == count == outcome.stored, (stored, outcome.stored)
    # A good file on PostgreSQL is checked and stored in one pass (fanzha.imports.runner);
    # a separate "validating" phase shows up only on the two-pass path.
    single_pass = "validating" not in marks
    print(
        f"import: {import_seconds:.1f}s wall ({'one pass' if single_pass else 'two passes'}), "
        f"{count / import_seconds:,.0f} rows/s; CPU: Python {import_cpu:.1f}s, PostgreSQL "
        f"backend {pg_cpu if pg_cpu is None else round(pg_cpu, 1)}s",
        flush=True,
    )
    load = os.getloadavg()

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Resident._meta.db_table} CASCADE")
    result = {
        "bench": "import_residents",
        "rows": count,
        "import_seconds": round(import_seconds, 2),
        "import_rows_per_s": round(count / import_seconds),
        "single_pass": single_pass,
        "import_python_cpu_seconds": round(import_cpu, 2),
        "import_postgres_cpu_seconds": None if pg_cpu is None else round(pg_cpu, 2),
        # Python and the PostgreSQL backend work in parallel (COPY streams): on an otherwise
        # idle 2-core machine the wall time approaches the larger of the two CPU times.
        "cpu_bound_rows_per_s": round(count / max(import_cpu, pg_cpu or 0)),
        "load_average_1m": round(load[0], 2),
        "cores": os.cpu_count(),
        "copy_seconds": round(copy_seconds, 2),
        "copy_rows_per_s": round(count / copy_seconds),
        "ratio_import_to_copy": round(copy_seconds / import_seconds, 3),
        "target_rows_per_s": TARGET_ROWS_PER_S,
        "target_met": count / import_seconds >= TARGET_ROWS_PER_S,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
