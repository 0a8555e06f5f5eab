"""What every extractor hands to the assembler: the document as paragraphs
and table rows in reading order, each with where it was found; or the
failure that it is not a report nianbao can read."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

_PROSE = re.compile(r"[，。；：]")


class ImportFailure(Exception):
    """The input is not a report nianbao can import."""


@dataclass(frozen=True)
class ImportProblem:
    """Something a person should look at, with where it is in the input."""

    line: int
    message: str
    page: int | None = None


@dataclass(frozen=True)
class Para:
    """A line or paragraph of text; "" for an empty line in plain text,
    which may stand for a blank cell. `col`: where it starts in its line
    (a line cut into pieces, see segment.py)."""

    text: str
    line: int
    page: int | None = None
    col: int = 0


@dataclass(frozen=True)
class Row:
    """One table row as extracted. A cell covered by a merged cell is None
    (only extractors that see merges, such as Word and HTML, say so:
    `spans_known`); an empty cell is "". `text` is the row as it stood."""

    cells: tuple[str | None, ...]
    line: int
    text: str
    page: int | None = None
    spans_known: bool = False


@dataclass(frozen=True)
class TableBlock:
    rows: tuple[Row, ...]
    line: int


Block = Para | TableBlock


def last_line(blocks: list[Block], before: int = 0) -> int:
    """The last line number `blocks` use (a table one for each of its rows),
    or `before` when there are none: where the next blocks go on numbering.
    Lines never repeat: the table reader tells its rows apart by them."""
    return max([before, *(r.line for b in blocks for r in (b.rows if isinstance(b, TableBlock) else (b,)))])


@dataclass
class Extracted:
    """An extractor's result. `wrapped`: the text's lines were broken by the
    page (PDF), so paragraphs must be joined again; `scanned`: read by OCR,
    so rows whose sums fail are worth a look at the scan."""

    blocks: list[Block]
    published: date | None = None
    wrapped: bool = False
    scanned: bool = False
    title: str | None = None
    problems: list[ImportProblem] = field(default_factory=list)
    source_url: str | None = None
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (line, text) left out: a crawler's header


def is_text_box(rows: Sequence[Sequence[str | None]]) -> bool:
    """A frame drawn around text (a PDF's boxed paragraphs, a page laid out
    in a one-cell table): every row one cell, most of them prose (long, or
    with the punctuation of sentences). Its lines are paragraphs, not a table."""
    cells = [[c for c in row if c and c.strip()] for row in rows]
    if any(len(c) > 1 for c in cells):
        return False
    texts = [c[0] for c in cells if c]
    prose = [t for t in texts if len(t.strip()) >= 20 or _PROSE.search(t)]
    return bool(texts) and 2 * len(prose) > len(texts) and sum(len(t) for t in texts) >= 40
