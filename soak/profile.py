"""Where a soak request's CPU goes, without gunicorn: the soak's request mix sent through
Django's WSGI handler in this process, with CPU time and SQL statements counted per path.

    FANZHA_MODE=dev FANZHA_DEBUG=0 DATABASE_URL=... .venv/bin/python -m soak.profile \\
        KEY SESSIONS PHONES [--requests N] [--cprofile FILE] [--only PATH]

KEY, SESSIONS and PHONES are what the soak's seed prints (an ingest key, comma-separated session
keys, comma-separated phones). A developer's tool: the figures compare before and after a change.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import sys
import time
from collections import defaultdict
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("key")
    parser.add_argument("sessions")
    parser.add_argument("phones")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--cprofile", default="")
    parser.add_argument("--only", default="")
    parser.add_argument("--sql", action="store_true", help="print one request's SQL per kind")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from soak.load import READS, WRITE_SHARE

    handler = WSGIHandler()
    sessions = args.sessions.split(",")
    phones = args.phones.split(",")
    statements: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    def environ(n: int) -> tuple[str, dict[str, Any]]:
        write = (n * 7919) % 100 < WRITE_SHARE
        env: dict[str, Any] = {
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "QUERY_STRING": "",
        }
        if write:
            body = json.dumps(
                {
                    "source_ref": f"profile-{time.time_ns()}-{n}",
                    "level": "high",
                    "target_phone": phones[n % len(phones)],
                    "contact": "+8617000000000",
                    "fraud_type": "SDFL",
                }
            ).encode()
            env.update(
                REQUEST_METHOD="POST",
                PATH_INFO="/api/v1/alerts",
                CONTENT_TYPE="application/json",
                CONTENT_LENGTH=str(len(body)),
                HTTP_AUTHORIZATION=f"Bearer {args.key}",
            )
            env["wsgi.input"] = io.BytesIO(body)
            return "POST /api/v1/alerts", env
        path = READS[n % len(READS)]
        env.update(REQUEST_METHOD="GET", PATH_INFO=path, CONTENT_LENGTH="0")
        env["wsgi.input"] = io.BytesIO(b"")
        if path != "/health/":
            env["HTTP_COOKIE"] = f"sessionid={sessions[(n // len(READS)) % len(sessions)]}"
        return f"GET {path}", env

    cpu: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    queries: dict[str, int] = defaultdict(int)
    statuses: dict[str, set[int]] = defaultdict(set)

    shown: set[str] = set()

    def run(n: int) -> None:
        name, env = environ(n)
        if args.only and args.only not in name:
            return
        status: list[str] = []
        statements.clear()
        began = time.process_time()
        with connection.execute_wrapper(count):
            body = handler(env, lambda s, h, *a: status.append(s))
            b"".join(body)
            if hasattr(body, "close"):
                body.close()
        cpu[name] += time.process_time() - began
        calls[name] += 1
        queries[name] += len(statements)
        statuses[name].add(int(status[0].split()[0]))
        if args.sql and name not in shown:
            shown.add(name)
            print(f"--- {name}: {status[0]}")
            for sql in statements:
                print("   ", sql[:160])

    for n in range(50):  # warm up: imports, template and URL caches, connections
        run(n)
    cpu.clear(), calls.clear(), queries.clear()
    profile = cProfile.Profile(time.process_time) if args.cprofile else None
    if profile:
        profile.enable()
    for n in range(50, 50 + args.requests):
        run(n)
    if profile:
        profile.disable()
        profile.dump_stats(args.cprofile)
    total = sum(cpu.values())
    done = sum(calls.values())
    for name in sorted(cpu):
        print(
            f"{name:36} {calls[name]:5} requests {1000 * cpu[name] / calls[name]:6.2f} ms CPU "
            f"{queries[name] / calls[name]:5.1f} SQL statements, status {sorted(statuses[name])}"
        )
    print(f"{'all':36} {done:5} requests {1000 * total / max(done, 1):6.2f} ms CPU")


if __name__ == "__main__":
    main()
