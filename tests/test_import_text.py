"""Importing the five real seed reports: every number lands in its cell.

Expected values were read off the published text by hand (tests/fixtures/
seeds), not taken from the importer's output. Most cells are 0; each seed
lists its non-zero cells, and 003's lost cells are expected blank.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPORTS, seed

from nianbao.importers import import_file
from nianbao.model import template as tpl
from nianbao.model.source import parse

T3_COLUMNS = ("natural", "business", "research", "nonprofit", "legal_service", "other", "total")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")

# seed number -> (template, {table.row: values in column order}) for non-zero rows
EXPECTED: dict[int, tuple[int, dict[str, tuple[int, ...]]]] = {
    0: (2019, {"t2_6.penalty": (7, 2, 5)}),
    1: (
        2021,
        {
            "t2_1.normative": (19, 0, 87),
            "t3.new": (13, 1, 0, 0, 2, 0, 16),
            "t3.disclosed": (10, 1, 0, 0, 2, 0, 13),
            "t3.partial": (2, 0, 0, 0, 0, 0, 0),
            "t3.not_handled_repeat": (1, 0, 0, 0, 0, 0, 0),
            "t3.total": (13, 1, 0, 0, 2, 0, 16),
            "t4.review": (1, 0, 0, 0, 1),
        },
    ),
    2: (2019, {}),
    3: (2021, {}),
    4: (2021, {}),
}


def _imported(number: int, **options: str):
    result = import_file(seed(number), **options)
    return result, parse(result.text, f"seed{number}.md")


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_template_is_detected(number: int) -> None:
    result, report = _imported(number)
    assert result.template == EXPECTED[number][0]
    assert report.meta.template == EXPECTED[number][0]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_every_number_is_in_its_cell(number: int) -> None:
    version, nonzero = EXPECTED[number]
    _, report = _imported(number)
    spec = tpl.load(version)
    lost = {("t3", h.key) for h in spec.table("t3").leaf_rows} if number == 3 else set()
    checked = 0
    for table in spec.tables:
        for row in table.leaf_rows:
            expected = nonzero.get(f"{table.key}.{row.key}", (0,) * len(table.leaf_columns))
            for column, value in zip(table.leaf_columns, expected):
                cell = report.cell(table.key, row.key, column.key)
                assert cell is not None, (table.key, row.key, column.key)
                if (table.key, row.key) in lost:
                    assert cell.blank and cell.value is None, (row.key, column.key)
                else:
                    assert cell.value == value, (table.key, row.key, column.key, cell.raw)
                checked += 1
    assert checked == spec.cell_count()


def test_seed_003_short_rows_are_reported_with_their_input_lines_and_kept_verbatim() -> None:
    result, report = _imported(3)
    short = {p.line for p in result.problems if "无法确定对应关系" in p.message}
    assert short == set(range(39, 64))
    kept = dict(report.tables["t3"].unplaced)
    assert kept["new"] == "第39行：一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0"
    assert kept["total"].startswith("第62行：\t(七) 总计\t0")
    assert len(kept) == 25


def test_seed_002_title_without_organ_is_reported_and_organ_option_fills_it() -> None:
    result, report = _imported(2)
    assert any(p.line == 1 and "标题未写明机关名称" in p.message for p in result.problems)
    assert report.meta.organ == ""
    result, report = _imported(2, organ="巨鹿县巨鹿镇")
    assert report.meta.organ == "巨鹿县巨鹿镇"
    assert report.meta.kind == "乡镇街道"
    assert report.title == "2024年政府信息公开工作年度报告"


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_organ_year_and_sections_come_from_the_text(number: int) -> None:
    _, report = _imported(number, organ="巨鹿县巨鹿镇") if number == 2 else _imported(number)
    assert report.meta.year == (2024 if number == 2 else 2025)
    assert [s.key for s in report.sections] == [s.key for s in tpl.load(2021).sections]
    assert not [p for p in report.problems if p.code != "organ-missing"]


def test_collection_holds_exactly_the_imported_numbers() -> None:
    """content/reports was imported from the seeds; hand edits added only metadata."""
    for number in EXPECTED:
        _, fresh = _imported(number, organ="巨鹿县巨鹿镇") if number == 2 else _imported(number)
        stored = parse((REPORTS / f"{fresh.meta.slug}.md").read_text(encoding="utf-8"))
        for key, table in fresh.tables.items():
            assert {k: c.value for k, c in table.cells.items()} == {
                k: c.value for k, c in stored.tables[key].cells.items()
            }
        assert stored.title == fresh.title


def test_importing_twice_gives_identical_output(tmp_path: Path) -> None:
    assert import_file(seed(1)).text == import_file(seed(1)).text


def test_narrative_is_kept_as_text_not_markdown() -> None:
    result, report = _imported(0)
    assert "\\[bookmark: \\_GoBack\\]" in result.text
    assert "[bookmark: _GoBack]" in report.section("problems").body.replace("\\", "")
