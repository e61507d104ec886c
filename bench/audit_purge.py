"""Benchmark: the retention purge of a year's expired audit rows (PostgreSQL).

Fills ``audit_accessrecord`` with EXPIRED rows past FANZHA_AUDIT_RETENTION_DAYS and KEPT recent
ones (``INSERT … SELECT generate_series``, indexes built after, ANALYZE), then times
``fanzha.core.retention.purge()`` — the daily job — deleting the expired ones. Reported: rows
per second (wall clock), the CPU this process spent (what a busy machine cannot blur: the
database's own work runs in the server), and the queries per batch of ``retention.BATCH``.

For comparison it then purges SAMPLE further expired rows the way it went before the audit
trail listened to its logged models only: with a ``post_delete`` receiver for every model,
Django's deletion collector loads every row it deletes (``Collector.can_fast_delete`` fails).

Run:  .venv/bin/python bench/audit_purge.py [EXPIRED] [KEPT] [SAMPLE]
(defaults 1,000,000, 200,000, 100,000; DATABASE_URL defaults to a database of its own, created
and dropped.) Prints one JSON line last.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import time
from typing import Any

from import_residents import drop_database, setup

DAYS = 180


def fill(expired: int, kept: int) -> float:
    """``expired`` rows 181–545 days old and ``kept`` rows of the last 180 days, oldest first."""
    from django.db import connection

    from fanzha.audit.models import AccessRecord

    table = AccessRecord._meta.db_table
    started = time.perf_counter()
    with connection.schema_editor() as editor:
        for index in AccessRecord._meta.indexes:
            editor.remove_index(AccessRecord, index)
    with connection.cursor() as cur:
        for rows, oldest, newest in ((expired, 545, DAYS + 1), (kept, DAYS - 1, 0)):
            step = (oldest - newest) * 86400 / max(rows, 1)
            cur.execute(
                f"""
                INSERT INTO {table} (time, kind, model, object_id, subject, field, reason, detail)
                SELECT now() - make_interval(secs => %s + (%s - g) * %s),
                       (ARRAY['reveal', 'reveal', 'reveal', 'export', 'override'])[1 + g %% 5],
                       'people.resident', (g %% 200000)::text,
                       (ARRAY['张', '李', '王', '赵', '刘'])[1 + g %% 5] || (g %% 200000)::text,
                       'phone', '核查预警线索', '{{}}'::jsonb
                FROM generate_series(1, %s) AS g
                """,  # noqa: S608 (the table name from the model, values as parameters)
                [newest * 86400, rows, step, rows],
            )
    with connection.schema_editor() as editor:
        for index in AccessRecord._meta.indexes:
            editor.add_index(AccessRecord, index)
    with connection.cursor() as cur:
        cur.execute(f"VACUUM ANALYZE {table}")
    return round(time.perf_counter() - started, 1)


def timed_purge() -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection

    from fanzha.core import retention

    settings.FANZHA_AUDIT_RETENTION_DAYS = DAYS
    queries = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries[0] += 1
        return execute(sql, params, many, context)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        deleted = retention.purge()
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    batches = -(-deleted // retention.BATCH) if deleted else 0
    return {
        "deleted": deleted,
        "wall_s": round(wall, 1),
        "rows_per_s": round(deleted / wall) if wall else None,
        "cpu_s": round(cpu, 1),
        "cpu_us_per_row": round(cpu / deleted * 1e6, 1) if deleted else None,
        "queries": queries[0],
        "queries_per_batch": round(queries[0] / batches, 2) if batches else None,
        "max_rss_growth_mb": round(
            (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1
        ),
    }


def main() -> int:
    expired = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    kept = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
    sample = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    os.environ.setdefault("FANZHA_LOG_LEVEL", "WARNING")
    url, scratch = setup("bench_audit_purge")
    try:
        from django.db.models.signals import post_delete

        from fanzha.audit.models import AccessRecord

        fill_s = fill(expired, kept)
        print(f"loaded {expired:,} expired + {kept:,} kept rows in {fill_s} s", flush=True)
        load_before = [round(x, 2) for x in os.getloadavg()]
        fast = timed_purge()
        print(f"purge (fast delete): {fast}", flush=True)
        assert AccessRecord.objects.count() == kept, "the purge must keep the recent rows"

        # The way it went before: a receiver for every model's post_delete.
        def everyone(sender: Any, **kwargs: Any) -> None:
            pass

        fill(sample, 0)
        post_delete.connect(everyone, dispatch_uid="bench_every_model")
        try:
            slow = timed_purge()
        finally:
            post_delete.disconnect(dispatch_uid="bench_every_model")
        print(f"purge (rows loaded, as before): {slow}", flush=True)
        summary = {
            "bench": "audit_purge",
            "expired_rows": expired,
            "kept_rows": kept,
            "batch": __import__("fanzha.core.retention", fromlist=["BATCH"]).BATCH,
            "fill_s": fill_s,
            "fast": fast,
            "before_sample": slow,
            "cpu_speedup": round(slow["cpu_us_per_row"] / fast["cpu_us_per_row"], 1)
            if fast["cpu_us_per_row"] and slow["cpu_us_per_row"]
            else None,
            "load_average_before": load_before,
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        }
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
