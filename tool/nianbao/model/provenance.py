"""Where each cell and paragraph of an imported report came from in the
original: page, line and offset, and the words as the original wrote them.

`nianbao import` writes it beside the source, in the originals folder
(originals/<slug>.where.json), so that a review letter can point the organ
to its own document (「原文第 3 页」, quoting the original) instead of a
line of our Markdown, and a person can check a number against the PDF in
one step. Untrusted like every file in the collection: read as JSON only,
bounded in size, never through a link.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..base.paths import ORIGINALS

SUFFIX = ".where.json"
MAX_BYTES = 4 * 1024 * 1024
QUOTE = 40  # characters of a paragraph kept: enough to find it in the original


@dataclass(frozen=True)
class Place:
    """Where a piece of the input went. `kind`: title, heading, para (the
    narrative), label (a row label, header or caption the tables took),
    cell (a value placed in a cell), kept (kept verbatim beside its table,
    for a person) or drop (page furniture, a crawler's header, a running
    title); `to`: the cell, row or section it went to. Every character of
    the input is in exactly one place (whitespace aside)."""

    line: int
    page: int | None
    col: int
    kind: str
    to: str
    text: str

    def cited(self) -> str:
        """The place in the organ's words: the page of a PDF or a scan. A
        line of a web page's source or of a crawler's text is no place the
        organ knows (it never saw those files): the words quoted after this
        say where."""
        return f"原文第 {self.page} 页" if self.page else "原文"


def path_for(source: Path, slug: str) -> Path:
    return source.parent / ORIGINALS / f"{slug}{SUFFIX}"


def dumps(file: str, sha256: str, places: list[Place]) -> str:
    """The record: cells, labels and kept lines whole, paragraphs by their opening words."""
    rows = [
        [p.line, p.page, p.col, p.kind, p.to, p.text if p.kind in ("cell", "label", "kept") else p.text[:QUOTE]]
        for p in places
    ]
    return json.dumps({"file": file, "sha256": sha256, "places": rows}, ensure_ascii=False, separators=(",", ":")) + "\n"


@dataclass(frozen=True)
class Provenance:
    file: str
    places: tuple[Place, ...]

    def of_row(self, table: str, row: str) -> tuple[Place, str] | None:
        """Where a row of a table was read, and the row as the original wrote
        it (its label and values); None when the import did not record it."""
        key = f"{table}.{row}"
        pieces = [p for p in self.places if p.to == key and p.kind in ("label", "cell")]
        if not pieces:
            return None
        return pieces[0], " ".join(p.text for p in pieces)

    def of_text(self, line: str, col: int) -> Place | None:
        """Where the piece of a paragraph holding column `col` (from 1) of
        a line of the source began in the original: of the paragraph
        pieces whose opening words are in the line (all QUOTE the record
        keeps, so that two paragraphs opening alike are told apart; else
        their first 20, the source having been edited since), the last that
        starts at or before that column (spaces aside); None when none is."""
        bare = _bare(line)
        at = len(_bare(line[: max(col - 1, 0)]))
        for length in (QUOTE, 20):
            starts = [(bare.find(opening), p) for p in self.places
                      if p.kind == "para" and (opening := _bare(p.text)[:length]) and bare.find(opening) >= 0]
            found = max(((i, p) for i, p in starts if i <= at), key=lambda item: item[0], default=None)
            if found:
                return found[1]
        return None


def _bare(text: str) -> str:
    return "".join(text.split())


def load(source: Path, slug: str) -> Provenance | None:
    """The record beside `source`, or None when there is none or it is not one."""
    path = path_for(source, slug)
    try:
        if path.is_symlink() or os.path.getsize(path) > MAX_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        places = tuple(
            Place(int(line), int(page) if page is not None else None, int(col), str(kind), str(to), str(text))
            for line, page, col, kind, to, text in data["places"]
        )
        return Provenance(str(data["file"]), places)
    except (OSError, ValueError, TypeError, KeyError):
        return None
