"""text_claim: the narrative claims something the table contradicts: a
phrase (any of `regex`) while the table's `value` (an expression of
表.行.列 paths) is above 0 (「均已办结」 while applications are carried over).

Example::

    rule:
      id: NB505
      name: text-claim
      title: 正文表述与表格矛盾
      severity: warning
      message: 正文称「{phrase}」，但{what}{figure}
      check:
        kind: text_claim
        unless: 结转|其余|其他|除
        patterns:
        - regex: (?:未|没有)收到(?:任何|公众|群众)?(?:政府信息公开|信息公开|依申请公开)?申请(?![人引的])
          value: t3.new.total
          what: 表三「本年新收政府信息公开申请数量」总计
    passes:
    - {row: 一、本年新收政府信息公开申请数量, cells: ['2', '0', '0', '0', '0', '0', '2']}
    - replace: 小店镇未收到公众申请要求公开的其它方面政府信息
      with: 小店镇收到公众申请2件
    fails:
    - {row: 一、本年新收政府信息公开申请数量, cells: ['2', '0', '0', '0', '0', '0', '2']}
    says:
    - '正文称「未收到公众申请」，但表三「本年新收政府信息公开申请数量」总计为 2'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from ...model.finding import Finding
from ...model.sentences import sentence_at
from ..context import Context, finding, stated
from ..expressions import cell_path, expression
from ..patterns import problem, search
from ..rules import Rule
from . import ParamError, check_regexes
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    patterns: list[dict[str, Any]]  # each: regex (the claim), value (what contradicts it above 0), what
    unless: str | None = None  # a sentence saying this too is about something else (「其余申请均已办结」)


def validate(rule: Rule[Params]) -> Rule[Params]:
    exprs = {}
    for i, pattern in enumerate(rule.params.patterns):
        for needed in ("regex", "value", "what"):
            if not isinstance(pattern, dict) or pattern.get(needed) is None:
                raise ParamError("patterns", f"patterns 第 {i + 1} 项须有 {needed}")
        wrong = problem(pattern["regex"])
        if wrong:
            raise ParamError("patterns", f"patterns 第 {i + 1} 项的 regex {wrong}")
        exprs[str(i)] = expression(pattern["value"], lambda name: cell_path(name, rule.templates))
    check_regexes("unless", [rule.params.unless] if rule.params.unless else [])
    return replace(rule, expressions=exprs)


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    unless = rule.params.unless
    for i, pattern in enumerate(rule.params.patterns):
        for number, compact in ctx.compact_lines:  # 「均已 办结」 as 「均已办结」
            match = search(pattern["regex"], compact.text)
            if match is None:
                continue
            _, sentence = sentence_at(compact.text, match.start())
            if unless and search(unless, sentence):
                continue
            value, exact = ctx.figure(rule.expressions[str(i)])  # a lower bound where cells are blank: above 0 is enough
            if value is not None and value > 0:
                yield finding(rule, ctx.report, number, compact.col(match.start()),
                              phrase=compact.words(match.start(), match.end()), what=pattern["what"], figure=stated(value, exact))
