"""Properties over generated sources (Hypothesis): arbitrary Unicode in the
front matter, the narrative and a cell never ends in a traceback; parse →
fmt → parse gives the same report; fmt changes no character of the
narrative; a cell is a number only if its digits are ASCII or full-width."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lint_support import TOWN_2021, text_of, without_waivers

from nianbao.model.fmt import FormatError, format_text
from nianbao.model.source import SourceError, parse

TOWN = without_waivers(text_of(TOWN_2021))
CELL = "| 行政许可           |                0 |"
PARAGRAPH = "目前我镇通过"
assert CELL in TOWN and PARAGRAPH in TOWN

# Any character but the few that change a document's structure where they stand.
free_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r|\x00"), max_size=30)


def _source(organ: str, words: str, cell: str) -> str:
    organ_yaml = '"' + organ.replace("\\", "\\\\").replace('"', '\\"') + '"'
    text = TOWN.replace("organ: 红旗区小店镇", f"organ: {organ_yaml}", 1)
    text = text.replace(PARAGRAPH, words + PARAGRAPH, 1)
    return text.replace(CELL, f"| 行政许可 | {cell} |", 1)


def _digits_are_ours(raw: str) -> bool:
    return all(ch.isascii() or 0xFF10 <= ord(ch) <= 0xFF19 for ch in raw if unicodedata.category(ch) == "Nd")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organ=free_text, words=free_text, cell=free_text)
def test_any_text_is_read_or_refused_never_a_crash(organ: str, words: str, cell: str) -> None:
    source = _source(organ, words, cell)
    try:
        report = parse(source, "r.md")
    except SourceError:
        return  # refused with a located message: allowed
    read = report.cell("t2_5", "licensing", "decisions")
    assert read is not None
    if read.value is not None:
        assert _digits_are_ours(read.raw), read.raw
        assert not any(unicodedata.category(ch) == "No" for ch in read.raw), read.raw
    try:
        formatted = format_text(source, "r.md")
    except FormatError:
        return
    again = parse(formatted, "r.md")
    assert again.cell("t2_5", "licensing", "decisions").value == read.value
    assert [s.body for s in again.sections] == [s.body for s in report.sections]
    assert again.meta == report.meta or again.meta.organ == report.meta.organ
    assert words + PARAGRAPH in formatted  # the narrative as written, character for character
    assert format_text(formatted, "r.md") == formatted


@pytest.mark.parametrize("raw", ["١٩", "𝟖𝟕", "⁰", "ⅩⅨ", "²"])
def test_other_digits_are_text_with_an_error(raw: str) -> None:
    report = parse(_source("红旗区小店镇", "", raw), "r.md")
    cell = report.cell("t2_5", "licensing", "decisions")
    assert cell.value is None and cell.raw == raw
    assert any(p.code == "bad-number" and raw in p.message for p in report.problems)
