"""Building import files for tests: CSV in any encoding and .xlsx, from header + rows."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from fanzha.core.testing.world import valid_id


def csv_bytes(header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8"
) -> Path:
    path.write_bytes(csv_bytes(header, rows, encoding))
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def new_id(seq: int, birth: date = date(1985, 6, 15), region: str = "370202") -> str:
    """A checksum-valid ID number that the test world does not use (sequences from 100)."""
    return valid_id(birth, 100 + seq % 900, region=region)


def new_phone(seq: int) -> str:
    return str(15900000000 + seq)


RESIDENT_HEADER = [
    "姓名",
    "身份证号",
    "手机号",
    "户号",
    "网格编码",
    "工作单位/统一社会信用代码",
    "标签",
]
