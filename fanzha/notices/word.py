"""The rendered document (a small, known subset of HTML) as a Word .docx.

The templates produce headings, paragraphs, tables, images and a few layout classes
(``red-header``, ``doc-number``, ``red-rule``, ``center``, ``right``, ``indent``); this converter
maps exactly those onto python-docx, so one template drives both the PDF and the .docx.
"""

from __future__ import annotations

import base64
import io
from html.parser import HTMLParser
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
RED = RGBColor(0xC0, 0x00, 0x00)
BLOCKS = {"p", "h1", "h2", "h3", "div", "li"}


def _east_asian(run: Any, name: str) -> None:
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


class _Builder(HTMLParser):
    def __init__(self, document: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = document
        self.paragraph: Any = None
        self.block: tuple[str, set[str]] | None = None
        self.bold = 0
        self.table_rows: list[list[tuple[str, bool]]] | None = None
        self.cell: list[str] | None = None
        self.cell_header = False

    # -- blocks ----------------------------------------------------------------------------
    def _start_block(self, tag: str, classes: set[str]) -> None:
        self.paragraph = self.doc.add_paragraph()
        self.block = (tag, classes)
        fmt = self.paragraph.paragraph_format
        if tag == "h1" or classes & {"center", "red-header", "doc-number"}:
            self.paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif classes & {"right"}:
            self.paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if "indent" in classes:
            fmt.first_line_indent = Pt(32)
        fmt.space_after = Pt(6)

    def _run(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)
            return
        if self.paragraph is None:
            if not text.strip():
                return
            self._start_block("p", set())
        tag, classes = self.block or ("p", set())
        run = self.paragraph.add_run(text)
        size, font, bold = 16, BODY_FONT, bool(self.bold)
        if "red-header" in classes:
            size, font, bold = 26, TITLE_FONT, True
            run.font.color.rgb = RED
        elif tag == "h1":
            size, font, bold = 22, TITLE_FONT, True
        elif tag in ("h2", "h3"):
            size, bold = 16, True
        run.font.size = Pt(size)
        run.bold = bold
        _east_asian(run, font)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag == "table":
            self.table_rows = []
        elif tag == "tr" and self.table_rows is not None:
            self.table_rows.append([])
        elif tag in ("td", "th") and self.table_rows is not None:
            self.cell, self.cell_header = [], tag == "th"
        elif tag == "hr":
            self._rule(red="red-rule" in classes)
        elif tag == "img":
            self._image(attributes.get("src") or "")
        elif tag == "br":
            if self.paragraph is not None:
                self.paragraph.add_run().add_break()
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in BLOCKS and self.table_rows is None:
            self._start_block(tag, classes)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.table_rows is not None:
            self.table_rows[-1].append(("".join(self.cell).strip(), self.cell_header))
            self.cell = None
        elif tag == "table" and self.table_rows is not None:
            self._table(self.table_rows)
            self.table_rows = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in BLOCKS and self.table_rows is None:
            self.paragraph, self.block = None, None

    def handle_data(self, data: str) -> None:
        if self.table_rows is not None and self.cell is None:
            return
        text = " ".join(data.split()) if self.cell is None else data.strip()
        if text:
            self._run(text)

    # -- pieces ----------------------------------------------------------------------------
    def _rule(self, red: bool) -> None:
        paragraph = self.doc.add_paragraph()
        p_pr = paragraph._p.get_or_add_pPr()
        border = p_pr.makeelement(qn("w:pBdr"), {})
        bottom = border.makeelement(
            qn("w:bottom"),
            {
                qn("w:val"): "single",
                qn("w:sz"): "18",
                qn("w:space"): "1",
                qn("w:color"): "C00000" if red else "000000",
            },
        )
        border.append(bottom)
        p_pr.append(border)
        self.paragraph = None

    def _image(self, src: str) -> None:
        if not src.startswith("data:image/png;base64,"):
            return  # only embedded charts; a document never fetches a URL
        data = base64.b64decode(src.split(",", 1)[1])
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(data), width=Cm(15.5))

    def _table(self, rows: list[list[tuple[str, bool]]]) -> None:
        rows = [r for r in rows if r]
        if not rows:
            return
        width = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, row in enumerate(rows):
            for j, (text, header) in enumerate(row):
                cell = table.cell(i, j)
                run = cell.paragraphs[0].add_run(text)
                run.font.size = Pt(11)
                run.bold = header
                _east_asian(run, BODY_FONT)
        self.paragraph = None


def html_to_docx(html: str, title: str = "") -> bytes:
    """Convert a rendered document to .docx bytes (A4, GB/T 9704 margins)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    document.core_properties.title = title
    builder = _Builder(document)
    builder.feed(html)
    builder.close()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
