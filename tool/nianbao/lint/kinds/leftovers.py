"""leftovers: the template's filling notes left in the report (anywhere,
tables included: 「（设区的市、自治州人民政府应提供相关数据）」), and a
notice of another template version cited as this one's.

Example::

    rule:
      id: NB406
      name: template-leftovers
      title: 模板填写说明未删除
      severity: warning
      message: '{detail}'
      check:
        kind: leftovers
        patterns: ['[（(]设区的市、自治州人民政府应提供相关数据[）)]']
    passes:
    - replace: 目前我镇通过
      with: 我镇无需提供设区的市、自治州人民政府应提供的数据。目前我镇通过
    fails:
    - replace: '| 行政事业性收费     |'
      with: '| 行政事业性收费（设区的市、自治州人民政府应提供相关数据） |'
    says:
    - '「（设区的市、自治州人民政府应提供相关数据）」是模板的填写说明，应删去'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model import template as tpl
from ...model.finding import Finding
from ..context import Context, finding
from ..patterns import finditer
from ..rules import Rule
from . import Params as Base
from . import check_regexes


@dataclass(frozen=True)
class Params(Base):
    patterns: list[str]  # the filling notes, as regular expressions


def validate(rule: Rule[Params]) -> Rule[Params]:
    check_regexes("patterns", rule.params.patterns)
    return rule


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    notes = rule.params.patterns
    body = enumerate(report.lines[report.body_line - 1 :], start=report.body_line)
    for number, line in body:
        if line.lstrip().startswith("<!--"):
            continue  # the importer's record of the original
        for note in notes:
            for match in finditer(note, line):
                yield finding(rule, report, number, match.start() + 1,
                              detail=f"「{match[0]}」是模板的填写说明，应删去")
    for other in tpl.others(report.meta.template):
        for number, line in report.text_lines:
            at = line.find(other.notice)
            if at >= 0:
                yield finding(rule, report, number, at + 1, detail=f"引用了{other.version}年版模板的通知"
                              f"「{other.notice}」，本报告使用{report.template.version}年版（{report.template.notice}）")
