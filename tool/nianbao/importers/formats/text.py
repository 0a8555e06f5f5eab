"""Plain text (.txt), as copied or extracted from a published report, or as
a crawler saved it with a header of its own -> blocks (lines.py)."""

from __future__ import annotations

from .. import crawler, limits
from ..blocks import Extracted
from ..decoding import decode
from ..lines import blocks, lines_of

SUFFIXES = (".txt", ".text")
NAME = "文本"  # as the import command's help names it
MAX_BYTES = limits.TEXT_BYTES


def extract(data: bytes, encoding: str | None = None) -> Extracted:
    lines = lines_of(decode(data, encoding))
    header = crawler.read(lines)
    taken = {n for n, _ in header.lines}
    body = ["" if n in taken else line for n, line in enumerate(lines, start=1)]
    return Extracted(
        blocks(body), header.published, title=header.title, source_url=header.url, dropped=header.lines
    )
