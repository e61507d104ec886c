"""Streaming import of alert files (CSV with a header row, or JSON Lines): the file is read one
line at a time and stored in chunks of FANZHA_ALERT_IMPORT_CHUNK items, each chunk in its own
transaction through ``intake.ingest``. Memory stays flat whatever the file size, and running the
same file again after an interruption stores only what is missing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from fanzha.alerts.intake import CREATED, DUPLICATE, ItemError, ingest
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
                    yield json.loads(line)
                except ValueError:
                    yield _BadLine()


class _BadLine:
    """A line that is not JSON: rejected with its line number like any other bad item."""


def detect_format(path: Path) -> str:
    return "csv" if path.suffix.lower() == ".csv" else "jsonl"


def import_file(
    path: str | Path,
    *,
    source: str | None = None,
    fmt: str | None = None,
    chunk: int | None = None,
    error_limit: int = 1000,
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Import ``path``; item indexes in the report are 1-based data line numbers."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    size = chunk or settings.FANZHA_ALERT_IMPORT_CHUNK
    report = ImportReport()
    router = Router()
    batch: list[Any] = []
    first_index = 1

    def flush() -> None:
        nonlocal first_index
        items = [b if not isinstance(b, _BadLine) else "not json" for b in batch]
        for result in ingest(items, source=source, router=router, index_offset=first_index):
            if result.status == CREATED:
                report.created += 1
            elif result.status == DUPLICATE:
                report.duplicates += 1
            else:
                report.rejected += 1
                room = error_limit - len(report.errors)
                report.errors.extend(result.errors[: max(0, room)])
        first_index += len(batch)
        batch.clear()
        if progress is not None:
            progress(report)

    for row in _rows(path, fmt):
        report.lines += 1
        batch.append(row)
        if len(batch) >= size:
            flush()
    if batch:
        flush()
    return report


def write_errors(report: ImportReport, out: io.TextIOBase | Any) -> None:
    for error in report.errors:
        out.write(f"{error.index}\t{error.field}\t{error.reason}")
