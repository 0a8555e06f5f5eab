"""The parser: cells keyed and located; bad input is a clear located error
(exit 2 from the CLI), never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPORTS

from nianbao.model.source import SourceError, parse

REAL = (REPORTS / "juluxianrenminzhengfubangongshi-2025.md").read_text(encoding="utf-8")


def test_cells_know_their_line_and_column() -> None:
    report = parse(REAL, "r.md")
    cell = report.cell("t3", "total", "total")
    line = REAL.split("\n")[cell.line - 1]
    assert line.startswith("| （七）总计")
    assert line[cell.col - 1 :].startswith("16 |")
    assert cell.value == 16


def test_blank_cell_is_blank_not_zero() -> None:
    text = REAL.replace("|           19 |", "|              |", 1)
    cell = parse(text).cell("t2_1", "normative", "issued")
    assert cell.blank and cell.value is None
    assert not parse(text).problems


def test_non_number_is_kept_as_text_with_a_problem() -> None:
    text = REAL.replace("|           19 |", "|           无 |", 1)
    report = parse(text)
    cell = report.cell("t2_1", "normative", "issued")
    assert cell.raw == "无" and cell.value is None
    (problem,) = report.problems
    assert problem.code == "bad-number" and problem.line == cell.line and problem.col == cell.col


def test_raw_html_is_not_parsed_as_html() -> None:
    report = parse(REAL.replace("2025年县政府办公室未收取信息处理费。", "<script>alert(1)</script>"))
    assert "<script>" in report.section("other").body


@pytest.mark.parametrize("html", ["<div>", "<br>", "<!-- 未闭合的注释", "<span>原文</span>"])
def test_raw_html_lines_swallow_no_heading_or_table(html: str) -> None:
    # An HTML block would run to the next blank line (a comment to its end):
    # as text, it is a paragraph of its own.
    text = REAL.replace("\n## 二、", f"\n{html}\n## 二、", 1).replace("\n| 第二十条第（一）项", f"\n{html}\n\n| 第二十条第（一）项", 1)
    report = parse(text)
    assert [s.key for s in report.sections] == [s.key for s in parse(REAL).sections]
    assert report.tables.keys() == parse(REAL).tables.keys() and not report.problems


BAD: dict[str, tuple[bytes, int, str]] = {
    "no_front_matter": (REAL.split("---\n", 2)[2].encode(), 1, "缺少 YAML 前置元数据"),
    "broken_yaml": (REAL.replace("year: 2025", "year: [2025").encode(), 4, "无法解析"),
    "missing_required": (REAL.replace("kind: 政府部门\n", "").encode(), 1, "缺少必填项 kind"),
    "bad_kind": (REAL.replace("kind: 政府部门", "kind: 部门").encode(), 3, "kind 须为"),
    "bad_template": (REAL.replace("template: 2021", "template: 2020").encode(), 5, "template 须为"),
    "empty": (b"", 1, "文件为空"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), 1, "二进制文件"),
    "not_utf8": (REAL.encode("gb18030"), 2, "不是 UTF-8"),
}
TABLE_BAD: dict[str, tuple[str, str]] = {
    "missing_column": (
        REAL.replace(
            "| 本年废止件数 | 现行有效件数 |\n| ------------------ | -----------: | -----------: | -----------: |",
            "| 本年废止件数 |\n| ------------------ | -----------: | -----------: |",
            1,
        ),
        "缺少「现行有效件数」列",
    ),
    "broken_table": (
        REAL.replace("| 本年废止件数 | 现行有效件数 |", "| 本年废止件数 |", 1),
        "没能读成表格",
    ),
    "unknown_row_label": (REAL.replace("| 行政许可 ", "| 行政审批 ", 1), "没有行「行政审批」"),
    "unknown_column_label": (REAL.replace("| 其他 |", "| 其它组织 |", 1), "没有列「其它组织」"),
    "other_template_label": (REAL.replace("| 行政规范性文件 ", "| 规范性文件     ", 1), "属于2019年版模板"),
}


def _fmt(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao", "fmt", str(path)], capture_output=True, text=True)


@pytest.mark.parametrize("case", sorted(BAD))
def test_unreadable_source_is_a_located_error_with_exit_2(case: str, tmp_path: Path) -> None:
    data, line, words = BAD[case]
    path = tmp_path / f"{case}.md"
    path.write_bytes(data)
    with pytest.raises(SourceError) as err:
        from nianbao.model.source import parse_file

        parse_file(path)
    assert err.value.line == line and words in err.value.message
    out = _fmt(path)
    assert out.returncode == 2
    assert f"{path}:{line}:" in out.stderr and words in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("case", sorted(TABLE_BAD))
def test_table_problems_are_located_and_fmt_refuses_with_exit_2(case: str, tmp_path: Path) -> None:
    text, words = TABLE_BAD[case]
    path = tmp_path / f"{case}.md"
    path.write_text(text, encoding="utf-8")
    out = _fmt(path)
    assert out.returncode == 2
    assert words in out.stderr and "Traceback" not in out.stderr
    located = [line for line in out.stderr.splitlines() if words in line][0]
    line_no = int(located.split(":")[1])
    assert text.split("\n")[line_no - 1].startswith("|")
    assert path.read_text(encoding="utf-8") == text


def test_template_keys_are_identifiers() -> None:
    # Keys go unquoted into CSV lines, URLs and data attributes.
    from nianbao.model import template as tpl

    for version in tpl.versions():
        for spec in tpl.load(version).tables:
            keys = [spec.key, *(h.key for h in (*spec.rows, *spec.columns))]
            assert all(re.fullmatch(r"[a-z0-9_]+", k) for k in keys), keys
