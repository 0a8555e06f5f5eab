"""Import is a partition of the input's text: every character the reader
read (whitespace aside) lands exactly once, on its own line and in its
order there, in the title,
a heading, a narrative paragraph, a row label or header the tables took, a
cell, a line kept verbatim beside its table, or a listed drop (page numbers,
a running title, a crawler's header). Nothing invented, nothing lost.

Checked on every fixture of the import corpus, every report of
content/reports in every layout of layouts.py, and every real report of
../shared/corpus."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import layouts as L
import pytest
from import_corpus import CORPUS, HERE
from test_layouts import DOCS

from nianbao.importers import _format, import_file
from nianbao.importers.blocks import Para

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out

REAL = sorted((Path(__file__).resolve().parent.parent.parent / "shared" / "corpus").glob("*/truth.yaml"))


def _squash(text: str) -> str:
    return "".join(text.split())


def _read(path: Path) -> dict[int, list[str]]:
    """The texts the format's reader gave, by line (a row's cells joined)."""
    extracted = _format(path).extract(path.read_bytes(), None)
    out: dict[int, list[str]] = {}
    for block in extracted.blocks:
        items = [block] if isinstance(block, Para) else block.rows
        for item in items:
            text = item.text if isinstance(item, Para) else " ".join(c for c in item.cells if c)
            out.setdefault(item.line, []).append(_squash(text))
    for line, text in extracted.dropped:
        out.setdefault(line, []).append(_squash(text))
    return {line: [t for t in texts if t] for line, texts in out.items() if any(texts)}


def _check(path: Path, **options: object) -> None:
    imported = import_file(path, **options)  # type: ignore[arg-type]
    landed: dict[int, list[tuple[int, str]]] = {}
    for span in imported.spans:
        landed.setdefault(span.line, []).append((span.col, _squash(span.text)))
    read = _read(path)
    lost, extra, moved = {}, {}, {}
    for line in read.keys() | landed.keys():
        want = Counter("".join(read.get(line, [])))
        got = Counter("".join(t for _, t in landed.get(line, [])))
        if want - got:
            lost[line] = "".join((want - got).elements())
        if got - want:
            extra[line] = "".join((got - want).elements())
        # A line the reader gave as one text: its pieces, by where they stood, are that text, in order.
        if len(read.get(line, [])) == 1 and not lost.get(line) and not extra.get(line):
            ordered = "".join(t for _, t in sorted(landed[line], key=lambda s: s[0]))
            if ordered != read[line][0]:
                moved[line] = ordered
    assert not lost, ("lost", lost)
    assert not extra, ("twice or invented", extra)
    assert not moved, ("out of order", moved)


TEXTUAL = [e for e in CORPUS if not e["file"].endswith((".pdf",))]


@pytest.mark.parametrize("entry", TEXTUAL, ids=[e["file"] for e in TEXTUAL])
def test_every_character_of_a_fixture_lands_once(entry: dict) -> None:
    _check(HERE / entry["file"], **entry.get("options", {}))


@pytest.mark.parametrize("layout", list(L.LAYOUTS))
@pytest.mark.parametrize("name", ["hongqiquxiaodianzhen-2025", "dazhaizhen-2025", "corpus-A", "corpus-B"])
def test_every_character_lands_once_in_every_layout(name: str, layout: str, tmp_path: Path) -> None:
    _check(L.write(DOCS[name], layout, tmp_path))


@pytest.mark.skipif(not REAL, reason="../shared/corpus is absent")
@pytest.mark.parametrize("truth", REAL, ids=[p.parent.name for p in REAL])
def test_every_character_of_a_real_report_lands_once(truth: Path) -> None:
    import yaml

    _check(truth.parent / yaml.safe_load(truth.read_text(encoding="utf-8"))["file"])
