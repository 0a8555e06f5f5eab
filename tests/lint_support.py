"""Helpers for the linter tests: real reports, lightly edited."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPORTS

from nianbao import pipeline
from nianbao.pipeline import LintResult

TOWN_2021 = REPORTS / "hongqiquxiaodianzhen-2025.md"  # clean: no finding at all
OFFICE_2021 = REPORTS / "juluxianrenminzhengfubangongshi-2025.md"
TOWN_2019 = REPORTS / "juluxianxiaolvzhaizhen-2025.md"


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def without_waivers(text: str) -> str:
    return re.sub(r"waivers:\n(?:[- ] .*\n)+", "", text, count=1)


def as_2020(text: str) -> str:
    """A 2019-template report moved to 2020, the last year it was in force."""
    return text.replace("2025", "2020")


def set_cell(text: str, row_label: str, column: int, value: str) -> str:
    """Replace the `column`-th value (1-based) of the table row `row_label`."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(f"| {row_label} "):
            cells = line.split("|")
            cells[column + 1] = f" {value} "
            lines[i] = "|".join(cells)
            return "\n".join(lines)
    raise AssertionError(f"no row {row_label}")


def lint_text(tmp_path: Path, text: str, name: str = "report.md", **options) -> LintResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return pipeline.run([tmp_path], **options)


def rule_ids(result: LintResult) -> set[str]:
    return {f.rule for f in result.findings if not f.waived}


def carrying_over(text: str) -> str:
    """The report with one application carried over to the next year."""
    for label in ("一、本年新收政府信息公开申请数量", "四、结转下年度继续办理"):
        text = set_cell(set_cell(text, label, 1, "1"), label, 7, "1")
    return text
