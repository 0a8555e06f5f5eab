"""The import corpus (tests/fixtures/import): reports in the layouts real
offices publish, each imported number-exact against numbers written by hand
(truth.yaml, corpus.yaml)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES
from import_corpus import CORPUS, expected_cells, fixture_ids, truth

from nianbao import pipeline
from nianbao.importers import import_file
from nianbao.importers.paragraphs import is_furniture
from nianbao.model.source import parse


def _imported(entry: dict):
    result = import_file(FIXTURES / "import" / entry["file"], **entry.get("options", {}))
    return result, parse(result.text, entry["file"])


@pytest.mark.parametrize("entry", CORPUS, ids=fixture_ids())
def test_every_number_lands_in_its_cell(entry: dict) -> None:
    result, report = _imported(entry)
    assert result.template == truth(entry)["template"]
    wrong = []
    for (table, row, column), value in expected_cells(entry).items():
        cell = report.cell(table, row, column)
        got = None if cell is None or cell.blank else cell.value
        want = None if value == "" else Decimal(str(value)) if isinstance(value, str) else value
        if got != want:
            wrong.append((table, row, column, want, cell and cell.raw))
    assert not wrong, wrong


@pytest.mark.parametrize("entry", CORPUS, ids=fixture_ids())
def test_problems_are_reported(entry: dict) -> None:
    result, _ = _imported(entry)
    said = [p.message for p in result.problems]
    expected = entry.get("problems", [])
    for words in expected:
        assert any(words in message for message in said), (words, said)
    assert [m for m in said if not any(words in m for words in expected)] == []  # and nothing else


@pytest.mark.parametrize("entry", CORPUS, ids=fixture_ids())
def test_blank_rows_keep_their_input_verbatim(entry: dict) -> None:
    _, report = _imported(entry)
    for ref in entry.get("blank", []):
        table, row = ref.split(".")
        kept = [text for key, text in report.tables[table].unplaced if key == row and text.strip()]
        assert kept, ref
    unplaced = {f"{name}.{key}" for name, table in report.tables.items() for key, _ in table.unplaced if key}
    assert unplaced == set(entry.get("blank", []))  # no other row left unplaced (text of no row is a reported problem)


@pytest.mark.parametrize("entry", [e for e in CORPUS if e.get("complete")], ids=fixture_ids(complete=True))
def test_complete_originals_lint_with_no_missing_table_row_or_section(
    entry: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, _ = _imported(entry)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.md").write_text(result.text, encoding="utf-8")
    findings = pipeline.run([tmp_path / "report.md"], select=["NB002", "NB003", "NB006"]).findings
    assert [f"{f.rule} {f.message}" for f in findings] == []


@pytest.mark.parametrize("entry", [e for e in CORPUS if e.get("paragraphs")], ids=fixture_ids(paragraphs=True))
def test_narrative_comes_out_in_the_original_paragraphs(entry: dict) -> None:
    _, report = _imported(entry)
    paragraphs = truth(entry)["sections"]
    for section in report.sections:
        body = [p.replace("\\", "") for p in section.body.split("\n\n") if p.strip() and not p.startswith("|")]
        assert body == paragraphs[section.key], section.key
    assert report.preamble.replace("\\", "") == "\n\n".join(truth(entry)["preamble"])
    assert not [line for line in report.text_lines if is_furniture(line[1])]  # no page number is left
