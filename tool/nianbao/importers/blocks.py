"""What every extractor (text, Word, HTML, PDF) hands to the assembler:
the document as paragraphs and table rows, each with where it was found."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Para:
    text: str
    line: int


@dataclass(frozen=True)
class Row:
    """One table row as extracted, merged cells already resolved by the
    extractor where its format allows; `text` is the row as it stood."""

    cells: tuple[str, ...]
    line: int
    text: str


@dataclass(frozen=True)
class TableBlock:
    rows: tuple[Row, ...]
    line: int


Block = Para | TableBlock


@dataclass
class Extracted:
    blocks: list[Block]
    published: str | None = None
    source_url: str | None = None
