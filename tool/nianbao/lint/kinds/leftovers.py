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

import re
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
        cited = _cited(other.notice)
        for number, line in report.text_lines:
            match = cited.search(line)
            if match:
                yield finding(rule, report, number, match.start() + 1, detail=f"引用了{other.version}年版模板的通知"
                              f"「{match[0]}」，本报告使用{report.template.version}年版（{report.template.notice}）")


def _cited(notice: str) -> re.Pattern[str]:
    """A notice's number however its year is bracketed and spaced:
    国办公开办函〔2019〕60号, [2019], (2019), 【2019】, 「60 号」."""
    parts = re.split(r"[〔\[（(【]\s*(\d{4})\s*[〕\]）)】]", notice)
    if len(parts) != 3:
        return re.compile(re.escape(notice))
    head, year, tail = parts
    loose = r"\s*".join(re.escape(c) for c in tail.replace(" ", ""))
    return re.compile(rf"{re.escape(head)}\s*[〔\[（(【]\s*{year}\s*[〕\]）)】]\s*{loose}")
