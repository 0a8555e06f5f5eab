"""What every extractor hands to the assembler: the document as paragraphs
and table rows in reading order, each with where it was found."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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
