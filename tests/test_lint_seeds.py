"""The exact findings on the five real reports of the collection."""

from __future__ import annotations

from functools import cache

from conftest import REPORTS

from nianbao import pipeline
from nianbao.pipeline import LintResult


@cache
def _result() -> LintResult:
    """The collection linted once, when a test first asks (not while the
    tests are collected)."""
    return pipeline.run([REPORTS])


def _findings(name: str):
    return [f for f in _result().findings if f.path.endswith(name)]


def _line_of(name: str, prefix: str) -> int:
    lines = (REPORTS / name).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if line.startswith(prefix))


def test_seed_001_three_arithmetic_breaks_at_their_cells() -> None:
    name = "juluxianrenminzhengfubangongshi-2025.md"
    got = {(f.rule, f.cell, f.line) for f in _findings(name)}
    assert got == {
        ("NB103", "t3.partial.total", _line_of(name, "| （二）部分公开")),
        ("NB103", "t3.not_handled_repeat.total", _line_of(name, "| 2.重复申请")),
        ("NB102", "t3.total.total", _line_of(name, "| （七）总计")),
    }
    total = next(f for f in _findings(name) if f.rule == "NB102")
    assert total.message == "「（七）总计」行「总计」列为 16，但（一）至（六）之和为 13"
    line = (REPORTS / name).read_text(encoding="utf-8").split("\n")[total.line - 1]
    assert line[total.col - 1 :].startswith("16 |")
    assert all(f.waived and f.severity == "error" for f in _findings(name))


def test_seed_003_missing_cells_are_every_cell_of_table_three() -> None:
    empty = [f for f in _findings("dazhaizhen-2025.md") if f.rule == "NB004"]
    assert len(empty) == 25 * 7
    assert {f.table for f in empty} == {"t3"}
    assert all(f.waived for f in empty)


def test_seeds_000_and_002_use_the_superseded_template() -> None:
    for name in ("juluxianxiaolvzhaizhen-2025.md", "juluxianjuluzhen-2024.md"):
        (old,) = [f for f in _findings(name) if f.rule == "NB201"]
        assert "应使用2021年版模板" in old.message and old.line == 5


def test_seed_002_title_without_organ() -> None:
    (title,) = [f for f in _findings("juluxianjuluzhen-2024.md") if f.rule == "NB301"]
    assert "未写明机关名称" in title.message


def test_seed_004_has_no_finding() -> None:
    assert _findings("hongqiquxiaodianzhen-2025.md") == []


def test_collection_passes() -> None:
    assert not [f for f in _result().findings if f.blocking]
    assert not _result().errors
