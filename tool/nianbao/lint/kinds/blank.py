"""blank: every official cell must be filled.

Example::

    rule:
      id: NB004
      name: empty-cell
      title: 单元格未填写
      severity: error
      message: 「{row}」行「{column}」列未填写（空格不等于 0）
      check: {kind: blank}
    passes:
    - {row: 行政许可, cells: ['0']}
    fails:
    - {row: 行政许可, cells: ['']}
    says:
    - '「行政许可」行「本年处理决定数量」列未填写（空格不等于 0）'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model.finding import Finding
from ..context import Context, finding
from ..rules import Rule
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    pass


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    version = ctx.report.template
    for table in ctx.report.tables.values():
        spec = version.table(table.key)
        for (row, column), cell in table.cells.items():
            if cell.blank:
                labels = {"row": spec.row(row).label, "column": spec.column(column).label}
                yield finding(rule, ctx.report, cell.line, cell.col, (table.key, row, column), **labels)
