"""Import is a partition of the input's text: every character the reader
read (whitespace aside) lands exactly once, on its own line, in the title,
a heading, a narrative paragraph, a row label or header the tables took, a
cell, a line kept verbatim beside its table, or a listed drop (page numbers,
a running title, a crawler's header). Nothing invented, nothing lost.

Checked on every fixture of the import corpus, every report of
content/reports in every layout of layouts.py, and every real report of
../shared/corpus."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from import_corpus import CORPUS, HERE, fixture_ids
from test_layouts import DOCS

import layouts as L
from nianbao.importers import _format, import_file
from nianbao.importers.blocks import Para, Row

REAL = sorted((Path(__file__).resolve().parent.parent.parent / "shared" / "corpus").glob("*/truth.yaml"))


def _read(path: Path) -> dict[int, Counter[str]]:
    """The characters the format's reader gave, by (page, line)."""
    extracted = _format(path).extract(path.read_bytes(), None)
    out: dict[int, Counter[str]] = {}
    for block in extracted.blocks:
        items = [block] if isinstance(block, Para) else block.rows
        for item in items:
            text = item.text if isinstance(item, Para) else " ".join(c for c in item.cells if c)
            out.setdefault(item.line, Counter()).update(ch for ch in text if not ch.isspace())
    for line, text in extracted.dropped:
        out.setdefault(line, Counter()).update(ch for ch in text if not ch.isspace())
    return {line: chars for line, chars in out.items() if chars}


def _check(path: Path, **options: object) -> None:
    imported = import_file(path, **options)  # type: ignore[arg-type]
    landed: dict[int, Counter[str]] = {}
    for span in imported.spans:
        landed.setdefault(span.line, Counter()).update(ch for ch in span.text if not ch.isspace())
    read = _read(path)
    lost = {line: read[line] - landed.get(line, Counter()) for line in read}
    extra = {line: landed[line] - read.get(line, Counter()) for line in landed}
    assert not {k: v for k, v in lost.items() if v}, ("lost", {k: "".join(v.elements()) for k, v in lost.items() if v})
    assert not {k: v for k, v in extra.items() if v}, ("twice or invented", {k: "".join(v.elements()) for k, v in extra.items() if v})


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
