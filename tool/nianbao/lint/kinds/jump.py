"""jump: a figure that moved by a factor of `factor` or more from the same
organ's report on the year before (an info finding), once either year
counts at least `min_cases`.

Example::

    rule:
      id: NB604
      name: new-requests-jump
      title: 新收申请数大幅变化
      severity: info
      message: 本年新收申请 {now} 件，{prev_year}年为 {before} 件，相差 5 倍以上：请核对
      check: {kind: jump, value: t3.new.total, factor: 5, min_cases: 10}
    previous:
    - {row: 一、本年新收政府信息公开申请数量, cells: ['4', '0', '0', '0', '0', '0', '4']}
    passes:
    - {row: 一、本年新收政府信息公开申请数量, cells: ['12', '0', '0', '0', '0', '0', '12']}
    fails:
    - {row: 一、本年新收政府信息公开申请数量, cells: ['20', '0', '0', '0', '0', '0', '20']}
    says:
    - '本年新收申请 20 件，2024年为 4 件，相差 5 倍以上：请核对'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import ClassVar

from ...model.finding import Finding
from ..context import Context, finding
from ..expressions import cell_path, expression
from ..rules import Rule
from . import ParamError
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    value: str  # 表.行.列
    factor: float
    min_cases: int
    scope: ClassVar[str] = "pair"


def validate(rule: Rule[Params]) -> Rule[Params]:
    try:
        value = expression(rule.params.value, lambda path: cell_path(path, rule.templates))
    except ValueError as exc:
        raise ParamError("value", str(exc)) from None
    return replace(rule, expressions={"value": value})


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params
    if ctx.previous is None:
        return
    now = rule.expressions["value"].evaluate(ctx.cells)
    before = rule.expressions["value"].evaluate(Context(ctx.previous, None, ctx.settings).cells)
    if now is None or before is None or max(now, before) < params.min_cases:
        return
    if now >= before * params.factor or before >= now * params.factor:
        table, row, column = params.value.split(".")
        cell = ctx.report.cell(table, row, column)
        line, col = (cell.line, cell.col) if cell else (ctx.report.title_line, 1)
        yield finding(rule, ctx.report, line, col, (table, row, column) if cell else None, now=now, before=before,
                      prev_year=ctx.previous.meta.year)
