"""The typed report model that every stage after parsing works on.

Positions are 1-based lines and columns counted in code points of the source
file; outputs convert columns at their edge (see lint output formats).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from .template import Template

Number = int | Decimal


# Every problem the parser reports, by code: what rules.yaml's `parse`
# checks name (a misspelt code there is an error of the rules file).
PROBLEM_CODES = {
    "no-title": "没有标题",
    "organ-missing": "没有填写机关名称",
    "duplicate-section": "章节重复",
    "missing-table": "缺少表格",
    "unknown-table": "无法识别的表格",
    "duplicate-table": "表格重复",
    "broken-table": "表格格式错误",
    "other-template": "使用了另一版模板的表格或标签",
    "missing-row": "表格缺少行",
    "missing-column": "表格缺少列",
    "unknown-row": "表格中有模板没有的行",
    "unknown-column": "表格中有模板没有的列",
    "duplicate-row": "行重复",
    "duplicate-column": "列重复",
    "extra-cell": "多出的单元格",
    "short-row": "行的单元格不足",
    "bad-number": "单元格不是数字",
    "group-only": "只有分组合计行，没有分项",
    "group-mismatch": "分组合计行与分项之和不符",
}


@dataclass(frozen=True)
class Problem:
    """Something the parser found wrong but could read past."""

    code: str
    message: str
    line: int
    col: int = 1
    table: str | None = None
    row: str | None = None
    column: str | None = None

    def __post_init__(self) -> None:
        if self.code not in PROBLEM_CODES:
            raise ValueError(f"unknown problem code {self.code}")  # a bug of the parser, not of a report


class Cell(NamedTuple):
    """One value of a table as written (a tuple: reports hold hundreds)."""

    table: str
    row: str
    column: str
    raw: str
    value: Number | None
    line: int
    col: int

    @property
    def blank(self) -> bool:
        return self.raw.strip() == ""

    @property
    def readable(self) -> bool:
        return self.value is not None


@dataclass
class Table:
    key: str
    line: int
    end_line: int
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    row_lines: dict[str, int] = field(default_factory=dict)
    # Input rows the importer could not place, kept verbatim: (row key or
    # "" when not even the row was recognised, the original text).
    unplaced: list[tuple[str, str]] = field(default_factory=list)

    def value(self, row: str, column: str) -> Number | None:
        cell = self.cells.get((row, column))
        return cell.value if cell else None


@dataclass
class Section:
    key: str | None
    heading: str
    line: int
    body: str
    body_lines: tuple[int, ...] = ()  # the source line (from 1) of each line of body: tables are not in it


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    cell: str | None
    line: int

    def covers(self, rule: str, cell: str | None) -> bool:
        """Whether it waives a finding of `rule` at `cell` (any cell when it names none)."""
        return self.rule == rule and self.cell in (None, cell)


@dataclass(frozen=True)
class Original:
    """The document a report was imported from: its name, its SHA-256, and
    where a copy is kept beside the sources (relative to them), if one is."""

    file: str
    sha256: str
    kept: str | None = None


@dataclass
class Meta:
    organ: str
    kind: str
    year: int
    template: int
    slug: str
    region_code: str | None = None
    region_names: tuple[str, ...] = ()
    published: date | None = None
    source_url: str | None = None
    original: Original | None = None
    waivers: tuple[Waiver, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Report:
    path: str
    meta: Meta
    template: Template  # the version meta.template names
    title: str
    title_line: int
    preamble: str
    sections: list[Section]
    tables: dict[str, Table]
    problems: list[Problem]
    body_line: int
    # The source as read (BOM and CR removed), for rules that locate text.
    lines: list[str] = field(default_factory=list, repr=False)

    def section(self, key: str) -> Section | None:
        for sec in self.sections:
            if sec.key == key:
                return sec
        return None

    def cell(self, table: str, row: str, column: str) -> Cell | None:
        tab = self.tables.get(table)
        return tab.cells.get((row, column)) if tab else None

    @cached_property
    def text_lines(self) -> list[tuple[int, str]]:
        """Lines of the body (1-based numbers) with tables and the
        importer's comments left out, for rules that locate text."""
        numbered = enumerate(self.lines[self.body_line - 1 :], start=self.body_line)
        return [(n, line) for n, line in numbered if not line.lstrip().startswith(("|", "<!--"))]
