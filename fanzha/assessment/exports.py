"""Exports of a period's scores: .xlsx (openpyxl) and .docx (python-docx). Both take the rows
the user may see (``restrict``), neutralise formulas (``safe_cell``) and are audited."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from fanzha.assessment.models import Period, UnitAssessment
from fanzha.core.exports import safe_cell


def _header() -> list[str]:
    return [
        _("Category"),
        _("Rank"),
        _("Unit"),
        _("Work-system building"),
        _("Cases year on year"),
        _("Card-breaking action"),
        pgettext("score", "Total"),
        _("Light"),
        _("Pending items"),
    ]


def _row(a: UnitAssessment) -> list[object]:
    return [
        a.get_category_display(),
        a.rank,
        a.unit.name,
        float(a.system_building),
        float(a.cases_yoy),
        float(a.card_action),
        float(a.total),
        a.get_light_display(),
        "、".join(a.pending),
    ]


def period_xlsx(period: Period, rows: Sequence[UnitAssessment]) -> bytes:
    """Sheet 1: the ranking; sheet 2: every item of every unit with its arithmetic."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Scores")[:31]
    ws.append([safe_cell(period.label)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([safe_cell(h) for h in _header()])
    for a in rows:
        ws.append([safe_cell(v) for v in _row(a)])
    detail = wb.create_sheet(_("Arithmetic")[:31])
    detail.append(
        [
            safe_cell(h)
            for h in [
                _("Unit"),
                _("Item"),
                _("Maximum"),
                _("Points"),
                _("Pending"),
                _("Inputs, rule and arithmetic"),
            ]
        ]
    )
    for a in rows:
        for item in a.breakdown:
            detail.append(
                [
                    safe_cell(v)
                    for v in [
                        a.unit.name,
                        item["label"],
                        float(item["max"]),
                        float(item["points"]),
                        _("Yes") if item["pending"] else _("No"),
                        "；".join(item["steps"]),
                    ]
                ]
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def period_docx(period: Period, rows: Sequence[UnitAssessment]) -> bytes:
    """A report: the ranking table, then each unit's items with the arithmetic."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    doc.add_heading(_("Anti-fraud work assessment: %(period)s") % {"period": period.label}, 0)
    table = doc.add_table(rows=1, cols=len(_header()))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, _header(), strict=True):
        cell.text = text
    for a in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, _row(a), strict=True):
            cell.text = str(value)
    for a in rows:
        doc.add_heading(f"{a.unit.name}: {a.total}", level=2)
        # One paragraph per unit with a line per item: python-docx appends paragraphs in
        # linear time each, so a paragraph per item made the report quadratic in size.
        p = doc.add_paragraph()
        for index, item in enumerate(a.breakdown):
            if index:
                p.add_run().add_break()
            p.add_run(f"{item['label']}（{item['points']} / {item['max']}）").bold = True
            p.add_run("：" + "；".join(item["steps"]))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
