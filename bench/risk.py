"""Benchmark: risk lookup among 1,000,000 indicators (issue 4).

Targets: at least 5,000 lookups/s in one process through ``fanzha.indicators.lookup.risk``, and
``GET /api/v1/risk`` p99 under 20 ms on loopback (a real gunicorn process, a real API key).

Runs on PostgreSQL: ``DATABASE_URL`` names a base database (default
``postgres://postgres@127.0.0.1:5432/bench_risk``); the script creates ``test_<name>`` beside it,
migrates, loads the rows with COPY, measures, and drops it again. Prints a final JSON line.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_risk")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
os.environ.setdefault("FANZHA_MODE", "test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

N_INDICATORS = int(os.environ.get("BENCH_INDICATORS", "1000000"))
N_LOOKUPS = int(os.environ.get("BENCH_LOOKUPS", "50000"))
N_REQUESTS = int(os.environ.get("BENCH_REQUESTS", "3000"))
KINDS = ["wechat", "qq", "phone", "url", "bank_account", "alipay"]


def value_for(kind: str, i: int) -> str:
    """The normalised value of the i-th synthetic indicator of a kind."""
    if kind == "wechat":
        return f"wxid_bench{i:08d}"
    if kind == "qq":
        return str(10_000_000 + i)
    if kind == "phone":
        return f"+86170{i:08d}"
    if kind == "url":
        return f"bench{i}.example.cn/pay"
    if kind == "bank_account":
        return f"6222{i:012d}"
    return f"bench{i}@example.com"


def load(n: int) -> float:
    """COPY n indicators into the table; returns seconds."""
    from fanzha.indicators.models import Indicator

    table = Indicator._meta.db_table
    started = time.perf_counter()
    columns = (
        "kind, value, raw_value, status, fraud_type, platform, platform_ref, ban_term, "
        "banned_at, reason, sightings_count, note, created_at, updated_at, first_seen_at, "
        "last_seen_at"
    )
    with connection.cursor() as cursor:
        raw = cursor.connection  # psycopg 3 connection
        with raw.cursor() as c, c.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for i in range(n):
                kind = KINDS[i % len(KINDS)]
                banned = i % 3 == 0
                stamp = "2021-05-01 08:00:00+00"
                copy.write_row(
                    (
                        kind,
                        value_for(kind, i),
                        value_for(kind, i),
                        "banned" if banned else ("verified" if i % 3 == 1 else "pending"),
                        "",
                        "",
                        "",
                        "permanent" if banned else "",
                        stamp if banned else None,
                        "",
                        1 + i % 4,
                        "",
                        stamp,
                        stamp,
                        stamp,
                        stamp,
                    )
                )
        cursor.execute(f"ANALYZE {table}")
    return time.perf_counter() - started


def warm_cache() -> float:
    """Read the whole (kind, value) index and the table once, as a server that has been
    answering lookups would hold them in memory. Returns seconds."""
    from fanzha.indicators.models import Indicator

    table = Indicator._meta.db_table
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            f"SELECT count(*), sum(sightings_count) FROM (SELECT kind, value, sightings_count "  # noqa: S608
            f"FROM {table} ORDER BY kind, value) s"
        )
        cursor.execute("SET enable_seqscan = on")
    return time.perf_counter() - started


def in_process(n: int) -> dict:
    from fanzha.indicators.lookup import risk

    rng = random.Random(4)
    queries = []
    for _ in range(n):
        i = rng.randrange(N_INDICATORS * 2)  # about half are misses
        kind = KINDS[i % len(KINDS)]
        queries.append((kind, value_for(kind, i)))
    for kind, value in queries[:500]:  # warm up
        risk(kind, value)
    started = time.perf_counter()
    levels: dict[str, int] = {}
    for kind, value in queries:
        answer = risk(kind, value)
        levels[answer.level] = levels.get(answer.level, 0) + 1
    elapsed = time.perf_counter() - started
    return {
        "lookups": n,
        "seconds": round(elapsed, 3),
        "per_second": round(n / elapsed),
        "levels": levels,
    }


def roundtrip_floor(n: int) -> dict:
    """The same connection answering ``SELECT 1``: what one database round trip costs on this
    machine right now (the ceiling for any one-query-per-lookup design)."""
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        started = time.perf_counter()
        for _ in range(n):
            cursor.execute("SELECT 1", prepare=True)
            cursor.fetchall()
        elapsed = time.perf_counter() - started
    return {"queries": n, "per_second": round(n / elapsed)}


def threaded(n: int, threads: int) -> dict:
    """The same lookups from several threads of this one process (one connection each)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from fanzha.indicators.lookup import risk

    rng = random.Random(6)
    queries = []
    for _ in range(n):
        i = rng.randrange(N_INDICATORS * 2)
        kind = KINDS[i % len(KINDS)]
        queries.append((kind, value_for(kind, i)))
    chunks = [queries[t::threads] for t in range(threads)]

    def work(chunk: list[tuple[str, str]]) -> int:
        try:
            for kind, value in chunk:
                risk(kind, value)
            return len(chunk)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, [c[:50] for c in chunks]))  # warm up each thread's connection
        started = time.perf_counter()
        done = sum(pool.map(work, chunks))
        elapsed = time.perf_counter() - started
    return {
        "threads": threads,
        "lookups": done,
        "seconds": round(elapsed, 3),
        "per_second": round(done / elapsed),
    }


def batched(n: int, size: int) -> dict:
    from fanzha.indicators.lookup import risk_many

    rng = random.Random(7)
    queries = []
    for _ in range(n):
        i = rng.randrange(N_INDICATORS * 2)
        kind = KINDS[i % len(KINDS)]
        queries.append((kind, value_for(kind, i)))
    started = time.perf_counter()
    for start in range(0, n, size):
        risk_many(queries[start : start + size])
    elapsed = time.perf_counter() - started
    return {
        "batch": size,
        "lookups": n,
        "seconds": round(elapsed, 3),
        "per_second": round(n / elapsed),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def over_http(key: str, db_name: str) -> dict:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{db_name}",
        "FANZHA_MODE": "dev",
        "FANZHA_DEBUG": "0",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "fanzha.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        rng = random.Random(5)
        headers = {"Authorization": f"Bearer {key}"}
        # The first request imports every app's URLs and views: give it time on a busy machine.
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
        warm.request("GET", "/api/v1/risk?kind=qq&value=10000001", headers=headers)
        first = warm.getresponse()
        first.read()
        warm.close()
        if first.status != 200:
            raise RuntimeError(f"warm-up request answered {first.status}")
        latencies = []
        statuses: dict[int, int] = {}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for n in range(N_REQUESTS + 100):
            i = rng.randrange(N_INDICATORS * 2)
            kind = KINDS[i % len(KINDS)]
            path = f"/api/v1/risk?kind={kind}&value={value_for(kind, i)}"
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (http.client.HTTPException, OSError):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            if n >= 100:  # the first requests warm the worker up
                latencies.append(elapsed)
                statuses[response.status] = statuses.get(response.status, 0) + 1
        latencies.sort()
        return {
            "requests": len(latencies),
            "statuses": statuses,
            "p50_ms": round(statistics.median(latencies), 2),
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 2),
            "max_ms": round(latencies[-1], 2),
        }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def main() -> None:
    from fanzha.accounts.models import ApiKey

    creation = connection.creation
    db_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        load_seconds = load(N_INDICATORS)
        warm_seconds = warm_cache()
        _, key = ApiKey.issue("bench", "risk:read")
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN SELECT status FROM indicators_indicator "
                "WHERE kind = %s AND value IN (%s, %s)",
                ["qq", "1", "2"],
            )
            plan = " ".join(row[0] for row in cursor.fetchall())
        floor = roundtrip_floor(min(N_LOOKUPS, 5000))
        local = in_process(N_LOOKUPS)
        load_average = os.getloadavg()
        pooled = threaded(N_LOOKUPS, int(os.environ.get("BENCH_THREADS", "4")))
        batch = batched(N_LOOKUPS, 500)
        connection.close()
        http_result = over_http(key, db_name)
        result = {
            "benchmark": "risk",
            "indicators": N_INDICATORS,
            "load_seconds": round(load_seconds, 1),
            "warm_seconds": round(warm_seconds, 1),
            "index_used": "Index" in plan,
            "load_average": [round(x, 1) for x in load_average],
            "select_1_floor": floor,
            "in_process": local,
            "in_process_threads": pooled,
            "in_process_batched": batch,
            "api": http_result,
            "targets": {"lookups_per_second": 5000, "api_p99_ms": 20},
            "ok": max(local["per_second"], pooled["per_second"]) >= 5000
            and http_result["p99_ms"] < 20,
        }
        # The figures first: dropping the database can wait on other sessions of the server.
        print(json.dumps(result, ensure_ascii=False), flush=True)
    finally:
        connection.close()
        creation.destroy_test_db(db_name, verbosity=0)


if __name__ == "__main__":
    main()
