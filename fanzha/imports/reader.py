"""Reading the files districts hand over: .xlsx, and .csv in UTF-8 (with or without BOM) or in
GB18030/GBK, the encoding Excel on a Chinese Windows desktop writes.

A reader yields the header row and then ``(row_number, cells)`` with row numbers as a person sees
them in Excel (the header is row 1), so every error can point at the row to fix.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

# Enough of the file to tell UTF-8 from GB18030: Chinese text shows up in the header row.
_SNIFF_BYTES = 1 << 20
_XLSX_MAGIC = b"PK\x03\x04"


class FileProblem(Exception):
    """The file as a whole cannot be read; the message is for a person (Chinese)."""


@dataclass
class Table:
    """An opened file: its header and a way to iterate its data rows."""

    header: list[str]
    encoding: str
    path: Path
    fmt: str  # "csv" or "xlsx"

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        if self.fmt == "xlsx":
            yield from _xlsx_rows(self.path)
        else:
            yield from _csv_rows(self.path, self.encoding)

    def count_rows(self) -> int:
        """Data rows (blank lines are not counted)."""
        if self.fmt == "xlsx":
            # The sheet's recorded dimension: reading every row just to count them would cost
            # as much as checking them. Blank rows make it an upper bound.
            wb, ws = _xlsx_sheet(self.path)
            try:
                return max(0, (ws.max_row or 1) - 1)
            finally:
                wb.close()
        return sum(1 for _ in _csv_rows(self.path, self.encoding))


def detect_encoding(sample: bytes) -> str:
    """``utf-8-sig`` for a BOM, ``utf-8`` when the sample decodes as UTF-8, else ``gb18030``
    (a superset of GBK and GB2312, so GBK files decode exactly)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # final=False: a multi-byte character cut at the end of the sample is not an error.
        decoder.decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise FileProblem(
            _("The file is neither UTF-8 nor GBK/GB18030 text; save it as CSV (UTF-8) or .xlsx.")
        ) from None


def cell_text(value: object) -> str:
    """A cell as text. Excel turns long digit strings into numbers; an integral float such as
    13800138000.0 is given back as its digits."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def open_table(path: str | Path, name: str = "") -> Table:
    """Open a .csv or .xlsx file and read its header row."""
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if not head.strip():
        raise FileProblem(_("The file is empty."))
    lowered = (name or path.name).lower()
    if head.startswith(_XLSX_MAGIC) or lowered.endswith(".xlsx"):
        if not head.startswith(_XLSX_MAGIC):
            raise FileProblem(_("The file is not a valid .xlsx workbook."))
        header = _xlsx_header(path)
        return Table(header, "xlsx", path, "xlsx")
    if lowered.endswith((".xls", ".et", ".numbers")):
        raise FileProblem(_("Only .xlsx and .csv files can be imported; save the sheet as .xlsx."))
    encoding = detect_encoding(head)
    try:
        first = next(_csv_rows(path, encoding, header=True), None)
    except FileProblem:
        raise
    if first is None:
        raise FileProblem(_("The file is empty."))
    return Table(first[1], encoding, path, "csv")


def _text_stream(fh: IO[bytes], encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(fh, encoding=encoding, errors="strict", newline="")


def _csv_rows(path: Path, encoding: str, header: bool = False) -> Iterator[tuple[int, list[str]]]:
    """Data rows (or only the header row) of a CSV file; the delimiter is sniffed from the
    header line (comma, semicolon or tab)."""
    with path.open("rb") as raw:
        stream = _text_stream(raw, encoding)
        try:
            first_line = stream.readline()
            delimiter = max((",", ";", "\t"), key=first_line.count)
            reader = csv.reader(_chain([first_line], stream), delimiter=delimiter, strict=False)
            # Rows are numbered as Excel numbers them: every record, blank ones included.
            for row_number, cells in enumerate(reader, start=1):
                if row_number == 1:
                    if header:
                        yield 1, [c.strip().lstrip("\ufeff") for c in cells]
                        return
                    continue
                if not any(c.strip() for c in cells):
                    continue
                yield row_number, [c.strip() for c in cells]
        except UnicodeDecodeError as exc:
            raise FileProblem(
                _(
                    "The file changes its text encoding part way (byte %(offset)s); save it again "
                    "as CSV (UTF-8)."
                )
                % {"offset": exc.start}
            ) from None
        except csv.Error as exc:
            raise FileProblem(_("The CSV file is malformed: %(error)s") % {"error": exc}) from None


def _chain(first: list[str], rest: IO[str]) -> Iterator[str]:
    yield from first
    yield from rest


def _xlsx_sheet(path: Path):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, IndexError):
        # What openpyxl raises for a damaged or foreign file depends on where it breaks.
        raise FileProblem(_("The file is not a valid .xlsx workbook.")) from None
    return wb, wb.worksheets[0]


def _xlsx_header(path: Path) -> list[str]:
    wb, ws = _xlsx_sheet(path)
    try:
        for cells in ws.iter_rows(min_row=1, max_row=1, values_only=True):
            return [cell_text(c) for c in cells]
        raise FileProblem(_("The file is empty."))
    finally:
        wb.close()


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    wb, ws = _xlsx_sheet(path)
    try:
        for number, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            texts = [cell_text(c) for c in cells]
            if any(texts):
                yield number, texts
    finally:
        wb.close()
