r"""text_number: a number the narrative states (the first group of `regex`)
equals the table's (`value`, an expression of 表.行.列 paths).

Example::

    rule:
      id: NB950
      name: own-text-number
      title: 正文数字与表格不符
      severity: warning
      message: 正文称「{phrase}」，但{what}为 {table_value}
      check:
        kind: text_number
        patterns:
        - regex: 受理[^。；，]{0,16}?申请(?:共)?(\d+)件
          value: t3.new.total
          what: 表三「本年新收政府信息公开申请数量」总计
    passes:
    - {row: 一、本年新收政府信息公开申请数量, cells: ['3', '0', '0', '0', '0', '0', '3']}
    - replace: 小店镇未收到公众申请要求公开的其它方面政府信息
      with: 小店镇共受理政府信息公开申请3件
    fails:
    - replace: 小店镇未收到公众申请要求公开的其它方面政府信息
      with: 小店镇共受理政府信息公开申请3件
    says:
    - '正文称「受理政府信息公开申请3件」，但表三「本年新收政府信息公开申请数量」总计为 0'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from ...model.finding import Finding
from ...model.values import MAX_DIGITS
from ..context import Context, finding
from ..expressions import cell_path, expression
from ..patterns import finditer, groups, problem
from ..rules import Rule
from . import ParamError
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    patterns: list[dict[str, Any]]  # each: regex, value, what (the words of the message)


def validate(rule: Rule[Params]) -> Rule[Params]:
    exprs = {}
    for i, pattern in enumerate(rule.params.patterns):
        if not isinstance(pattern, dict) or "regex" not in pattern:
            raise ParamError("patterns", f"patterns 第 {i + 1} 项须有 regex")
        wrong = problem(pattern["regex"])
        if wrong:
            raise ParamError("patterns", f"patterns 第 {i + 1} 项的 regex {wrong}")
        if groups(pattern["regex"]) < 1:
            raise ParamError("patterns", f"patterns 第 {i + 1} 项的 regex 须用括号标出数字")
        for needed in ("value", "what"):
            if pattern.get(needed) is None:
                raise ParamError("patterns", f"patterns 第 {i + 1} 项须有 {needed}")
        exprs[str(i)] = expression(pattern["value"], lambda name: cell_path(name, rule.templates))
    return replace(rule, expressions=exprs)


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    for i, pattern in enumerate(rule.params.patterns):
        expr = rule.expressions[str(i)]
        for number, compact in ctx.compact_lines:  # 「17 件」 as 「17件」
            for match in finditer(pattern["regex"], compact.text):
                if len(match[1]) > MAX_DIGITS:
                    continue  # not a count of anything a report tables
                value = expr.evaluate(ctx.cells)  # None: a table or cell the report lacks, or left blank
                if value is None or int(match[1]) == value:
                    continue
                yield finding(rule, report, number, compact.col(match.start(1)),
                              phrase=compact.words(match.start(), match.end()), what=pattern["what"], table_value=value)
