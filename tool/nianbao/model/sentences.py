"""The sentences of report text: what the checks quote and weigh, and what
the portal and the review letters mark and cite (each split the same way)."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[。；！？])")


def sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a text with where each starts, each with its end
    mark: what the rules that read the narrative quote and weigh."""
    out, start = [], 0
    for piece in _SENTENCE_END.split(text):
        if piece:
            out.append((start, piece))
        start += len(piece)
    return out


def sentence_at(text: str, at: int) -> tuple[int, str]:
    """The sentence of `text` holding position `at`, and where it starts."""
    return next(((start, s) for start, s in sentences(text) if at < start + len(s)), (len(text), ""))
