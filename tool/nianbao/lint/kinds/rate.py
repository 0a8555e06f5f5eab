"""rate: a share of the table worth a reviewer's look (an info finding):
`numerator` / `denominator` (expressions of 表.行.列 paths) below `below`
or above `above` percent, once the denominator counts at least `min_cases`.

Example::

    rule:
      id: NB702
      name: correction-rate
      title: 行政复议纠错率偏高
      severity: info
      message: 行政复议纠错率 {rate}%（纠正 {part} 件，复议 {whole} 件），高于 {limit}%
      check: {kind: rate, numerator: t4.review.corrected, denominator: t4.review.total, at: t4.review.corrected,
              min_cases: 5, above: 20}
    passes:
    - {row: 行政复议, cells: ['4', '1', '0', '0', '5']}
    fails:
    - {row: 行政复议, cells: ['3', '2', '0', '0', '5']}
    says:
    - '行政复议纠错率 40.0%（纠正 2 件，复议 5 件），高于 20%'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from ...model.finding import Finding
from ..context import Context, finding
from ..expressions import cell_path, expression
from ..rules import Rule
from . import ParamError
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    numerator: str
    denominator: str
    at: str  # the cell a finding points at (表.行.列)
    min_cases: int
    below: float | None = None  # percent
    above: float | None = None


def validate(rule: Rule[Params]) -> Rule[Params]:
    params: Params = rule.params
    if (params.below is None) == (params.above is None):
        raise ParamError("below", "rate 检查须有 below 或 above 之一")
    exprs = {}
    for name in ("numerator", "denominator", "at"):
        try:
            if name == "at":
                cell_path(params.at, rule.templates)
            else:
                exprs[name] = expression(getattr(params, name), lambda path: cell_path(path, rule.templates))
        except ValueError as exc:
            raise ParamError(name, str(exc)) from None
    return replace(rule, expressions=exprs)


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params
    part, whole = (rule.expressions[k].evaluate(ctx.cells) for k in ("numerator", "denominator"))
    if part is None or whole is None or whole < params.min_cases or whole <= 0:
        return
    rate = float(part) * 100 / float(whole)
    limit = params.below if params.below is not None else params.above
    if (params.below is not None and rate < params.below) or (params.above is not None and rate > params.above):
        table, row, column = params.at.split(".")
        cell = ctx.report.cell(table, row, column)
        line, col = (cell.line, cell.col) if cell else (ctx.report.title_line, 1)
        yield finding(rule, ctx.report, line, col, (table, row, column) if cell else None, part=part, whole=whole,
                      rate=f"{rate:.1f}", limit=f"{limit:g}")
