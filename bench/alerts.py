"""Benchmark: alert intake end to end on PostgreSQL.

Builds N registered phones (residents + 金钟罩 registrations, written with COPY), writes a file of
N alerts (90% of them for registered numbers), then:

1. imports the file with ``fanzha alerts import`` in a child process (dedup on (source,
   source_ref), routing through the blind index, task, outbox warning) and measures alerts/s and
   the child's peak memory;
2. writes the stored alerts, tasks and warnings again by plain COPY into the emptied tables, in the
   import's chunks and connections: PostgreSQL's own floor for these rows (``store_floor``);
3. COPYs the same number of alert rows (already sealed) into the same indexed alert table and
   measures rows/s, for the ratio;
4. starts gunicorn with two workers on loopback and posts single alerts at 100 requests/s,
   measuring latency (the task and the warning are written in the same transaction as the alert,
   so "accepted → task assigned and notification queued" is the same number).

Run:  .venv/bin/python bench/alerts.py [N]       (default 1,000,000)
DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/bench_alerts_<pid>; the database is
created and dropped. Prints phases, then one JSON line.
"""

from __future__ import annotations

import gc
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GRIDS = 300
HTTP_RATE = 100
HTTP_SECONDS = 20


def log(message: str) -> None:
    print(message, flush=True)


def setup(prefix: str = "bench_alerts") -> tuple[str, str, Path]:
    url = os.environ.get("DATABASE_URL") or (
        f"postgres://postgres@127.0.0.1:5432/{prefix}_{os.getpid()}"
    )
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    scratch = Path(tempfile.mkdtemp(prefix="bench-alerts-"))
    os.environ.update(
        {
            "DATABASE_URL": url,
            "FANZHA_KEY_FILE": str(scratch / "keys"),
            "FANZHA_MODE": "dev",
            "FANZHA_DEBUG": "0",
            "FANZHA_DATA_DIR": str(scratch / "data"),
            "FANZHA_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "fanzha.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url, admin, scratch


def teardown(url: str, admin: str, scratch: Path) -> None:
    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    shutil.rmtree(scratch, ignore_errors=True)


def build_registry(n: int, grid_count: int = GRIDS) -> list[str]:
    """N residents with registrations on N phones, in ``grid_count`` grids each with a
    worker."""
    from django.db import connection

    from fanzha.accounts.models import User
    from fanzha.lib import crypto
    from fanzha.lib.masking import mask_phone
    from fanzha.org.choices import UnitKind
    from fanzha.org.models import Grid, Unit

    district = Unit.objects.create(code="d", name="区", kind=UnitKind.DISTRICT)
    office = Unit.objects.create(code="o", name="办事处", kind=UnitKind.OFFICE, parent=district)
    station = Unit.objects.create(code="s", name="派出所", kind=UnitKind.STATION, parent=district)
    community = Unit.objects.create(
        code="c", name="社区", kind=UnitKind.COMMUNITY, parent=office, police_station=station
    )
    grids = []
    for g in range(grid_count):
        grid = Grid.objects.create(code=f"g{g}", name=f"网格{g}", community=community)
        worker = User.objects.create(username=f"w{g}", role="grid_worker", unit=office)
        grid.workers.add(worker)
        grids.append(grid.pk)
    phones = [f"13{i // 100_000_000 % 10}{i % 100_000_000:08d}" for i in range(n)]
    key = crypto.keyring().data_keys[0]
    del key  # the keyring is loaded once; ciphers below are real encryptions
    started = time.monotonic()
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor().copy(
            "COPY people_resident (name, id_cipher, id_index, id_mask, phone_cipher, "
            "phone_index, phone_mask, birth_date, gender, grid_id, tags, created_at, "
            "updated_at) FROM STDIN"
        ) as copy:
            for i, phone in enumerate(phones):
                copy.write_row(
                    (
                        f"居民{i}",
                        "x",
                        f"id{i}",
                        "3702**********0000",
                        "x",
                        crypto.blind_index(phone, purpose="phone"),
                        mask_phone(phone),
                        "1980-01-01",
                        "M",
                        grids[i % grid_count],
                        "",
                        "now()",
                        "now()",
                    )
                )
        log(f"  residents: {n} in {time.monotonic() - started:.1f} s")
        cursor.execute("SELECT id, grid_id, phone_index, phone_mask FROM people_resident")
        rows = cursor.fetchall()
        with raw.cursor().copy(
            "COPY registrations_registration (registrant_id, phone_cipher, phone_index, "
            "phone_mask, grid_id, community_id, station_id, tags, source, registered_at, "
            "family_count, created_at, updated_at) FROM STDIN"
        ) as copy:
            for pk, grid_id, index, mask in rows:
                copy.write_row(
                    (
                        pk,
                        "x",
                        index,
                        mask,
                        grid_id,
                        community.pk,
                        station.pk,
                        "",
                        "qr",
                        "now()",
                        0,
                        "now()",
                        "now()",
                    )
                )
        cursor.execute("ANALYZE")
    log(f"  registry: {n} registered phones in {time.monotonic() - started:.1f} s")
    return phones


def write_alerts(path: Path, phones: list[str], n: int, prefix: str) -> None:
    levels = ("high", "medium", "low")
    types = ("SDFL", "XJTZ", "MCGJF", "XJDK", "UNKNOWN")
    with path.open("w") as handle:
        for i in range(n):
            phone = phones[i] if i % 10 else f"150{i % 100_000_000:08d}"
            handle.write(
                json.dumps(
                    {
                        "source": "national",
                        "source_ref": f"{prefix}-{i}",
                        "level": levels[i % 3],
                        "target_phone": phone,
                        "contact": f"170{i % 100_000_000:08d}",
                        "fraud_type": types[i % 5],
                        "contacted_at": "2021-05-27T09:30:00+08:00",
                    }
                )
                + "\n"
            )


def quiesce(*tables: str) -> None:
    """Same starting point for each timed phase: the registry and earlier phases written out
    (CHECKPOINT) and vacuumed, so neither phase pays for the other's background work."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        cursor.execute("CHECKPOINT")


def _tree_memory_mb(pid: int) -> tuple[float, float]:
    """A process and all its descendants (Linux /proc): the largest peak RSS of any of them
    (VmHWM) and their memory together (proportional set size, so the pages a forked reader
    still shares with its parent count once), in MB."""
    largest, together, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                largest = max(largest, int(line.split()[1]))
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                together += int(line.split()[1])
        todo.extend(int(c) for c in children)
    return largest / 1024, together / 1024


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc), or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


class CpuMeter:
    """CPU time of a process tree and of the PostgreSQL backends serving this database (the
    server runs on this machine), sampled every 0.1 s, the last sample of each process kept.
    On a machine shared with other work, CPU seconds per alert compare runs where wall-clock
    rates do not."""

    def __init__(self) -> None:
        self.python: dict[int, float] = {}
        self.postgres: dict[int, float] = {}

    def sample(self, root: int | None, conn: Any) -> None:
        if root is not None:
            for pid in _tree(root):
                seconds = _cpu_seconds(pid)
                if seconds is not None:
                    self.python[pid] = seconds
        for (pid,) in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall():
            seconds = _cpu_seconds(pid)
            if seconds is not None:
                self.postgres[pid] = seconds

    def per_item_us(self, n: int, before: dict[int, float] | None = None) -> dict[str, float]:
        base = before or {}
        postgres = sum(v - base.get(pid, 0.0) for pid, v in self.postgres.items())
        return {
            "python": round(sum(self.python.values()) / n * 1e6, 1),
            "postgres": round(postgres / n * 1e6, 1),
        }


def run_import(path: Path) -> tuple[float, float, float, dict, dict]:
    """Seconds, peak RSS of the largest import process, peak memory of all of them together,
    both sampled every 0.1 s, the importer's JSON report and CPU microseconds per line of the
    import processes and of their PostgreSQL backends. (Not getrusage: a child's ru_maxrss
    counts this process's memory, borrowed between fork and exec.)"""
    import psycopg

    quiesce("people_resident", "registrations_registration")
    meter = CpuMeter()
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        # Backends already there (this process's own, which built the registry) count only
        # from here on.
        meter.sample(None, conn)
    before = dict(meter.postgres)
    started = time.monotonic()
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "fanzha"), "alerts", "import", str(path), "--json"],
        env=os.environ.copy(),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    peak, peak_total = 0.0, 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_total
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            while not done.wait(0.1):
                largest, together = _tree_memory_mb(proc.pid)
                peak, peak_total = max(peak, largest), max(peak_total, together)
                meter.sample(proc.pid, conn)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"import failed: {err.decode()[-2000:]}")
    report = json.loads(out.decode().strip().splitlines()[-1])
    return seconds, peak, peak_total, report, meter.per_item_us(report["lines"], before)


# The rows of one alert in each table, lined up by the alert's id (one task and one warning per
# alert), so that the k-th chunk of each table belongs to the same alerts.
_FLOOR_TABLES = {
    "alerts_alert": "id",
    "alerts_task": "alert_id",
    "notifications_notification": "split_part(ref, ':', 2)::bigint",
}


def store_floor(scratch: Path, n: int) -> tuple[float, float]:
    """The database's own floor for the import: the rows the import stored (alerts, tasks,
    warnings, all columns as stored) written again into the same, emptied tables by plain COPY,
    in the import's chunks (FANZHA_ALERT_IMPORT_CHUNK alerts a transaction) on as many
    connections as it stores on (FANZHA_ALERT_IMPORT_WRITERS). No parsing, sealing, dedup or
    routing is left, only PostgreSQL writing the rows, their indexes and their reference checks:
    no importer of these rows can be faster on this machine. Alerts/s, and the backends' CPU
    microseconds per alert. The tables hold the same rows afterwards."""
    import psycopg
    from django.conf import settings
    from django.db import connection

    size = settings.FANZHA_ALERT_IMPORT_CHUNK
    writers = settings.FANZHA_ALERT_IMPORT_WRITERS
    url = os.environ["DATABASE_URL"]
    files: dict[str, tuple[Path, str, list[int]]] = {}
    with psycopg.connect(url) as conn:
        for table, order in _FLOOR_TABLES.items():
            columns = ", ".join(
                name
                for (name,) in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                    "ORDER BY ordinal_position",
                    (table,),
                )
            )
            path = scratch / f"floor-{table}.copy"
            offsets = [0]  # where each chunk starts in the file
            with (
                path.open("wb") as out,
                conn.cursor().copy(
                    f"COPY (SELECT {columns} FROM {table} ORDER BY {order}) TO STDOUT"  # noqa: S608
                ) as copy,
            ):
                for data in copy:
                    out.write(data)
            with path.open("rb") as handle:
                for i, _ in enumerate(handle, 1):
                    if i % size == 0:
                        offsets.append(handle.tell())
            if offsets[-1] == path.stat().st_size:
                offsets.pop()  # the file ended with a whole chunk
            files[table] = (path, columns, offsets)
        conn.execute(f"TRUNCATE {', '.join(_FLOOR_TABLES)} CASCADE")
    quiesce("people_resident", "registrations_registration")
    chunks = list(range(len(files["alerts_alert"][2])))
    lock = threading.Lock()
    cpu: list[float] = []
    failures: list[BaseException] = []

    def work() -> None:
        try:
            with psycopg.connect(url) as conn:
                (backend,) = conn.execute("SELECT pg_backend_pid()").fetchone() or (0,)
                conn.commit()
                before = _cpu_seconds(backend) or 0.0
                while True:
                    with lock:
                        if not chunks:
                            break
                        k = chunks.pop(0)
                    for table, (path, columns, offsets) in files.items():
                        with path.open("rb") as handle:
                            handle.seek(offsets[k])
                            end = offsets[k + 1] if k + 1 < len(offsets) else None
                            data = handle.read(None if end is None else end - offsets[k])
                        with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                            copy.write(data)
                    conn.commit()
                cpu.append((_cpu_seconds(backend) or before) - before)
        except BaseException as exc:  # noqa: BLE001 - raised below
            failures.append(exc)

    started = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    if failures:
        raise failures[0]
    for path, _, _ in files.values():
        path.unlink()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM alerts_task")
        (tasks,) = cursor.fetchone()
    assert tasks == n, (tasks, n)
    return n / seconds, round(sum(cpu) / n * 1e6, 1)


def copy_alerts(path: Path, n: int) -> tuple[float, float]:
    """A plain COPY of the same alert rows (sealed the same way) into alerts_alert: rows/s,
    and the backend's CPU microseconds per row."""
    from django.db import connection

    from fanzha.alerts.intake import parse_item

    buffer = io.StringIO()
    rows = []
    with path.open() as handle:
        for i, line in enumerate(handle):
            item = json.loads(line)
            item["source_ref"] = "copy-" + item["source_ref"]
            p = parse_item(i, item, None, None)
            assert not isinstance(p, list)
            rows.append(
                (
                    p.source,
                    p.source_ref,
                    p.level,
                    p.phone_cipher,
                    p.phone_index,
                    p.phone_mask,
                    p.contact_kind,
                    p.contact,
                    p.fraud_type,
                    p.contacted_at.isoformat() if p.contacted_at else None,
                    "now()",
                    p.payload,
                    "now()",
                    "now()",
                )
            )
    del buffer
    quiesce("alerts_alert", "alerts_task", "notifications_notification")
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
        cpu_before = _cpu_seconds(backend) or 0.0
        with cursor.connection.cursor().copy(
            "COPY alerts_alert (source, source_ref, level, target_phone_cipher, "
            "target_phone_index, target_phone_mask, contact_kind, contact, fraud_type, "
            "contacted_at, received_at, payload_cipher, created_at, updated_at) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        seconds = time.monotonic() - started
        cpu = (_cpu_seconds(backend) or cpu_before) - cpu_before
        cursor.execute("DELETE FROM alerts_alert WHERE source_ref LIKE 'copy-%%'")
    return n / seconds, round(cpu / n * 1e6, 1)


def http_latency(phones: list[str], key: str | None = None) -> dict:
    """gunicorn -w 2 on loopback: single alert POSTs one at a time, then HTTP_RATE a second
    for HTTP_SECONDS; latencies, statuses and the workers' CPU per request."""
    if key is None:
        from fanzha.accounts.models import ApiKey

        _, key = ApiKey.issue("bench", "alerts:ingest", source="national")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "fanzha.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
        ],
        env=os.environ.copy(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        lock = threading.Lock()

        def one(i: int) -> None:
            body = json.dumps(
                {
                    "source_ref": f"http-{i}",
                    "level": "high",
                    "target_phone": phones[i * 7 % len(phones)],
                }
            ).encode()
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/alerts",
                data=body,
                method="POST",
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
            )
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    status = response.status
                    response.read()
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError:
                status = 0  # timed out or refused: counted, and its time kept as a latency
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

        for i in range(20):  # warm both workers
            one(10_000_000 + i)
        latencies.clear()
        statuses.clear()
        # First one request at a time: the cost of a single POST on this machine, without
        # queueing behind other requests.
        for i in range(100):
            one(20_000_000 + i)
        latencies.sort()
        sequential = {
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
            "p99_ms": round(
                latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1
            ),
        }
        log(f"  HTTP one at a time: {sequential}")
        latencies.clear()
        statuses.clear()
        # The client's own garbage collections must not count as the server's latency: a full
        # collection walks this process's heap (Django, the registry's phone numbers) and paused
        # every request in flight by up to ~140 ms, which alone made the p99 (44-58 ms against
        # 18-21 ms with the heap frozen). Frozen objects are left out of collections; new ones
        # are still collected.
        gc.collect()
        gc.freeze()
        workers = [pid for pid in _tree(server.pid) if pid != server.pid]
        cpu_before = sum(_cpu_seconds(pid) or 0.0 for pid in workers)
        threads = []
        started = time.perf_counter()
        total = HTTP_RATE * HTTP_SECONDS
        for i in range(total):
            # Open-loop pacing: requests leave on schedule whether or not earlier ones returned.
            delay = started + i / HTTP_RATE - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            thread = threading.Thread(target=one, args=(i,))
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()
        cpu = sum(_cpu_seconds(pid) or 0.0 for pid in workers) - cpu_before
        latencies.sort()

        def pct(q: float) -> float:
            return latencies[min(len(latencies) - 1, int(len(latencies) * q))] * 1000

        return {
            "requests": len(latencies),
            "statuses": statuses,
            "p50_ms": round(pct(0.5), 1),
            "p99_ms": round(pct(0.99), 1),
            "max_ms": round(latencies[-1] * 1000, 1),
            "workers_cpu_ms_per_request": round(cpu / total * 1000, 2),
        }
    finally:
        import signal

        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    url, admin, scratch = setup()
    try:
        log(f"bench alerts: N={n}")
        phones = build_registry(n)
        path = scratch / "alerts.jsonl"
        write_alerts(path, phones, n, "bench")
        log(f"  file: {path.stat().st_size / 1e6:.0f} MB")
        load_before = os.getloadavg()
        seconds, peak_mb, peak_total_mb, report, import_cpu = run_import(path)
        alerts_per_s = n / seconds
        load_import = os.getloadavg()
        log(
            f"  import: {report} in {seconds:.1f} s = {alerts_per_s:,.0f} alerts/s, "
            f"peak RSS {peak_mb:.0f} MB per process, {peak_total_mb:.0f} MB together "
            f"(load {load_before[0]:.1f} -> {load_import[0]:.1f}); CPU per alert {import_cpu} us"
        )
        from fanzha.alerts.models import Alert, Task
        from fanzha.notifications.models import Notification

        counts = {
            "alerts": Alert.objects.count(),
            "tasks": Task.objects.count(),
            "routed": Task.objects.filter(grid__isnull=False).count(),
            "warnings": Notification.objects.count(),
        }
        log(f"  stored: {counts}")
        floor_rate, floor_cpu = store_floor(scratch, n)
        log(
            f"  floor (the stored rows COPYed again, import's chunks and connections): "
            f"{floor_rate:,.0f} alerts/s, backends' CPU {floor_cpu} us per alert "
            f"(load {os.getloadavg()[0]:.1f})"
        )
        copy_rate, copy_cpu = copy_alerts(path, n)
        load_copy = os.getloadavg()
        log(
            f"  COPY: {copy_rate:,.0f} rows/s, backend CPU {copy_cpu} us per row "
            f"(load {load_copy[0]:.1f})"
        )
        # The import and the COPY leave a million new rows behind: vacuum and checkpoint them
        # first, like before the other phases, so that autovacuum does not run during it.
        quiesce("alerts_alert", "alerts_task", "notifications_notification")
        http = http_latency(phones)
        log(f"  HTTP at {HTTP_RATE} req/s: {http}")
        print(
            json.dumps(
                {
                    "n": n,
                    "alerts_per_s": round(alerts_per_s),
                    "copy_rows_per_s": round(copy_rate),
                    "ratio": round(alerts_per_s / copy_rate, 3),
                    # What PostgreSQL alone achieves writing the same alerts, tasks and warnings
                    # (store_floor), and the import's share of it.
                    "store_floor_alerts_per_s": round(floor_rate),
                    "store_floor_backend_cpu_us_per_alert": floor_cpu,
                    "share_of_floor": round(alerts_per_s / floor_rate, 3),
                    # Load-independent: CPU microseconds per alert of the import processes and
                    # of their PostgreSQL backends, and of the COPY's backend per row.
                    "import_cpu_us_per_alert": import_cpu,
                    "copy_backend_cpu_us_per_row": copy_cpu,
                    "import_peak_rss_mb": round(peak_mb),
                    "import_peak_rss_total_mb": round(peak_total_mb),
                    "stored": counts,
                    "http_single_post": http,
                    "accept_to_task_and_outbox_p99_ms": http["p99_ms"],
                    "load_average": {
                        "before_import": round(load_before[0], 2),
                        "after_import": round(load_import[0], 2),
                        "after_copy": round(load_copy[0], 2),
                        "end": round(os.getloadavg()[0], 2),
                    },
                }
            )
        )
    finally:
        teardown(url, admin, scratch)


if __name__ == "__main__":
    main()
