"""A PDF -> blocks, with pdfplumber; pages without a text layer (scans) by OCR.

Each page is read its own way: a page with a text layer as text, a page
that is only an image rendered and recognised (ocr/), and so is a picture
of a table on a page of text (a table pasted in as a screenshot). Tables
drawn with ruling lines are read as rows of cells (a merged cell's
other positions None); a table that ends a page and one that opens the next
are one table. Everything else, tables drawn without lines included, comes
out as lines of text in reading order, which the table reader cuts into
labels and values. Running headers and footers (the same line at the top
or bottom of most pages) are left out; the assembler joins the lines the
page wrapped and drops page numbers. `line` counts lines through the
document; `page` is the page.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pdfplumber

from .. import limits
from ..blocks import Block, Extracted, ImportFailure, ImportProblem, Para, Row, TableBlock, is_text_box, last_line

SUFFIXES = (".pdf",)
NAME = "PDF"  # as the import command's help names it
MAX_BYTES = limits.FILE_BYTES
_DIGITS = re.compile(r"[0-9０-９]+")


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return obj["x0"] >= x0 - 1 and obj["x1"] <= x1 + 1 and obj["top"] >= top - 1 and obj["bottom"] <= bottom + 1


PICTURE_WIDTH = 0.5  # of the page: a picture this wide, with no text on it, may be a table (a seal or logo is narrower)
PICTURE_HEIGHT = 40  # points


def _page_items(page: Any, number: int) -> list[tuple[float, str, Any]]:
    """(top, kind, content) of the page's text lines, ruled tables and
    pictures wide enough to be a table (content: the picture, as a PNG)."""
    tables = [t for t in page.find_tables() if not is_text_box(t.extract())]
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not any(_inside(obj, b) for b in boxes))
    items: list[tuple[float, str, Any]] = []
    for line in outside.extract_text_lines():
        if line["text"].strip():
            items.append((line["top"], "text", line["text"].strip()))
    for table in tables:
        rows = [tuple(None if c is None else " ".join(c.split()) for c in cells) for cells in table.extract()]
        if rows:
            items.append((table.bbox[1], "table", rows))
    for picture in page.images:
        left, top, right, bottom = page.bbox  # a page's box need not start at 0
        box = (max(picture["x0"], left), max(picture["top"], top), min(picture["x1"], right), min(picture["bottom"], bottom))
        wide = box[2] - box[0] >= PICTURE_WIDTH * page.width and box[3] - box[1] >= PICTURE_HEIGHT
        if wide and not any(_inside(c, box) for c in page.chars):
            image = _image(page.crop(box), [picture])
            if _ruled(image):
                items.append((box[1], "picture", image))
    return sorted(items, key=lambda item: item[0])


def _ruled(image: bytes) -> bool:
    """Whether a picture is a table: a grid of three lines down and three
    across at least, the lines down crossing those across (a banner's bold
    strokes and its one rule, a photo are not a table, and not read)."""
    from PIL import Image

    from ..ocr.engine import Page

    down, across = Page((), 0.0, Image.open(io.BytesIO(image)).convert("RGB")).rules
    if not down or not across:
        return False
    tallest, widest = max(down, key=lambda r: r.end - r.start), max(across, key=lambda r: r.end - r.start)
    grid_down = [r for r in down if r.end - r.start >= 0.6 * (tallest.end - tallest.start) and widest.start <= r.at <= widest.end]
    grid_across = [r for r in across if r.end - r.start >= 0.6 * (widest.end - widest.start) and tallest.start <= r.at <= tallest.end]
    return len(grid_down) >= 3 and len(grid_across) >= 3


def _furniture(blocks: list[Block]) -> set[str]:
    """Lines that open or close most pages, numbers aside: running headers and footers."""
    ends: dict[int, list[str]] = {}
    for block in blocks:
        if isinstance(block, Para) and block.page is not None:
            ends.setdefault(block.page, []).append(_DIGITS.sub("#", block.text))
    if len(ends) < 2:
        return set()
    seen: Counter[str] = Counter()
    for texts in ends.values():
        seen.update({texts[0], texts[-1]})
    return {t for t, n in seen.items() if n >= max(2, len(ends) * 2 // 3)}


SCAN_DPI = (150, 200)  # a scan is read at its own resolution within these bounds


def extract(data: bytes, encoding: str | None = None) -> Extracted:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds (PdfminerException, PSEOF…) on a damaged file
        raise ImportFailure(f"不是有效的 PDF 文件：{type(exc).__name__}") from None
    with pdf:
        limits.PAGES.check(len(pdf.pages))
        for n, page in enumerate(pdf.pages, 1):  # before any page is read or drawn
            limits.PAGE_POINTS.check(round(max(page.width, page.height)), f"第{n}页")
        try:
            pages: list[list[tuple[float, str, Any]] | bytes] = []
            stamped: dict[int, list[tuple[float, str, Any]]] = {}
            for n, page in enumerate(pdf.pages, 1):
                if not _scanned(page):
                    pages.append(_page_items(page, n))
                    continue
                pages.append(_image(page, page.images))
                if page.chars:  # a picture with a few characters on it: its text, should OCR not be installed
                    stamped[n - 1] = _page_items(page, n)
        except Exception as exc:  # pdfminer raises many kinds on a damaged file
            raise ImportFailure(f"PDF 文件已损坏，无法读取：{type(exc).__name__}") from None
    scans = [page for page in pages if isinstance(page, bytes)]
    pictures = [n for n, items in enumerate(pages, 1) if not isinstance(items, bytes) for _, kind, _ in items if kind == "picture"]
    images = [image for items in pages for image in ([items] if isinstance(items, bytes) else _pictures(items))]
    unread: list[ImportProblem] = []
    try:
        recognised = iter(_ocr(images, len(scans))) if images else iter(())
    except ImportFailure as exc:
        if len(stamped) < len(scans):  # a page with no text at all cannot be read without OCR
            raise
        texts = [stamped[i] if isinstance(page, bytes) else page for i, page in enumerate(pages)]
        pages = [[item for item in items if item[1] != "picture"] for items in texts]
        scans, images, recognised = [], [], iter(())
        unread = [ImportProblem(1, f"第{i + 1}页是整页图片，上面只有少量文字，可能是扫描件：只读取了这些文字。{exc}", i + 1) for i in stamped]
        unread += [ImportProblem(1, f"第{n}页有一幅图片，可能是表格的截图：图片中的文字没有读取。{exc}", n) for n in pictures]
    layout = _layout() if images else None
    blocks: list[Block] = []
    line = 0
    table_ended_page = False
    for number, items in enumerate(pages, 1):
        if isinstance(items, bytes):
            assert layout is not None
            found = layout.page(next(recognised), number, line + 1)
            blocks += found
            line = last_line(found, line)
            table_ended_page = False
            continue
        for i, (_, kind, content) in enumerate(items):
            if kind == "picture":
                assert layout is not None
                found = layout.page(next(recognised), number, line + 1)
                blocks += found
                line = last_line(found, line)
                continue
            if kind == "text":
                line += 1
                blocks.append(Para(content, line, number))
                continue
            rows = []
            for cells in content:
                line += 1
                rows.append(Row(cells, line, "\t".join(c or "" for c in cells), number, spans_known=True))
            last = blocks[-1] if blocks else None
            if i == 0 and table_ended_page and isinstance(last, TableBlock):
                blocks[-1] = TableBlock(last.rows + tuple(rows), last.line)
            else:
                blocks.append(TableBlock(tuple(rows), rows[0].line))
        table_ended_page = bool(items) and items[-1][1] == "table"
    if scans and not any(isinstance(b, TableBlock) or b.text.strip() for b in blocks):
        raise ImportFailure("PDF 没有文字层（扫描件），文字识别（OCR）也没有读出任何文字：请检查扫描件是否清晰")
    furniture = _furniture(blocks)
    blocks = [b for b in blocks if not (isinstance(b, Para) and _DIGITS.sub("#", b.text) in furniture)]
    return Extracted(blocks, wrapped=True, scanned=bool(images), problems=unread + (layout.problems if layout else []))


def _pictures(items: list[tuple[float, str, Any]]) -> list[bytes]:
    return [content for _, kind, content in items if kind == "picture"]


STAMP_CHARS = 40  # text on a scanned page beyond this is the page's own, not a site's stamp
STAMP_MARGIN = 0.12  # of the page's height: where a site stamps a page number or its address


def _scanned(page: Any) -> bool:
    """A page to read by OCR: no text, or a picture over most of the page
    with only a few characters on it, all in its top or bottom margin (a
    page number or address that a website stamped on a scan; a cover's
    title over a picture stands in the page, and is read as text)."""
    if not page.chars:
        return True
    covered = max((abs((i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in page.images), default=0)
    margin = STAMP_MARGIN * page.height
    return (
        len(page.chars) < STAMP_CHARS
        and covered > 0.5 * page.width * page.height
        and all(c["bottom"] < margin or c["top"] > page.height - margin for c in page.chars)
    )


def _image(page: Any, pictures: list[dict[str, Any]]) -> bytes:
    """A page without text, or a picture's part of a page, as the PNG image
    OCR reads: at the pictures' own resolution, within SCAN_DPI."""
    native = [img["srcsize"][0] * 72 / max(img["x1"] - img["x0"], 1) for img in pictures]
    low, high = SCAN_DPI
    from ..ocr import engine as ocr

    return ocr.as_png(page.to_image(resolution=min(max([low, *native]), high)).original)


def _layout() -> Any:
    from ..ocr.layout import Layout

    return Layout()


def _ocr(images: list[bytes], scans: int) -> Iterator[Any]:
    from ..ocr import engine as ocr

    try:
        return ocr.recognise(images)
    except ocr.OcrUnavailable as exc:
        what = f"PDF 有 {scans} 页没有文字层（扫描件）" if scans else f"PDF 中有 {len(images)} 幅图片可能是表格的截图"
        raise ImportFailure(f"{what}。{exc}") from None
