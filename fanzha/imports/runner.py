"""Running an import: check the whole file, then store it all or nothing.

``import_file`` is the one entry point (the upload page, the background task, ``fanzha import``
and the benchmark all call it). It reads the file twice rather than holding a million validated
rows in memory: pass 1 checks every row and builds the report; only when the report is empty
and this is not a dry run does pass 2 check again and store, inside one transaction, so a row
that turns bad in between (someone else stored the same ID number) rolls everything back.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fanzha.imports import store
from fanzha.imports.lookups import Lookups
from fanzha.imports.reader import FileProblem, Table, open_table
from fanzha.imports.schema import SCHEMAS, HeaderMap, resolve_headers
from fanzha.imports.validators import VALIDATORS, Report, ResidentValidator, RowValidator

log = logging.getLogger(__name__)

# (phase, rows checked, rows stored)
Progress = Callable[[str, int, int], None]


@dataclass
class Outcome:
    """What happened to a file: rows seen, rows stored, and the report."""

    kind: str
    rows: int = 0
    stored: int = 0
    error_count: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    encoding: str = ""
    dry_run: bool = True
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.error_count == 0


class Rejected(Exception):
    """Pass 2 found a problem pass 1 did not (a concurrent change); rolls the store back."""

    def __init__(self, report: Report) -> None:
        super().__init__("rows became invalid while storing")
        self.report = report


def _file_error(column: str, reason: str) -> dict[str, Any]:
    return {"row": 1, "column": column, "reason": reason}


def _header_errors(headers: HeaderMap) -> list[dict[str, Any]]:
    errors = [
        _file_error(
            f.header,
            _("Required column %(column)s is missing from the header row.") % {"column": f.header},
        )
        for f in headers.missing
    ]
    errors += [
        _file_error(text, _("Column %(column)s appears twice.") % {"column": text})
        for text in headers.duplicated
    ]
    return errors


def _noop(phase: str, checked: int, stored: int) -> None:
    return None


def import_file(
    kind: str,
    path: str | Path,
    *,
    user: Any = None,
    dry_run: bool = True,
    name: str = "",
    progress: Progress = _noop,
) -> Outcome:
    """Check (and unless ``dry_run``, store) a file of ``kind`` for ``user``; ``user=None`` is
    the operator at the command line, who is not restricted to a scope."""
    outcome = Outcome(kind=kind, dry_run=dry_run)
    schema = SCHEMAS[kind]
    try:
        table = open_table(path, name)
    except FileProblem as exc:
        outcome.error_count, outcome.errors = 1, [_file_error("", str(exc))]
        return outcome
    outcome.encoding = table.encoding
    headers = resolve_headers(schema, table.header)
    outcome.ignored_columns = headers.ignored
    problems = _header_errors(headers)
    if problems:
        outcome.error_count, outcome.errors = len(problems), problems
        return outcome

    lookups = Lookups.for_user(user)
    if not dry_run and _single_pass(kind, headers):
        stored = _store_optimistically(
            kind, table, lookups, headers, progress, user, outcome, name or Path(path).name
        )
        if stored is not None:
            return outcome
        # Something was wrong: nothing was stored; the full check below writes the report.

    report = Report(keep=settings.FANZHA_IMPORT_MAX_REPORTED_ERRORS)
    try:
        outcome.rows, checked = _check(kind, table, lookups, headers, report, progress)
    except FileProblem as exc:
        report.add(1, "", str(exc))
        checked = None
    outcome.error_count, outcome.errors = report.count, report.sorted_dicts()
    if report.count == 0 and outcome.rows == 0:
        outcome.error_count, outcome.errors = 1, [_file_error("", _("The file has no data rows."))]
    if not outcome.ok or dry_run or checked is None:
        return outcome

    try:
        with transaction.atomic():
            outcome.stored = _store(kind, table, lookups, headers, checked, progress)[1]
            _audit(kind, user, outcome, name or Path(path).name)
    except Rejected as exc:
        outcome.error_count, outcome.errors = exc.report.count, exc.report.sorted_dicts()
        outcome.stored = 0
    except _database_errors():  # type: ignore[misc]
        # Someone stored the same ID number (or household, code, phone) between the check and
        # the store: the constraint refused it and the transaction rolled back.
        log.warning("import of %s hit a constraint while storing", kind, exc_info=True)
        outcome.stored = 0
        outcome.error_count = 1
        outcome.errors = [
            _file_error(
                "",
                _(
                    "The data changed while the file was being stored; nothing was "
                    "stored. Run the import again."
                ),
            )
        ]
    return outcome


def _single_pass(kind: str, headers: HeaderMap) -> bool:
    """Check and store in one read of the file, inside the transaction, when nothing in the file
    has to exist before the rows that use it (households given in a residents file must be
    stored before their members) and the database streams rows in with COPY. A bad file then
    rolls back and is read again to write the full report, so it costs one wasted pass; a good
    file, the common case for a large hand-over, costs one pass instead of two."""
    from django.db import connection

    return (
        kind == "residents"
        and connection.vendor == "postgresql"
        and "household_address" not in headers.columns
    )


def _database_errors() -> tuple[type[BaseException], ...]:
    """Constraint errors from Django and, inside a raw COPY, from psycopg itself."""
    errors: list[type[BaseException]] = [IntegrityError]
    try:
        import psycopg

        errors.append(psycopg.IntegrityError)
    except ImportError:  # SQLite-only installations
        pass
    return tuple(errors)


def _store_optimistically(
    kind: str,
    table: Table,
    lookups: Lookups,
    headers: HeaderMap,
    progress: Progress,
    user: Any,
    outcome: Outcome,
    name: str,
) -> int | None:
    """One pass: check and store together. Returns the rows stored, or None (nothing stored)
    when a row was bad or a constraint refused one."""
    try:
        with transaction.atomic():
            rows, stored = _store(kind, table, lookups, headers, None, progress)
            if rows == 0:
                raise Rejected(Report(keep=0))
            outcome.rows = outcome.stored = stored
            _audit(kind, user, outcome, name)
    except (Rejected, FileProblem, *_database_errors()):  # type: ignore[misc]
        outcome.rows = outcome.stored = 0
        return None
    return stored


def _batches(
    validator: RowValidator, table: Table, on_batch: Callable[[list[Any], int], None]
) -> int:
    """Feed the file's rows through ``validator`` in batches; returns the number of rows."""
    size = settings.FANZHA_IMPORT_BATCH_ROWS
    batch: list[Any] = []
    rows = 0
    check = validator.check
    for number, cells in table.rows():
        rows += 1
        record = check(number, cells)
        if record is not None:
            batch.append(record)
        if len(batch) >= size:
            on_batch(validator.check_batch(batch), rows)
            batch = []
    on_batch(validator.check_batch(batch) if batch else [], rows)
    validator.finish()
    return rows


def _check(
    kind: str,
    table: Table,
    lookups: Lookups,
    headers: HeaderMap,
    report: Report,
    progress: Progress,
) -> tuple[int, RowValidator]:
    validator = VALIDATORS[kind](lookups, headers, report)

    def on_batch(records: list[Any], rows: int) -> None:
        progress("validating", rows, 0)

    return _batches(validator, table, on_batch), validator


def _store(
    kind: str,
    table: Table,
    lookups: Lookups,
    headers: HeaderMap,
    checked: RowValidator | None,
    progress: Progress,
) -> tuple[int, int]:
    """Check again and store; returns (rows read, rows stored). ``checked`` is pass 1's
    validator, or None when storing in a single pass."""
    if isinstance(checked, ResidentValidator) and checked.new_households:
        # Households this file brings go in first, so pass 2 finds them like any registered
        # household and residents can be written batch by batch.
        store.create_households(list(checked.new_households.values()))
    report = Report(keep=settings.FANZHA_IMPORT_MAX_REPORTED_ERRORS)
    validator = VALIDATORS[kind](lookups, headers, report, storing=True)
    stored = 0
    with contextlib.ExitStack() as stack:
        if kind == "residents":
            writer: Callable[[list[Any]], int] = stack.enter_context(store.ResidentWriter()).write
        else:
            writers: dict[str, Callable[[list[Any]], int]] = {
                "households": store.write_households,
                "places": store.write_places,
                "registrations": store.write_registrations,
            }
            writer = writers[kind]

        def on_batch(records: list[Any], rows: int) -> None:
            nonlocal stored
            if report.count:
                raise Rejected(report)
            if records:
                stored += writer(records)
            progress("storing", rows, stored)

        rows = _batches(validator, table, on_batch)
        if report.count:
            raise Rejected(report)
    return rows, stored


STALE_AFTER_IMPORT = {
    "residents": ("residents", "residents_16plus"),
    "households": ("households",),
    "places": ("places",),
    "registrations": ("registrations", "app_installs"),
}


def _audit(kind: str, user: Any, outcome: Outcome, name: str) -> None:
    """One change record per stored file: a million per-row records would double the work of
    an import and bury the log; the file and its job say what came in."""
    from fanzha.audit.choices import ChangeAction
    from fanzha.audit.models import ChangeRecord

    model = {
        "residents": "people.resident",
        "households": "people.household",
        "places": "places.place",
        "registrations": "registrations.registration",
    }[kind]
    # Bulk inserts send no signals: tell the dashboard which figures the file changed.
    from fanzha.dashboard.rollups import mark_stale

    mark_stale(*STALE_AFTER_IMPORT[kind])
    ChangeRecord.objects.create(
        user=user,
        action=ChangeAction.CREATE,
        model=model,
        object_id="import",
        object_repr=_("Import of %(file)s") % {"file": name[:150]},
        before=None,
        after={"rows": outcome.stored, "file": name, "kind": kind},
    )
