"""Narrative lines back into paragraphs, without page furniture.

A PDF breaks Chinese text mid-sentence at the page's edge: such lines are
joined without a space (with one between Latin words). A paragraph ends at
a line ending in 。：；！？ or where the next line starts a numbered item
(「（一）」「一是」「1.」「一、」). Page numbers (「- 3 -」「第3页 共8页」) are dropped.
"""

from __future__ import annotations

import re

from .blocks import Para

FURNITURE = re.compile(
    r"^\s*(?:[-—–－]\s*[0-9０-９]{1,3}\s*[-—–－]|第\s*[0-9０-９]{1,3}\s*页(?:\s*[，,/]?\s*共\s*[0-9０-９]{1,3}\s*页)?"
    r"|[0-9０-９]{1,3}\s*/\s*[0-9０-９]{1,3}|共\s*[0-9０-９]{1,3}\s*页(?:\s*第\s*[0-9０-９]{1,3}\s*页)?)\s*$"
)
_ENDS = tuple("。：；！？:;!?")
_STARTS = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十0-9０-９]+[)）]|[一二三四五六七八九十]+[是要、]|[0-9０-９]+\s*[.．、]|第[一二三四五六七八九十]+[条章节])"
)


def is_furniture(text: str) -> bool:
    return bool(FURNITURE.match(text))


def _glue(left: str, right: str) -> str:
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def join(paras: list[Para], wrapped: bool) -> list[Para]:
    """Paragraphs from lines; every line kept as it is unless `wrapped`."""
    lines = [p for p in paras if p.text.strip() and not is_furniture(p.text)]
    if not wrapped:
        return [Para(p.text.strip(), p.line, p.page) for p in lines]
    out: list[Para] = []
    open_ = False
    for para in lines:
        text = para.text.strip()
        if open_ and out and not _STARTS.match(text):
            last = out[-1]
            out[-1] = Para(_glue(last.text, text), last.line, last.page)
        else:
            out.append(Para(text, para.line, para.page))
        open_ = not text.endswith(_ENDS)
    return out


def looks_wrapped(paras: list[Para]) -> bool:
    """Plain text copied out of a PDF: most long lines stop mid-sentence at
    about the same width."""
    long = [p.text.strip() for p in paras if len(p.text.strip()) >= 20]
    if len(long) < 4:
        return False
    open_ = [t for t in long if not t.endswith(_ENDS)]
    widths = sorted(len(t) for t in long)
    common = widths[len(widths) // 2]
    near = [t for t in open_ if abs(len(t) - common) <= 3]
    return len(open_) >= len(long) / 2 and len(near) >= len(open_) / 2
