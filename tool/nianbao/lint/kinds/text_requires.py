"""text_requires: a section says at least one of the patterns (regular expressions).

Example::

    rule:
      id: NB401
      name: fee-statement
      title: 未说明信息处理费收取情况
      severity: warning
      message: 「六、其他需要报告的事项」未说明信息处理费的收取情况
      check: {kind: text_requires, section: other, patterns: [信息处理费, '收取[^。；]{0,8}费用?']}
    passes:
    - replace: 在办理依申请公开工作中，未向申请人收取任何费用。
      with: 本年度未收取信息处理费。
    fails:
    - replace: 在办理依申请公开工作中，未向申请人收取任何费用。
      with: 无。
    says:
    - '「六、其他需要报告的事项」未说明信息处理费的收取情况'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model.finding import Finding
from ..context import Context, finding
from ..patterns import search
from ..rules import Rule
from . import Params as Base
from . import check_regexes, check_section


@dataclass(frozen=True)
class Params(Base):
    section: str
    patterns: list[str]


def validate(rule: Rule[Params]) -> Rule[Params]:
    params: Params = rule.params
    check_section(params.section, rule.templates)
    check_regexes("patterns", params.patterns)
    return rule


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params
    section = ctx.report.section(params.section)
    if section is None:
        return
    if not any(search(p, section.body) for p in params.patterns):
        yield finding(rule, ctx.report, section.line, 1)
