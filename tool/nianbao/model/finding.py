"""A finding: one rule broken at one place of one report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    severity: str
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
        return self.severity == "error" and self.waived is None

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.rule, self.message)
