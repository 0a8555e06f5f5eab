"""A text-layer PDF -> blocks, with pdfplumber.

Tables are found by their ruling lines; text outside them becomes
paragraphs, in reading order. A table that ends a page and one that opens
the next page are one table (a report table broken by a page break).
`line` is page × 1000 + the line's number on that page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError

from .assemble import ImportFailure
from .blocks import Block, Para, Row, TableBlock

PAGE = 1000


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return obj["x0"] >= x0 - 1 and obj["x1"] <= x1 + 1 and obj["top"] >= top - 1 and obj["bottom"] <= bottom + 1


def _page_items(page: Any, number: int) -> list[tuple[float, Block]]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not any(_inside(obj, b) for b in boxes))
    items: list[tuple[float, Block]] = []
    for i, line in enumerate(outside.extract_text_lines(), 1):
        if line["text"].strip():
            items.append((line["top"], Para(line["text"].strip(), number * PAGE + i)))
    for t, table in enumerate(tables, 1):
        rows = []
        for r, cells in enumerate(table.extract(), 1):
            texts = tuple("".join((c or "").split()) for c in cells)
            rows.append(Row(texts, number * PAGE + 500 + t * 100 + r, "\t".join(texts)))
        if rows:
            items.append((table.bbox[1], TableBlock(tuple(rows), rows[0].line)))
    return sorted(items, key=lambda item: item[0])


def extract(path: Path) -> list[Block]:
    try:
        pdf = pdfplumber.open(str(path))
    except (PDFSyntaxError, ValueError, OSError) as exc:
        raise ImportFailure(f"不是有效的 PDF 文件：{type(exc).__name__}") from None
    with pdf:
        if not any(page.chars for page in pdf.pages):
            raise ImportFailure("PDF 没有文字层（可能是扫描件）：需要先做 OCR 文字识别再导入")
        blocks: list[Block] = []
        table_ended_page = False
        for number, page in enumerate(pdf.pages, 1):
            items = _page_items(page, number)
            for i, (_, block) in enumerate(items):
                last = blocks[-1] if blocks else None
                if i == 0 and table_ended_page and isinstance(block, TableBlock) and isinstance(last, TableBlock):
                    blocks[-1] = TableBlock(last.rows + block.rows, last.line)
                else:
                    blocks.append(block)
            table_ended_page = bool(items) and isinstance(items[-1][1], TableBlock)
    return blocks
