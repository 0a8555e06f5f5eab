"""A government CMS page (.html/.htm) -> blocks, with lxml.

The report is the smallest element holding all the report's landmarks that
the page holds (section words, table labels); navigation, headers, footers
and the 索引号/发布机构 table around it are left out. A page that writes its
report from a JavaScript string is read from that string. The title may
stand outside the report's element (an <h1> above it, or <title>). Table
cells spanning rows or columns give their text at their first grid
position; the positions they cover are None (as the Word reader does).
`line` is the element's line in the HTML source.
"""

from __future__ import annotations

import json
import re
from datetime import date

from lxml import etree
from lxml import html as lxml_html

from ...model.names import parse_title
from .. import limits
from ..blocks import Block, Extracted, ImportFailure, Para, Row, TableBlock
from ..decoding import decode

SUFFIXES = (".html", ".htm")
NAME = "网页"  # as the import command's help names it
MAX_BYTES = limits.TEXT_BYTES

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "section", "article", "blockquote", "pre", "center", "dd", "dt"}
DROP = ("script", "style", "nav", "header", "footer", "noscript", "form", "iframe")
PUBLISHED = re.compile(r"(?:发布日期|发布时间|公开日期|发文日期)\s*[:：]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
METADATA = ("索引号", "发布机构")
_ADDRESS = re.compile(r"(?:原文链接|原文地址|来源|网址)\s*[:：]\s*(https?://[^\s<>\"'，。]+)")
BREAK = "\ue000"  # stands for <br> while the text is gathered
_SPACES = re.compile(r"[ \t\r\f]+")
LANDMARKS = ("总体情况", "主动公开", "予以公开", "行政复议", "本年新收", "存在的主要问题", "其他需要报告")
_JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')


def _text(element: etree._Element) -> str:
    """Text with <br> as a line break and runs of source whitespace folded
    (as a browser shows it; a no-break space is kept)."""
    for br in element.iter("br"):
        br.tail = BREAK + (br.tail or "")
    lines = element.text_content().replace("\n", " ").split(BREAK)
    return "\n".join(_SPACES.sub(" ", line).strip(" \t\r") for line in lines).strip()


def _fold(text: str) -> str:
    return "".join(text.split())


def _landmarks(text: str) -> set[str]:
    return {word for word in LANDMARKS if word in text}


def _article(root: etree._Element) -> etree._Element | None:
    """The smallest element holding every landmark the page holds (at least two)."""
    wanted = _landmarks(_fold(root.text_content()))
    if len(wanted) < 2:
        return None
    best = None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        text = _fold(element.text_content())
        if _landmarks(text) >= wanted and (best is None or len(text) <= len(_fold(best.text_content()))):
            best = element
    return best


def _unescape_js(literal: str) -> str:
    return json.loads('"' + literal.replace('\\\'', "'").replace('"', '\\"').replace('\\\\"', '\\"') + '"')


def _from_script(scripts: list[str]) -> etree._Element | None:
    """A report the page writes from a JavaScript string (document.write, innerHTML)."""
    for script in scripts:
        parts = []
        for match in _JS_STRING.finditer(script):
            literal = match[1] if match[1] is not None else match[2]
            try:
                parts.append(_unescape_js(literal))
            except ValueError:
                parts.append(literal)
        joined = "".join(parts)
        if len(_landmarks(_fold(joined))) >= 2 and "<" in joined:
            return lxml_html.fragment_fromstring(joined, create_parent="div")
    return None


def _title(root: etree._Element) -> str | None:
    """The report's title where the page shows it outside the report's text."""
    for element in root.xpath("//h1 | //h2 | //*[contains(@class, 'title')] | //title"):
        for text in re.split(r"[_|｜]|\s-\s|(?<=报告)[-—－]", element.text_content()):
            if parse_title(_fold(text)):
                return " ".join(text.split())
    return None


def _table(table: etree._Element) -> TableBlock | None:
    if any(word in _fold(table.text_content()) for word in METADATA):
        return None
    rows: list[Row] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    for tr in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        cells: list[str | None] = []
        column = 0
        for td in tr.xpath("./td | ./th"):
            while pending.get(column, 0) > 0:
                pending[column] -= 1
                cells.append(None)
                column += 1
            span = _span(td.get("colspan"))
            down = _span(td.get("rowspan"))
            cells += [_text(td).replace("\n", "")] + [None] * (span - 1)
            for c in range(column, column + span):
                if down > 1:
                    pending[c] = down - 1
            column += span
        while pending.get(column, 0) > 0:
            pending[column] -= 1
            cells.append(None)
            column += 1
        text = "\t".join(c or "" for c in cells)
        rows.append(Row(tuple(cells), tr.sourceline or 0, text, spans_known=True))
    return TableBlock(tuple(rows), rows[0].line) if rows else None


def _span(value: str | None) -> int:
    digits = "".join(ch for ch in value or "" if ch in "0123456789")[:3]
    return max(1, min(int(digits or 1), 100))


def _walk(element: etree._Element, out: list[Block]) -> None:
    if element.tag == "table" and element.find(".//table") is not None:
        # A table holding tables lays the page out: its cells are read as parts of the page.
        for cell in element.xpath("./tr/td | ./tr/th | ./*/tr/td | ./*/tr/th"):
            _walk_cell(cell, out)
        return
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


def _walk_cell(cell: etree._Element, out: list[Block]) -> None:
    """A layout table's cell: its own text as a paragraph, its blocks in order."""
    if not any(isinstance(d.tag, str) and (d.tag in BLOCKS or d.tag == "table") for d in cell.iterdescendants()):
        text = _text(cell)
        if text.strip():
            out += [Para(line.strip(), cell.sourceline or 0) for line in text.split("\n") if line.strip()]
        return
    for child in cell:
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


def extract(data: bytes, encoding: str | None = None) -> Extracted:
    # Decoded as text files are (UTF-8, else detected), not by lxml: a page
    # without a charset declaration would otherwise be read as Latin-1.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", decode(data, encoding))
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ImportFailure(f"无法解析网页：{exc}") from None
    published = published_date(_fold(root.text_content()))
    address = _ADDRESS.search(root.text_content())  # a collector's or CMS's 「来源：https://…」
    scripts = [s.text_content() for s in root.xpath("//script")]
    title = _title(root)
    for element in root.xpath(" | ".join(f"//{tag}" for tag in DROP)):
        element.drop_tree()
    article = _article(root)
    if article is None:
        article = _from_script(scripts)
    if article is None:
        raise ImportFailure("网页中找不到年度报告正文（应有「一、总体情况」等章节和统计表）")
    blocks: list[Block] = []
    _walk(article, blocks)
    return Extracted(blocks, published, title=title, source_url=address[1] if address else None)
