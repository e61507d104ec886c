"""Streaming import of alert files (CSV with a header row, or JSON Lines): the file is read one
line at a time and stored in chunks of FANZHA_ALERT_IMPORT_CHUNK items, each chunk in its own
transaction (``intake.prepare`` then ``intake.store``). Memory stays flat whatever the file size,
and running the same file again after an interruption stores only what is missing.

On PostgreSQL the file is read, validated and sealed in a second process (``_Reader``) while
this one stores the previous chunk: parsing and encryption in Python and the set-based statement
in PostgreSQL then use both cores. The reader only ever hands over whole prepared chunks through
a bounded queue, and stops when this process goes away."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from fanzha.alerts.intake import Batch, ItemError, Stored, prepare, store
from fanzha.alerts.routing import Router


@dataclass
class ImportReport:
    lines: int = 0
    created: int = 0
    duplicates: int = 0
    rejected: int = 0
    errors: list[ItemError] = field(default_factory=list)  # first FANZHA_IMPORT_ERROR_LIMIT

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "created": self.created,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
        }


def _rows(path: Path, fmt: str) -> Iterator[Any]:
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        if fmt == "csv":
            for row in csv.DictReader(handle):
                yield {k: v for k, v in row.items() if k and v not in (None, "")}
        else:
            for line in handle:
                line = line.strip()
                if not line:
                    continue
                try:
                    yield _loads(line)
                except ValueError:
                    yield _BadLine()


def _loads(line: str) -> Any:
    """``json.loads(line)``, through orjson for an object of strings and nulls (most lines).
    Anything else is read again by ``json``: orjson reads some numbers differently (an integer
    beyond 64 bits becomes a float) and refuses what ``json`` takes (NaN, lone surrogates)."""
    try:
        item = orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)
    if type(item) is not dict:
        return json.loads(line)
    for value in item.values():
        if type(value) is not str and value is not None:
            return json.loads(line)
    return item


class _BadLine:
    """A line that is not JSON: rejected with its line number like any other bad item."""


def detect_format(path: Path) -> str:
    return "csv" if path.suffix.lower() == ".csv" else "jsonl"


def _batches(path: Path, fmt: str, size: int, source: str | None, freeze: bool) -> Iterator[Batch]:
    """Prepared chunks of the file; item indexes are 1-based data line numbers."""
    chunk: list[Any] = []
    first_index = 1
    for row in _rows(path, fmt):
        chunk.append(row if not isinstance(row, _BadLine) else "not json")
        if len(chunk) >= size:
            yield prepare(chunk, source=source, index_offset=first_index, frozen=freeze)
            first_index += len(chunk)
            chunk = []
    if chunk:
        yield prepare(chunk, source=source, index_offset=first_index, frozen=freeze)


_DONE = "done"


class _Reader:
    """``_batches`` in a forked process, handed over through a bounded queue (at most two
    chunks wait, so memory stays flat). An error in the reader is raised here."""

    def __init__(self, path: Path, fmt: str, size: int, source: str | None) -> None:
        context = multiprocessing.get_context("fork")
        self.queue: Any = context.Queue(maxsize=2)
        # The child must not share this process's database connection: close it first (it
        # reopens on the next query).
        connections.close_all()
        self.process = context.Process(
            target=self._run, args=(path, fmt, size, source, os.getpid()), daemon=True
        )
        self.process.start()

    def _run(self, path: Path, fmt: str, size: int, source: str | None, parent: int) -> None:
        def put(message: Any) -> None:
            while True:
                try:
                    self.queue.put(message, timeout=1)
                    return
                except queue.Full:
                    if os.getppid() != parent:  # the importer was killed: stop reading
                        os._exit(1)

        try:
            for batch in _batches(path, fmt, size, source, freeze=True):
                put(batch)
        except Exception as exc:  # noqa: BLE001 - handed to the importer, which raises it
            put(("error", f"{type(exc).__name__}: {exc}"))
            return
        put(_DONE)

    def __iter__(self) -> Iterator[Batch]:
        try:
            while True:
                try:
                    message = self.queue.get(timeout=5)
                except queue.Empty:
                    if not self.process.is_alive():
                        raise RuntimeError("the alert file reader stopped unexpectedly") from None
                    continue
                if message == _DONE:
                    return
                if isinstance(message, tuple):
                    raise RuntimeError(f"reading the alert file failed: {message[1]}")
                yield message
        finally:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()


def import_file(
    path: str | Path,
    *,
    source: str | None = None,
    fmt: str | None = None,
    chunk: int | None = None,
    error_limit: int = 1000,
    progress: Callable[[ImportReport], None] | None = None,
    parallel: bool = True,
    writers: int | None = None,
) -> ImportReport:
    """Import ``path``; item indexes in the report are 1-based data line numbers.

    ``parallel``: read the file in a second process (PostgreSQL, outside a transaction), and
    store ``writers`` chunks at a time (FANZHA_ALERT_IMPORT_WRITERS), each in a transaction
    on a connection of its own."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    size = chunk or settings.FANZHA_ALERT_IMPORT_CHUNK
    report = ImportReport()
    postgres = connection.vendor == "postgresql"
    if parallel and postgres and not connection.in_atomic_block:
        reader = _Reader(path, fmt, size, source)
        _store_concurrently(
            reader, report, writers or _writers(), error_limit=error_limit, progress=progress
        )
        return report
    router = Router()
    for batch in _batches(path, fmt, size, source, freeze=postgres):
        stored = store(batch, router, timezone.now(), with_ids=False)
        _account(report, batch, stored, error_limit)
        if progress is not None:
            progress(report)
    return report


def _writers() -> int:
    return settings.FANZHA_ALERT_IMPORT_WRITERS


def _account(report: ImportReport, batch: Batch, stored: Stored, error_limit: int) -> None:
    report.lines += batch.size
    report.created += stored.created
    report.duplicates += len(batch.keys) + len(batch.repeats) - stored.created
    report.rejected += len(batch.rejected)
    errors = [e for result in batch.rejected for e in result.errors[:error_limit]]
    if errors:
        # Chunks may finish out of order: keep the first ``error_limit`` errors by line.
        merged = sorted(report.errors + errors[:error_limit], key=lambda e: e.index)
        report.errors = merged[:error_limit]


def _store_concurrently(
    batches: Iterable[Batch],
    report: ImportReport,
    writers: int,
    *,
    error_limit: int,
    progress: Callable[[ImportReport], None] | None,
) -> None:
    lock = threading.Lock()
    source = iter(batches)
    failures: list[BaseException] = []

    def work() -> None:
        router = Router()
        try:
            while not failures:
                with lock:
                    batch = next(source, None)
                if batch is None:
                    return
                stored = store(batch, router, timezone.now(), with_ids=False)
                with lock:
                    _account(report, batch, stored, error_limit)
                    if progress is not None:
                        progress(report)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the calling thread
            failures.append(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=work, daemon=True) for _ in range(writers - 1)]
    for thread in threads:
        thread.start()
    try:
        work()
    finally:
        for thread in threads:
            thread.join()
        close = getattr(source, "close", None)
        if close is not None:
            close()  # stops the reader process
    if failures:
        raise failures[0]


def write_errors(report: ImportReport, out: io.TextIOBase | Any) -> None:
    for error in report.errors:
        out.write(f"{error.index}\t{error.field}\t{error.reason}")
