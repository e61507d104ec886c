"""Benchmark: the audit log's pages and API at millions of rows (PostgreSQL).

Fills ``audit_accessrecord`` and ``audit_changerecord`` with ROWS rows each (default 5,000,000)
by ``INSERT … SELECT generate_series`` (a year of rows, 40 users, 200,000 records), ANALYZEs,
then times, as the district administrator through Django's test client (the whole view: query,
template, response):

- the first page of each log and of each API route;
- a deep page (a cursor 90% of the way back: keyset pages cost the same at any depth);
- filtered pages: by user, by record (type + id), by kind/action, by "whose" prefix, by a
  date range a month back, and a user + date range together.

Each page reports wall-clock p50/p95, the p95 of the CPU this process spent on the request and
of its time in the database (the part that grows with the log; the rest is the same at any size).

Target: p95 < 100 ms for every page. Run:  .venv/bin/python bench/audit.py [ROWS] [REQUESTS]
(DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/bench_audit_<pid>; the database
is created and dropped, and shared names are refused.) Prints one JSON line last.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import time
from typing import Any

from import_residents import drop_database, setup

TARGET_P95_MS = 100.0
USERS = 40
RECORDS = 200_000
SPAN_SECONDS = 365 * 24 * 3600


def fill(rows: int) -> dict[str, float]:
    """Insert ``rows`` rows into each log, oldest first (ids grow with time, as in life)."""
    from django.db import connection

    from fanzha.accounts.choices import Role
    from fanzha.accounts.models import User
    from fanzha.audit.models import AccessRecord, ChangeRecord

    admin = User.objects.create(username="admin", role=Role.ADMIN, display_name="admin")
    users = [admin.pk] + [
        User.objects.create(username=f"officer-{i}", role=Role.LEADER, display_name=f"o{i}").pk
        for i in range(USERS - 1)
    ]
    step = SPAN_SECONDS / rows
    seconds: dict[str, float] = {}
    # Bulk load without the secondary indexes, then build them (much faster than updating five
    # indexes row by row); the time to build them is reported too.
    with connection.schema_editor() as editor:
        for model in (AccessRecord, ChangeRecord):
            for index in model._meta.indexes:
                editor.remove_index(model, index)
    with connection.cursor() as cur:
        started = time.perf_counter()
        cur.execute(
            f"""
            INSERT INTO {AccessRecord._meta.db_table}
                (time, user_id, kind, model, object_id, subject, field, reason, detail)
            SELECT now() - make_interval(secs => (%s - g) * %s),
                   (%s::bigint[])[1 + g %% {USERS}],
                   (ARRAY['reveal', 'reveal', 'reveal', 'export', 'override'])[1 + g %% 5],
                   'people.resident', (g %% {RECORDS})::text,
                   (ARRAY['张', '李', '王', '赵', '刘'])[1 + g %% 5] || (g %% {RECORDS})::text,
                   'phone', '核查预警线索', '{{}}'::jsonb
            FROM generate_series(1, %s) AS g
            """,  # noqa: S608 (table names from the models, values as parameters)
            [rows, step, users, rows],
        )
        seconds["access_insert_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        cur.execute(
            f"""
            INSERT INTO {ChangeRecord._meta.db_table}
                (time, user_id, action, model, object_id, object_repr, before, after)
            SELECT now() - make_interval(secs => (%s - g) * %s),
                   (%s::bigint[])[1 + g %% {USERS}],
                   (ARRAY['update', 'update', 'update', 'update', 'create', 'create', 'create',
                          'create', 'create', 'delete'])[1 + g %% 10],
                   (ARRAY['people.resident', 'alerts.alert', 'cases.case', 'places.place'])
                       [1 + g %% 4],
                   (g %% {RECORDS})::text, '记录 ' || (g %% {RECORDS})::text,
                   jsonb_build_object('status', 'open'), jsonb_build_object('status', 'closed')
            FROM generate_series(1, %s) AS g
            """,  # noqa: S608 (table names from the models, values as parameters)
            [rows, step, users, rows],
        )
        seconds["change_insert_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        with connection.schema_editor() as editor:
            for model in (AccessRecord, ChangeRecord):
                for index in model._meta.indexes:
                    editor.add_index(model, index)
        seconds["index_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        cur.execute(f"ANALYZE {AccessRecord._meta.db_table}")
        cur.execute(f"ANALYZE {ChangeRecord._meta.db_table}")
        seconds["analyze_s"] = round(time.perf_counter() - started, 1)
    return seconds


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def deep_cursor(model: Any, rows: int) -> str:
    """The cursor of the row 90% of the way back from the newest."""
    from fanzha.audit.paging import Cursor

    row = model.objects.order_by("-time", "-pk").only("time")[int(rows * 0.9) : int(rows * 0.9) + 1]
    return Cursor.of(row.get()).token()


def pages(rows: int) -> dict[str, str]:
    from datetime import timedelta

    from django.utils import timezone

    from fanzha.audit.models import AccessRecord, ChangeRecord

    month_back = timezone.localdate() - timedelta(days=60)
    span = f"since={month_back}&until={month_back + timedelta(days=30)}"
    deep_access, deep_change = deep_cursor(AccessRecord, rows), deep_cursor(ChangeRecord, rows)
    return {
        "access_first": "/audit/access/",
        "access_deep": f"/audit/access/?older={deep_access}",
        "access_user": "/audit/access/?user=officer-7",
        "access_object": "/audit/access/?model=people.resident&object_id=4242",
        "access_kind": "/audit/access/?kind=override",
        "access_subject": "/audit/access/?subject=王1234",
        "access_dates": f"/audit/access/?{span}",
        "access_user_dates": f"/audit/access/?user=officer-7&{span}",
        "changes_first": "/audit/changes/",
        "changes_deep": f"/audit/changes/?older={deep_change}",
        "changes_user": "/audit/changes/?user=officer-7",
        "changes_object": "/audit/changes/?model=cases.case&object_id=4242",
        "changes_model": "/audit/changes/?model=places.place",
        "changes_action": "/audit/changes/?action=delete",
        "changes_dates": f"/audit/changes/?{span}",
        "api_access_first": "/api/v1/audit/access",
        "api_access_deep": f"/api/v1/audit/access?after={deep_access}",
        "api_access_user": "/api/v1/audit/access?user=officer-7",
        "api_changes_first": "/api/v1/audit/changes",
        "api_changes_deep": f"/api/v1/audit/changes?after={deep_change}",
        "api_changes_object": "/api/v1/audit/changes?model=cases.case&object_id=4242",
    }


def measure(urls: dict[str, str], requests: int) -> dict[str, dict[str, float]]:
    from django.db import connection
    from django.test import Client

    from fanzha.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="admin"))
    out = {}
    sql: list[float] = []

    def timed(execute: Any, sql_text: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            sql[-1] += (time.perf_counter() - started) * 1000

    for name, url in urls.items():
        response = client.get(url)  # warm: plans and the template cache
        assert response.status_code == 200, (url, response.status_code)
        wall, cpu = [], []
        sql.clear()
        with connection.execute_wrapper(timed):
            for _ in range(requests):
                sql.append(0.0)
                started, cpu_started = time.perf_counter(), time.process_time()
                client.get(url)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
        out[name] = {
            "p50_ms": round(statistics.median(wall), 1),
            "p95_ms": round(percentile(wall, 0.95), 1),
            # What the request cost this process in CPU (on a busy machine the wall clock
            # mostly measures waiting for a core), and its time in the database.
            "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
            "sql_p95_ms": round(percentile(sql, 0.95), 1),
        }
        print(
            f"{name:20} p50 {out[name]['p50_ms']:7.1f} ms  p95 {out[name]['p95_ms']:7.1f} ms  "
            f"cpu p95 {out[name]['cpu_p95_ms']:6.1f} ms  sql p95 {out[name]['sql_p95_ms']:6.1f} ms",
            flush=True,
        )
    return out


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    os.environ.setdefault("FANZHA_LOG_LEVEL", "WARNING")
    url, scratch = setup("bench_audit")
    try:
        loaded = fill(rows)
        print(f"loaded {rows:,} rows per log: {loaded}", flush=True)
        results = measure(pages(rows), requests)
        worst = max(r["p95_ms"] for r in results.values())
        worst_cpu = max(r["cpu_p95_ms"] for r in results.values())
        worst_sql = max(r["sql_p95_ms"] for r in results.values())
        summary = {
            "bench": "audit",
            "rows_per_log": rows,
            "requests_per_page": requests,
            **loaded,
            "pages": results,
            "worst_p95_ms": worst,
            "worst_cpu_p95_ms": worst_cpu,
            "worst_sql_p95_ms": worst_sql,
            "target_p95_ms": TARGET_P95_MS,
            "ok": worst < TARGET_P95_MS,
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        print(json.dumps(summary, ensure_ascii=False))
        return 0 if summary["ok"] else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
