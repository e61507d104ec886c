"""Exports to .xlsx: streamed through openpyxl's write-only mode, formula-safe, audited."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from openpyxl import Workbook

from fanzha.core.tables import Column
from fanzha.lib.masking import mask_numbers

_FORMULA = re.compile(r"^[=+\-@\t\r]")


def safe_cell(value: Any) -> Any:
    """Neutralise formula injection: a text cell starting with = + - @ (or tab, CR) is prefixed
    with '. Anything not a number becomes text first, so an object whose text starts so (a
    user, a unit, a lazy translation) is caught too."""
    if isinstance(value, bool | int | float) or value is None:
        return value
    text = str(value)
    return "'" + text if _FORMULA.match(text) else text


def write_xlsx(path: str, header: list[str], rows: Iterable[list[Any]]) -> int:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([str(h) for h in header])
    count = 0
    for row in rows:
        ws.append([safe_cell(v) for v in row])
        count += 1
    wb.save(path)
    return count


def xlsx_response(
    request: HttpRequest, qs: models.QuerySet, columns: list[Column], name: str, model: Any
) -> FileResponse:
    from fanzha.audit.trail import record_export

    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115
    tmp.close()
    rows = ([c.value(obj) for c in columns] for obj in qs.iterator(chunk_size=2000))
    count = write_xlsx(tmp.name, [str(c.label) for c in columns], rows)
    # The filters as typed, with any phone or ID number in them masked (a search by number).
    typed = [(k, mask_numbers(v)) for k, values in request.GET.lists() for v in values]
    query = urlencode(typed, safe="*")
    record_export(request.user, model, count, {"query": query})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    # The export holds personal data: unlink the file at once; the open handle still reads it
    # and FileResponse closes it when the download ends.
    handle = open(tmp.name, "rb")  # noqa: SIM115
    os.unlink(tmp.name)
    return FileResponse(handle, as_attachment=True, filename=f"{name}-{stamp}.xlsx")
