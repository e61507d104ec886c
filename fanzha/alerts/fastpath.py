"""PostgreSQL fast path for intake: the same rows ``intake.store`` writes through the ORM,
written with COPY instead (Django's per-field preparation dominates bulk_create at this volume).

Alerts are COPYed into a session-local staging table and moved with one
``INSERT ... SELECT ... ON CONFLICT (source, source_ref) DO NOTHING RETURNING`` so the database
says exactly which rows were new; tasks and warnings for those new alerts cannot conflict (they
are created in the same transaction as their alert), so they are COPYed straight in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import connection

_STAGE = """
CREATE TEMP TABLE IF NOT EXISTS fanzha_alert_stage (
    ord integer, source text, source_ref text, level text, target_phone_cipher text,
    target_phone_index text, target_phone_mask text, contact_kind text, contact text,
    fraud_type text, contacted_at timestamptz, received_at timestamptz, payload_cipher text
) ON COMMIT DELETE ROWS
"""
_STAGE_COLUMNS = (
    "ord, source, source_ref, level, target_phone_cipher, target_phone_index, "
    "target_phone_mask, contact_kind, contact, fraud_type, contacted_at, received_at, "
    "payload_cipher"
)
_ALERT_COLUMNS = _STAGE_COLUMNS.removeprefix("ord, ")

_MOVE = (
    f"INSERT INTO alerts_alert ({_ALERT_COLUMNS}, created_at, updated_at) "  # noqa: S608
    f"SELECT {_ALERT_COLUMNS}, %s, %s FROM fanzha_alert_stage ORDER BY ord "
    "ON CONFLICT (source, source_ref) DO NOTHING RETURNING id, source, source_ref"
)

_INSERT_VALUES = (
    f"INSERT INTO alerts_alert ({_ALERT_COLUMNS}, created_at, updated_at) "  # noqa: S608
    "VALUES {values} "
    "ON CONFLICT (source, source_ref) DO NOTHING RETURNING id, source, source_ref"
)

TASK_COLUMNS = (
    "alert_id",
    "level",
    "status",
    "tier",
    "matched_via",
    "resident_id",
    "registration_id",
    "grid_id",
    "community_id",
    "office_id",
    "station_id",
    "officer_id",
    "assignee_id",
    "due_at",
    "revisit_count",
    "outcome",
    "amount_lost",
    "amount_saved",
    "version",
    "created_at",
    "updated_at",
)
NOTIFICATION_COLUMNS = (
    "key",
    "channel",
    "to_cipher",
    "to_index",
    "to_mask",
    "template",
    "text",
    "link",
    "purpose",
    "ref",
    "dedup_key",
    "status",
    "attempts",
    "next_attempt_at",
    "provider_ref",
    "last_error",
    "created_at",
)


# Below this many rows one multi-row INSERT is cheaper than staging and COPY: a single alert
# over HTTP should cost as few round trips to the database as possible.
SMALL = 100


def _values(columns: int, rows: int) -> str:
    row = "(" + ", ".join(["%s"] * columns) + ")"
    return ", ".join([row] * rows)


def insert_alerts(rows: Sequence[tuple], now: datetime) -> dict[tuple[str, str], int]:
    """Insert alert rows (``_STAGE_COLUMNS`` order, ``ord`` first); returns the ids of the rows
    that were new, by (source, source_ref)."""
    if not rows:
        return {}
    if len(rows) < SMALL:
        width = len(rows[0]) - 1 + 2  # without "ord", with created_at and updated_at
        with connection.cursor() as cursor:
            cursor.execute(
                _INSERT_VALUES.replace("{values}", _values(width, len(rows))),
                [v for row in rows for v in (*row[1:], now, now)],
            )
            return {(source, ref): pk for pk, source, ref in cursor.fetchall()}
    with connection.cursor() as cursor:
        raw = cursor.connection.cursor()
        raw.execute(_STAGE)
        with raw.copy(f"COPY fanzha_alert_stage ({_STAGE_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        raw.execute(_MOVE, (now, now))
        inserted = {(source, ref): pk for pk, source, ref in raw.fetchall()}
        # The stage empties at commit; inside a longer transaction (the demo) empty it now.
        # DELETE, not TRUNCATE: TRUNCATE makes new files for the table on every call.
        raw.execute("DELETE FROM fanzha_alert_stage")
    return inserted


def copy_rows(table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    if not rows:
        return
    if len(rows) < SMALL:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - constants
                f"VALUES {_values(len(columns), len(rows))}",
                [v for row in rows for v in row],
            )
        return
    with connection.cursor() as cursor:
        raw = cursor.connection.cursor()
        # Table and columns are this module's constants, never input.
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with raw.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
