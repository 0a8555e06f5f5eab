"""The same report in any layout gives the same cells.

Every report of content/reports and every report of the import corpus's
truth is rendered in each layout of layouts.py (row a line, tabs, pipes,
Markdown, cell a line, blank-separated, PDF-style wrapped rows with a
vertical header and a page number inside 表三, the whole report on one
line glued or spaced, OCR Markdown with numbered labels 「1. 」, HTML with
merged label cells and &nbsp;, GBK HTML, Word), with and without
half-width punctuation, shortened or garbled labels and 「1、」 numbering.
Each import gives the report's own cells; only where digits are glued
together beyond what the sums can split may a cell be blank, and then the
import says so, naming the table. Never another number.
"""

from __future__ import annotations

from pathlib import Path

import layouts as L
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_corpus import TRUTH

from nianbao.importers import import_file
from nianbao.model import template as tpl
from nianbao.model.source import parse, parse_file

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out

ROOT = Path(__file__).resolve().parent.parent
DOCS = {p.stem: L.from_report(parse_file(p)) for p in sorted((ROOT / "content" / "reports").glob("*.md"))}
DOCS |= {f"corpus-{name}": L.from_truth(report) for name, report in TRUTH.items()}
# Digits glued with nothing between them: a run the sums cannot split is left blank (reported).
LOSSY = {"one_line_glued"}


def _compare(doc: L.Doc, path: Path) -> tuple[list[tuple[str, str, str, str, str]], list[tuple[str, str, str]], list[str]]:
    """(cells holding another number, cells left blank that had a number, the import's messages)."""
    imported = import_file(path)
    report = parse(imported.text, path.name)
    wrong, blank = [], []
    for (table, row, column), want in doc.cells.items():
        cell = report.cell(table, row, column)
        got = "" if cell is None or cell.blank or cell.value is None else cell.raw.strip()
        if got == want or not got and not want:
            continue
        if got:
            wrong.append((table, row, column, want, got))
        else:
            blank.append((table, row, column))
    return wrong, blank, [p.message for p in imported.problems]


def _check(doc: L.Doc, layout: str, folder: Path) -> None:
    wrong, blank, messages = _compare(doc, L.write(doc, layout, folder))
    assert wrong == [], wrong
    if layout not in LOSSY:
        assert blank == [], blank
    spec = tpl.load(2021 if doc.year >= 2021 else 2019)
    for table, row in {(t, r) for t, r, _ in blank}:
        said = (spec.table_name(spec.table(table)), f"「{spec.table(table).row(row).label}」")
        assert any(s in m for m in messages for s in said), (table, row, messages)


@pytest.mark.parametrize("layout", list(L.LAYOUTS))
@pytest.mark.parametrize("name", list(DOCS))
def test_every_layout_gives_the_reports_own_cells(name: str, layout: str, tmp_path: Path) -> None:
    _check(DOCS[name], layout, tmp_path)


@pytest.mark.parametrize("transform", list(L.TRANSFORMS))
@pytest.mark.parametrize("layout", list(L.LAYOUTS))
def test_labels_as_people_write_them_in_every_layout(transform: str, layout: str, tmp_path: Path) -> None:
    for name in ("hongqiquxiaodianzhen-2025", "corpus-B"):
        _check(L.TRANSFORMS[transform](DOCS[name]), layout, tmp_path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(sorted(DOCS)),
    layout=st.sampled_from(sorted(L.LAYOUTS)),
    transforms=st.lists(st.sampled_from(sorted(L.TRANSFORMS)), unique=True, max_size=3),
)
def test_any_combination_of_layout_and_writing_never_moves_a_number(
    name: str, layout: str, transforms: list[str], tmp_path: Path
) -> None:
    doc = DOCS[name]
    for transform in transforms:
        doc = L.TRANSFORMS[transform](doc)
    wrong, blank, messages = _compare(doc, L.write(doc, layout, tmp_path, f"{name}-{layout}-{len(transforms)}"))
    assert wrong == []
    assert not blank or messages
