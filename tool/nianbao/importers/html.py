"""A government CMS page (.html/.htm) -> blocks, with lxml.

The report is the smallest element holding the title, the first section and
a table; navigation, headers, footers and the 索引号/发布机构 table around it
are left out. Table cells spanning rows or columns give their text at their
first grid position and leave the others empty (as the Word reader does).
`line` is the element's line in the HTML source.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree
from lxml import html as lxml_html

from .assemble import ImportFailure
from .blocks import Block, Para, Row, TableBlock

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "section", "article", "blockquote", "pre", "center", "dd", "dt"}
DROP = ("script", "style", "nav", "header", "footer", "noscript", "form", "iframe")
PUBLISHED = re.compile(r"(?:发布日期|发布时间)\s*[:：]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
METADATA = ("索引号", "发布机构")
BREAK = "\ue000"  # stands for <br> while the text is gathered
_SPACES = re.compile(r"[ \t\r\f]+")


def _text(element: etree._Element) -> str:
    """Text with <br> as a line break and runs of source whitespace folded
    (as a browser shows it; a no-break space is kept)."""
    for br in element.iter("br"):
        br.tail = BREAK + (br.tail or "")
    lines = element.text_content().replace("\n", " ").split(BREAK)
    return "\n".join(_SPACES.sub(" ", line).strip(" \t\r") for line in lines).strip()


def _fold(text: str) -> str:
    return "".join(text.split())


def _article(root: etree._Element) -> etree._Element:
    best = None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        text = _fold(element.text_content())
        if "政府信息公开工作年度报告" in text and "一、总体情况" in text and element.find(".//table") is not None:
            if best is None or len(text) <= len(_fold(best.text_content())):
                best = element
    if best is None:
        raise ImportFailure("网页中找不到年度报告正文（应有「……年政府信息公开工作年度报告」标题、「一、总体情况」和统计表）")
    return best


def _table(table: etree._Element) -> TableBlock | None:
    if any(word in _fold(table.text_content()) for word in METADATA):
        return None
    rows: list[Row] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    for tr in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        cells: list[str] = []
        column = 0
        for td in tr.xpath("./td | ./th"):
            while pending.get(column, 0) > 0:
                pending[column] -= 1
                cells.append("")
                column += 1
            span = int(td.get("colspan", "1") or 1)
            down = int(td.get("rowspan", "1") or 1)
            cells += [_text(td).replace("\n", "")] + [""] * (span - 1)
            for c in range(column, column + span):
                if down > 1:
                    pending[c] = down - 1
            column += span
        while pending.get(column, 0) > 0:
            pending[column] -= 1
            cells.append("")
            column += 1
        rows.append(Row(tuple(cells), tr.sourceline or 0, "\t".join(cells)))
    return TableBlock(tuple(rows), rows[0].line) if rows else None


def _walk(element: etree._Element, out: list[Block]) -> None:
    if element.tag == "table":
        block = _table(element)
        if block:
            out.append(block)
        return
    has_blocks = any(isinstance(d.tag, str) and (d.tag in BLOCKS or d.tag == "table") for d in element.iterdescendants())
    if element.tag in BLOCKS and not has_blocks:
        for line in _text(element).split("\n"):
            if line.strip():
                out.append(Para(line.strip(), element.sourceline or 0))
        return
    for child in element:
        if isinstance(child.tag, str):
            _walk(child, out)


def published_date(text: str) -> date | None:
    match = PUBLISHED.search(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def extract(data: bytes) -> tuple[list[Block], date | None]:
    try:
        root = lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise ImportFailure(f"无法解析网页：{exc}") from None
    published = published_date(_fold(root.text_content()))
    for element in root.xpath(" | ".join(f"//{tag}" for tag in DROP)):
        element.drop_tree()
    blocks: list[Block] = []
    _walk(_article(root), blocks)
    return blocks, published
