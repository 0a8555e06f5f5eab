"""template_year: the report uses the template in force for its year.

Example::

    rule:
      id: NB201
      name: superseded-template
      title: 使用了已废止的模板
      severity: error
      message: '{year}年度报告应使用{required}年版模板（{notice}），本报告使用的是{used}年版'
      check: {kind: template_year}
    passes:
    - replace: 'year: 2025'
      with: 'year: 2021'
    fails:
    - replace: 'year: 2025'
      with: 'year: 2020'
    says:
    - '2020年度报告应使用2019年版模板（国办公开办函〔2019〕60号），本报告使用的是2021年版'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model import template as tpl
from ...model.finding import Finding
from ..context import Context, finding
from ..rules import Rule
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    pass


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    meta = ctx.report.meta
    required = tpl.version_for_year(meta.year)
    if meta.template != required:
        notice = tpl.load(required).notice
        line = meta.lines.get("template", 1)
        yield finding(rule, ctx.report, line, 1, year=meta.year, required=required, notice=notice, used=meta.template)
