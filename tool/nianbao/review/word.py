"""A review letter as a Word document (python-docx): 仿宋, the heading
centred, the signature and date on the right; the same bytes for the same
letter."""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from ..base.escape import xml as printable
from .letter import Letter, paragraphs
from .stable_zip import stable

FONT = "仿宋"


def as_docx(letter: Letter) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    for kind, text in paragraphs(letter):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if kind == "heading":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            run.font.size = Pt(18)
        elif kind == "group":
            run.bold = True
        elif kind == "signature":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind in ("body", "item"):
            paragraph.paragraph_format.first_line_indent = Pt(28)
        elif kind in ("line", "advice"):
            paragraph.paragraph_format.left_indent = Pt(56)
    stamp = datetime(letter.date.year, letter.date.month, letter.date.day)
    properties = document.core_properties
    office = printable(letter.office)
    properties.title, properties.author, properties.last_modified_by = printable(letter.heading), office, office
    properties.created = properties.modified = stamp
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return stable(out.getvalue())
