"""Markdown (.md), as OCR and conversion tools write it -> blocks.

Headings, emphasis and line-break tags are dropped to their text; tables
are pipe rows, read like pipe rows in plain text (their rule lines
skipped). A heading 「### 行政复议」 over a small table is a line of text,
which the table reader takes as that row's label.
"""

from __future__ import annotations

import re

from .. import limits
from ..blocks import Extracted
from ..decoding import decode
from ..lines import blocks, lines_of

SUFFIXES = (".md", ".markdown")
NAME = "Markdown"  # as the import command's help names it
MAX_BYTES = limits.TEXT_BYTES
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_EMPHASIS = re.compile(r"(\*\*|__|\*(?=\S)|(?<=\S)\*)")
_BREAK = re.compile(r"<br\s*/?>", re.I)
_ESCAPE = re.compile(r"\\([\\`*_\[\]#+\-.!()])")


def _plain(line: str) -> str:
    line = _HEADING.sub("", line)
    line = _BREAK.sub("", line)
    line = _EMPHASIS.sub("", line)
    return _ESCAPE.sub(r"\1", line)


def extract(data: bytes, encoding: str | None = None) -> Extracted:
    return Extracted(blocks([_plain(line) for line in lines_of(decode(data, encoding))]))
