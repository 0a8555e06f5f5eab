"""A finding: one rule broken at one place of one report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How much a finding matters, in the order outputs list them: an error
    stops a report from being published until it is corrected or waived."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Status(StrEnum):
    """How a report stands after the checks, in the words every output uses
    (pages, data files, letters, the summary)."""

    PASSED = "通过"
    WAIVED = "有豁免的问题"  # published: its errors are the original's, kept and explained
    FAILED = "未通过"  # an unwaived error: not published

    @classmethod
    def of(cls, findings: Iterable[Finding | Any]) -> Status:
        """The standing of a report with these findings (or their records)."""
        found = list(findings)
        if any(f.severity == Severity.ERROR and not f.waived for f in found):
            return cls.FAILED
        return cls.WAIVED if any(f.waived for f in found) else cls.PASSED

    @property
    def css(self) -> str:
        return {"通过": "pass", "有豁免的问题": "waived", "未通过": "fail"}[self.value]


@dataclass(frozen=True)
class RuleNote:
    """A rule as readers are told of it (the portal's 说明 page): its words, no code."""

    id: str
    title: str
    severity: Severity
    about: str  # what it checks, its parameters' values put in
    advice: str
    templates: tuple[int, ...]


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int
    col: int  # code points, 1-based; outputs convert at their edge
    table: str | None = None
    row: str | None = None
    column: str | None = None
    waived: str | None = None  # the waiver's reason, when waived
    col_utf16: int = 0  # the same column in UTF-16 code units (editors, GitHub)
    title: str = ""  # the rule's name in Chinese, as reviewers say it

    @property
    def cell(self) -> str | None:
        if self.table and self.row and self.column:
            return f"{self.table}.{self.row}.{self.column}"
        return None

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR and self.waived is None

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.rule, self.message)
