"""period: the statistics period the narrative states is the report's year.

Example::

    rule:
      id: NB303
      name: statistics-period
      title: 统计期限年份不符
      severity: warning
      message: 正文所述统计期限为{stated}年，报告年度为{year}年
      check: {kind: period}
    passes:
    - replace: '## 一、总体情况'
      with: |-
        本报告中所列数据统计期限为2025年1月1日至12月31日。

        ## 一、总体情况
    fails:
    - replace: '## 一、总体情况'
      with: |-
        本报告中所列数据统计期限为2024年1月1日至12月31日。

        ## 一、总体情况
    says:
    - '正文所述统计期限为2024年，报告年度为2025年'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model.finding import Finding
from ...model.names import PERIOD
from ..context import Context, finding
from ..rules import Rule
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    pass


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    for number, line in ctx.report.text_lines:
        for match in PERIOD.finditer(line):
            if int(match[1]) != ctx.report.meta.year:
                yield finding(rule, ctx.report, number, match.start(1) + 1, stated=match[1], year=ctx.report.meta.year)
