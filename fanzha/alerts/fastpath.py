"""PostgreSQL path for intake: one set-based statement per batch instead of per-item Python.

The batch's alerts arrive in a session-local staging table (COPY, for a file chunk) or as
VALUES (a few items over HTTP). One statement then does everything in PostgreSQL:

1. ``INSERT ... SELECT ... ON CONFLICT (source, source_ref) DO NOTHING RETURNING`` moves them
   into ``alerts_alert``; only the rows that were new come back;
2. their target numbers are routed through the blind index, in the order ``routing.Router``
   uses (registration, protected family member, resident; the grid's first active worker is the
   assignee, else the credited officer; the station falls back to the grid's);
3. a task per new alert and a warning per new alert go into the task table and the outbox.

Tasks and warnings are only written for rows this statement inserted, so they cannot exist
yet; the unique constraints (task per alert, outbox dedup key) still hold them to one each.
It all runs inside the caller's transaction, so a batch is stored whole or not at all.
``tests/test_fastpath.py`` checks that this routing agrees with ``Router``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import psycopg
from django.db import connection

from fanzha.alerts.choices import MatchedVia, TaskStatus, Tier
from fanzha.lib.ids import UUID7_SQL

_STAGE = """
CREATE TEMP TABLE IF NOT EXISTS fanzha_alert_stage (
    ord integer, source text, source_ref text, level text, target_phone_cipher text,
    target_phone_index text, target_phone_mask text, contact_kind text, contact text,
    fraud_type text, contacted_at timestamptz, received_at timestamptz, payload_cipher text
) ON COMMIT DELETE ROWS
"""
STAGE_COLUMNS = (
    "ord",
    "source",
    "source_ref",
    "level",
    "target_phone_cipher",
    "target_phone_index",
    "target_phone_mask",
    "contact_kind",
    "contact",
    "fraud_type",
    "contacted_at",
    "received_at",
    "payload_cipher",
)
_ALERT_COLUMNS = ", ".join(STAGE_COLUMNS[1:])
_STAGE_LIST = ", ".join(STAGE_COLUMNS)

# {stage} is a table or a VALUES list with STAGE_COLUMNS; every other value is a parameter.
_STORE = f"""
WITH stage ({_STAGE_LIST}) AS MATERIALIZED (
    {{stage}}
),
moved AS (
    INSERT INTO alerts_alert ({_ALERT_COLUMNS}, created_at, updated_at)
    SELECT source, source_ref, level, target_phone_cipher, target_phone_index, target_phone_mask,
           contact_kind, contact, fraud_type, contacted_at::timestamptz,
           COALESCE(received_at::timestamptz, %(now)s), payload_cipher, %(now)s, %(now)s
    FROM stage ORDER BY ord
    ON CONFLICT (source, source_ref) DO NOTHING
    RETURNING id, source, source_ref, level, fraud_type, target_phone_cipher,
              target_phone_index, target_phone_mask
),
wanted AS (
    SELECT DISTINCT target_phone_index AS idx FROM moved WHERE target_phone_index <> ''
),
by_registration AS (
    SELECT r.phone_index AS idx, %(via_registration)s AS via, r.grid_id,
           r.registrant_id AS resident_id, r.id AS registration_id, r.station_id, r.officer_id
    FROM registrations_registration r JOIN wanted w ON r.phone_index = w.idx
),
unmatched AS (
    SELECT w.idx FROM wanted w
    WHERE NOT EXISTS (SELECT 1 FROM by_registration b WHERE b.idx = w.idx)
),
by_family AS (
    SELECT DISTINCT ON (f.phone_index) f.phone_index AS idx, %(via_family)s AS via,
           COALESCE(p.grid_id, r.grid_id) AS grid_id, f.resident_id, f.registration_id,
           r.station_id, r.officer_id
    FROM unmatched u
    JOIN registrations_familymember f ON f.phone_index = u.idx
    JOIN registrations_registration r ON r.id = f.registration_id
    LEFT JOIN people_resident p ON p.id = f.resident_id
    ORDER BY f.phone_index, f.id
),
by_resident AS (
    SELECT DISTINCT ON (p.phone_index) p.phone_index AS idx, %(via_resident)s AS via, p.grid_id,
           p.id AS resident_id, NULL::bigint AS registration_id, NULL::bigint AS station_id,
           NULL::bigint AS officer_id
    FROM unmatched u
    JOIN people_resident p ON p.phone_index = u.idx
    WHERE NOT EXISTS (SELECT 1 FROM by_family b WHERE b.idx = u.idx)
    ORDER BY p.phone_index, p.id
),
found AS (
    SELECT * FROM by_registration
    UNION ALL SELECT * FROM by_family
    UNION ALL SELECT * FROM by_resident
),
worker AS (
    SELECT DISTINCT ON (gw.grid_id) gw.grid_id, gw.user_id
    FROM org_grid_workers gw JOIN accounts_user u ON u.id = gw.user_id
    WHERE u.is_active AND gw.grid_id IN (SELECT grid_id FROM found)
    ORDER BY gw.grid_id, gw.user_id
),
route AS (
    SELECT f.idx, f.via, f.grid_id, f.resident_id, f.registration_id, f.officer_id,
           g.community_id, g.office_id, COALESCE(f.station_id, g.station_id) AS station_id,
           w.user_id AS worker_id
    FROM found f
    LEFT JOIN org_grid g ON g.id = f.grid_id
    LEFT JOIN worker w ON w.grid_id = f.grid_id
),
tasks AS (
    INSERT INTO alerts_task (alert_id, level, status, tier, matched_via, resident_id,
        registration_id, grid_id, community_id, office_id, station_id, officer_id, assignee_id,
        due_at, revisit_count, outcome, amount_lost, amount_saved, version, created_at, updated_at)
    SELECT m.id, m.level, %(pending)s,
           CASE WHEN r.worker_id IS NOT NULL THEN %(tier_grid)s
                WHEN r.officer_id IS NOT NULL OR r.station_id IS NOT NULL THEN %(tier_station)s
                ELSE %(tier_district)s END,
           COALESCE(r.via, %(via_none)s), r.resident_id, r.registration_id, r.grid_id,
           r.community_id, r.office_id, r.station_id, r.officer_id,
           COALESCE(r.worker_id, r.officer_id),
           d.due_at, 0, '', 0, 0, 1, %(now)s, %(now)s
    FROM moved m
    LEFT JOIN unnest(%(levels)s::text[], %(dues)s::timestamptz[]) AS d(level, due_at)
        ON d.level = m.level
    LEFT JOIN route r ON r.idx = m.target_phone_index
    ORDER BY m.id
),
warned AS (
    INSERT INTO notifications_notification (key, channel, to_cipher, to_index, to_mask,
        template, text, link, purpose, ref, dedup_key, status, attempts, next_attempt_at,
        provider_ref, last_error, created_at)
    SELECT {UUID7_SQL}, %(sms)s, m.target_phone_cipher, m.target_phone_index,
           m.target_phone_mask, 'alert_warning', t.text, '', 'alert_warning',
           'alerts.alert:' || m.id, 'alert-warning:' || m.id, 'pending', 0, %(now)s, '', '',
           %(now)s
    FROM moved m
    LEFT JOIN unnest(%(types)s::text[], %(texts)s::text[]) AS t(fraud_type, text)
        ON t.fraud_type = m.fraud_type
    ORDER BY m.id
)
"""  # noqa: S608 - the column lists are this module's constants


def _numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """``sql`` with its %(name)s placeholders as PostgreSQL's own $1, $2, ..., and the names in
    that order. The store runs on a ``psycopg.RawCursor``, which passes the statement on as it
    is: psycopg would otherwise convert the placeholders on every call, and caches that only
    for statements of up to 4,096 characters. This one is longer, and converting it again cost
    a single-alert POST about a fifth of its Python time."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return re.sub(r"%\((\w+)\)s", number, sql), tuple(names)


_STORE_SQL, _STORE_PARAMS = _numbered(_STORE)

# A due time or a warning text missing from the parameters would be a NULL in a NOT NULL
# column: the statement fails, it never stores an alert without its task or warning.
_IDS = "SELECT id, source, source_ref FROM moved"
_COUNT = "SELECT count(*) FROM moved"

# Below this many rows VALUES in the statement is cheaper than COPY into the staging table: a
# single alert over HTTP costs one (prepared) statement.
SMALL = 100

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: str) -> str:
    """Free text escaped for COPY's text format (also used by intake's fast path)."""
    if "\\" not in value and value.isprintable():
        return value  # no tab, newline or carriage return (not printable) and no backslash
    return value.translate(_COPY_ESCAPES)


def stage_text(rows: Sequence[Sequence[Any]]) -> bytes:
    """Rows (``STAGE_COLUMNS`` order) in COPY text format. Free text (source_ref, contact) is
    escaped; the other columns are validated choices, ciphertexts, hex or ISO dates."""
    null = "\\N"
    lines = []
    for row in rows:
        (order, source, ref, level, cipher, index, mask, kind, contact, ftype, c_at, r_at, pay) = (
            row
        )
        contacted = c_at.isoformat() if c_at else null
        received = r_at.isoformat() if r_at else null
        lines.append(
            f"{order}\t{source}\t{copy_text(ref)}\t{level}\t{cipher}\t{index}\t{mask}\t{kind}\t"
            f"{copy_text(contact)}\t{ftype}\t{contacted}\t{received}\t{pay}\n"
        )
    return "".join(lines).encode()


def store(
    rows: Sequence[Sequence[Any]] | bytes,
    count: int,
    *,
    now: datetime,
    dues: Mapping[str, datetime],
    texts: Mapping[str, str],
    with_ids: bool,
    outermost: bool = False,
) -> list[tuple[int, str, str]] | int:
    """Store a batch: ``rows`` in ``STAGE_COLUMNS`` order, or already in COPY text format
    (``stage_text``). Returns (id, source, source_ref) of the alerts that were new, or only
    their number when ``with_ids`` is false. ``outermost``: the caller's transaction commits
    right after this, which empties the staging table."""
    params: dict[str, Any] = {
        "now": now,
        "levels": list(dues),
        "dues": list(dues.values()),
        "types": list(texts),
        "texts": list(texts.values()),
        "pending": TaskStatus.PENDING.value,
        "tier_grid": int(Tier.GRID),
        "tier_station": int(Tier.STATION),
        "tier_district": int(Tier.DISTRICT),
        "via_registration": MatchedVia.REGISTRATION.value,
        "via_family": MatchedVia.FAMILY.value,
        "via_resident": MatchedVia.RESIDENT.value,
        "via_none": MatchedVia.NONE.value,
        "sms": "sms",
    }
    tail = _IDS if with_ids else _COUNT
    values = [params[name] for name in _STORE_PARAMS]
    with connection.cursor() as cursor:
        raw = psycopg.RawCursor(cursor.connection)
        if isinstance(rows, bytes) or count >= SMALL:
            # Sorting a chunk by ``ord`` and by id must not spill to disk (the default is 4 MB).
            raw.execute("SET LOCAL work_mem = '64MB'")
            raw.execute(_STAGE)
            with raw.copy(f"COPY fanzha_alert_stage ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as cp:
                cp.write(rows if isinstance(rows, bytes) else stage_text(rows))
            stage = "SELECT * FROM fanzha_alert_stage"
        else:
            tuples = []
            for row in rows:
                first = len(values) + 1
                tuples.append("(" + ", ".join(f"${first + j}" for j in range(len(row))) + ")")
                values.extend(row)
            stage = "VALUES " + ", ".join(tuples)
        query = _STORE_SQL.replace("{stage}", stage) + tail
        # One alert, the usual POST: the same text every time, so it is prepared once per
        # connection with its values bound by the server. PostgreSQL then stops planning this
        # statement of a dozen CTEs on every call (about 1.3 ms of its 4 ms). Where prepared
        # statements are off (``FANZHA_DB_PREPARE=0``) psycopg ignores ``prepare``. A chunk is
        # planned for itself each time: planning is nothing beside storing thousands of rows,
        # and a plan kept from earlier chunks could not see this one's size.
        raw.execute(query, values, prepare=count == 1 and not isinstance(rows, bytes))
        result: list[tuple[int, str, str]] | int
        if with_ids:
            result = raw.fetchall()
        else:
            (result,) = raw.fetchone() or (0,)
        if stage.startswith("SELECT") and not outermost:
            # The stage empties at commit; inside a longer transaction (the demo) empty it now.
            # DELETE, not TRUNCATE: TRUNCATE makes new files for the table on every call.
            raw.execute("DELETE FROM fanzha_alert_stage")
    return result
