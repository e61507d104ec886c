"""Benchmark: the server cost of one ``POST /api/v1/alerts`` with an ingest API key (PostgreSQL).

Builds a small registry (residents with registrations, as ``bench/alerts.py`` does), issues an
``alerts:ingest`` key bound to the national source, then:

1. in process, through Django's WSGI handler (what gunicorn calls), posts single alerts one at a
   time and measures per request: this process's CPU (``time.process_time``), the CPU of the
   PostgreSQL backend serving it (``/proc/<pid>/stat``), and the client/server round trips
   (libpq's protocol trace: each ``Query`` or ``Sync`` the client sends is one round trip), with
   the statements behind them; new alerts (201) and resent ones (200) separately;
2. optionally (``--http``) runs ``bench/alerts.py``'s HTTP phase (gunicorn with two workers on
   loopback; single alerts one at a time, then 100 requests/s for 20 s, open loop): p50/p99 and
   the workers' CPU per request.

Run:  .venv/bin/python bench/alert_post.py [--requests N] [--http] [--profile]
DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/bench_alert_post_<pid>; the
database is created and dropped at the end unless ``--keep``.
Prints phases, then one JSON line.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import alerts as alerts_bench  # noqa: E402 - bench/alerts.py, beside this file
from alerts import build_registry, log, teardown  # noqa: E402

REGISTERED = 10_000
GRIDS = 30


def _cpu_seconds(pid: int) -> float:
    return alerts_bench._cpu_seconds(pid) or 0.0


def _environ(body: bytes, key: str) -> dict[str, Any]:
    """What gunicorn hands Django for one POST."""
    return {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/api/v1/alerts",
        "QUERY_STRING": "",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_AUTHORIZATION": f"Bearer {key}",
        "HTTP_USER_AGENT": "Python-urllib/3.12",
        "HTTP_ACCEPT_ENCODING": "identity",
        "HTTP_CONNECTION": "close",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def _body(ref: str, phone: str) -> bytes:
    return json.dumps({"source_ref": ref, "level": "high", "target_phone": phone}).encode()


def _post(app: Any, body: bytes, key: str) -> tuple[int, bytes]:
    """One request through the WSGI handler, ending as gunicorn ends it (request_finished)."""
    answer: list[str] = []

    def start_response(status: str, headers: list, exc_info: Any = None) -> None:
        answer.append(status)

    chunks = app(_environ(body, key), start_response)
    try:
        content = b"".join(chunks)
    finally:
        chunks.close()
    return int(answer[0].split()[0]), content


# libpq trace lines: timestamp, direction (F: sent by the client), length, message, contents.
_TRACE_LINE = re.compile(r"^[^\t]*\tF\t\d+\t(Query|Parse|Sync)\t(.*)$")


def _round_trips(app: Any, key: str, body: bytes, scratch: Path) -> tuple[int, list[str], int]:
    """One request with libpq's protocol trace on: (round trips, statements, status)."""
    from django.db import connection

    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    path = scratch / "trace.txt"
    with path.open("w") as out:
        pgconn.trace(out.fileno())
        try:
            status, _ = _post(app, body, key)
        finally:
            pgconn.untrace()
    trips, statements = 0, []
    for line in path.read_text().splitlines():
        match = _TRACE_LINE.match(line)
        if not match:
            continue
        kind, rest = match.groups()
        if kind in ("Query", "Sync"):
            trips += 1
        if kind == "Query":
            statements.append(rest.strip()[:100])
        elif kind == "Parse":
            statements.append(rest.split('"', 2)[-1].strip()[:100])
    return trips, statements, status


def in_process(phones: list[str], key: str, n: int, scratch: Path, profile: bool) -> dict:
    """CPU per POST in this process and in its PostgreSQL backend, round trips per POST."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    app = WSGIHandler()
    for i in range(50):  # warm: imports, connection, gettext, plans
        _post(app, _body(f"warm-{i}", phones[i]), key)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    figures: dict[str, Any] = {}
    for label, refs in (
        ("created", [f"post-{i}" for i in range(n)]),
        ("duplicate", [f"post-{i}" for i in range(n)]),
    ):
        bodies = [_body(ref, phones[(i * 7) % len(phones)]) for i, ref in enumerate(refs)]
        statuses: Counter[int] = Counter()
        cpu0, pg0, wall0 = time.process_time(), _cpu_seconds(backend), time.perf_counter()
        for body in bodies:
            statuses[_post(app, body, key)[0]] += 1
        cpu1, pg1, wall1 = time.process_time(), _cpu_seconds(backend), time.perf_counter()
        trips, statements, _status = _round_trips(
            app,
            key,
            _body(refs[0] if label == "duplicate" else f"trace-{label}", phones[1]),
            scratch,
        )
        figures[label] = {
            "statuses": dict(statuses),
            "python_cpu_ms": round((cpu1 - cpu0) / n * 1000, 3),
            "postgres_cpu_ms": round((pg1 - pg0) / n * 1000, 3),
            "wall_ms": round((wall1 - wall0) / n * 1000, 3),
            "round_trips": trips,
        }
        log(f"  {label}: {figures[label]}")
        for statement in statements:
            log(f"      {statement}")
    if profile:
        import cProfile
        import pstats

        # This process's CPU time, not wall time: waiting for PostgreSQL is not Python's cost.
        profiler = cProfile.Profile(time.process_time)
        bodies = [_body(f"prof-{i}", phones[i]) for i in range(n)]
        profiler.enable()
        for body in bodies:
            _post(app, body, key)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--http", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    url, admin, scratch = alerts_bench.setup("bench_alert_post")
    try:
        phones = build_registry(REGISTERED, GRIDS)
        from fanzha.accounts.models import ApiKey

        _, key = ApiKey.issue("bench", "alerts:ingest", source="national")
        log(f"bench alert_post: {args.requests} requests each, {REGISTERED} registered phones")
        result: dict[str, Any] = {
            "in_process": in_process(phones, key, args.requests, scratch, args.profile)
        }
        if args.http:
            from django.db import connections

            connections.close_all()
            result["http"] = alerts_bench.http_latency(phones, key)
            log(f"  HTTP at {alerts_bench.HTTP_RATE} req/s: {result['http']}")
        print(json.dumps(result))
    finally:
        if args.keep:
            log(f"  kept: {url} (keys in {scratch})")
        else:
            teardown(url, admin, scratch)


if __name__ == "__main__":
    main()
