"""Word (.docx) -> blocks, with python-docx.

Paragraphs and tables are read in body order. A merged cell gives its text
once, at its first grid position; the other positions it covers are None.
`line` is the paragraph's or table row's ordinal in the document.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from .. import limits
from ..blocks import Block, Extracted, ImportFailure, Para, Row, TableBlock

SUFFIXES = (".docx",)
NAME = "Word"  # as the import command's help names it
MAX_BYTES = limits.FILE_BYTES


def _cell_text(tc) -> str:  # noqa: ANN001 - an lxml element of python-docx
    return "".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))


def _rows(table: Table, first: int) -> list[Row]:
    rows = []
    for i, tr in enumerate(table._tbl.tr_lst):
        cells: list[str | None] = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            continued = tc.tcPr is not None and tc.tcPr.vMerge == "continue"
            cells += [None if continued else _cell_text(tc).strip()] + [None] * (span - 1)
        text = "\t".join(c or "" for c in cells)
        rows.append(Row(tuple(cells), first + i, text, spans_known=True))
    return rows


def _declares_entities(data: bytes) -> bool:
    """Whether any XML part of the package declares a DOCTYPE or entities: Word
    never writes them, and the parser would leave out the text after an
    entity it does not expand (an external one: never expanded)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return any(
                b"<!DOCTYPE" in package.read(name)[:4096] or b"<!ENTITY" in package.read(name)[:4096]
                for name in package.namelist()
                if name.endswith((".xml", ".rels"))
            )
    except (zipfile.BadZipFile, OSError, ValueError):
        return False  # Document() says what is wrong with it


def _unpacked(data: bytes) -> int:
    """The package's size unpacked, as its directory says (before anything is unpacked)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0  # Document() says what is wrong with it


def extract(data: bytes, encoding: str | None = None) -> Extracted:
    limits.PACKED_BYTES.check(_unpacked(data), "Word 文件")
    if _declares_entities(data):
        raise ImportFailure("Word 文件中有 XML 实体声明（DOCTYPE/ENTITY），Word 不会写出这样的文件，其中的文字无法完整读出："
                            "请在 Word 中另存为新的 .docx 再导入")
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFailure(f"不是有效的 Word（.docx）文件：{type(exc).__name__}") from None
    except etree.XMLSyntaxError as exc:  # a control character, nesting no editor writes, a cut part
        where = f"（第 {exc.lineno} 行第 {exc.offset} 列）" if exc.lineno else ""
        raise ImportFailure(f"Word 文件内部的 XML 已损坏或有 Word 不会写出的内容{where}，无法完整读出："
                            "请在 Word 中另存为新的 .docx 再导入") from None
    blocks: list[Block] = []
    ordinal = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            ordinal += 1
            text = Paragraph(child, document).text.strip()
            if text:
                blocks.append(Para(text, ordinal))
        elif child.tag == qn("w:tbl"):
            rows = _rows(Table(child, document), ordinal + 1)
            ordinal += len(rows)
            if rows:
                blocks.append(TableBlock(tuple(rows), rows[0].line))
    return Extracted(blocks)
