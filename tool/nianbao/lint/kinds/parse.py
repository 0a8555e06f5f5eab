"""parse: problems the parser found (its codes listed in model.PROBLEM_CODES).

Example::

    rule:
      id: NB005
      name: not-a-number
      title: 单元格不是数字
      severity: error
      message: '{detail}'
      check: {kind: parse, codes: [bad-number]}
    passes:
    - {row: 行政许可, cells: ['０']}
    fails:
    - {row: 行政许可, cells: ['无']}
    says:
    - '「行政许可」行「本年处理决定数量」列：「无」不是数字'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model.finding import Finding
from ...model.report import PROBLEM_CODES
from ..context import Context, finding
from ..rules import Rule
from . import ParamError
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    codes: list[str]


def validate(rule: Rule[Params]) -> Rule[Params]:
    codes = rule.params.codes
    if not codes:
        raise ParamError("codes", "parse 检查须列出 codes")
    unknown = [c for c in codes if c not in PROBLEM_CODES]
    if unknown:
        raise ParamError("codes", f"没有问题代码「{'、'.join(unknown)}」；可用的有：{'、'.join(PROBLEM_CODES)}")
    return rule


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    codes = set(rule.params.codes)
    for p in ctx.report.problems:
        if p.code in codes:
            cell = (p.table, p.row, p.column) if p.table and p.row and p.column else None
            yield finding(rule, ctx.report, p.line, p.col, cell, detail=p.message)
