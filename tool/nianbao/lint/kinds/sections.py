"""sections: the template's sections all present and in order; for a
missing one, what the outline shows instead (a heading with the section's
words but another number, numbering that restarts, a sub-heading written as
a section), so the author knows what to fix.

Example::

    rule:
      id: NB006
      name: sections
      title: 缺少章节或章节顺序不对
      severity: error
      message: '{detail}'
      check: {kind: sections}
    passes:
    - replace: '## 五、存在的主要问题及改进情况'
      with: '## 五、存在问题及改进情况'
    fails:
    - replace: '## 五、存在的主要问题及改进情况'
      with: 五、存在的主要问题及改进情况
    says:
    - '缺少章节「五、存在的主要问题及改进情况」'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...model import template as tpl
from ...model.finding import Finding
from ...model.report import Report
from ..context import Context, finding
from ..rules import Rule
from . import Params as Base

_NUMBER = re.compile(r"^\s*([一二三四五六七八九十]+)\s*[、.．]")
_SUB = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十\d]+\s*[）)]")


@dataclass(frozen=True)
class Params(Base):
    pass


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    official = report.template.sections
    found = [s for s in report.sections if s.key]
    keys = [s.key for s in found]
    for spec in official:
        if spec.key not in keys:
            yield finding(rule, report, report.title_line, 1, detail=f"缺少章节「{spec.label}」{_why(report, spec)}")
    order = [s.key for s in official]
    for before, after in zip(found, found[1:]):
        if order.index(after.key) < order.index(before.key):  # type: ignore[arg-type]
            yield finding(rule, report, after.line, 1, detail=f"章节「{after.heading}」应在「{before.heading}」之前")


def _why(report: Report, spec: tpl.SectionSpec) -> str:
    """What the outline shows where the section should be; "" when nothing."""
    others = [s for s in report.sections if s.key is None]
    for section in others:
        folded = tpl.normalize_label(section.heading)
        if spec.words and all(w in folded for w in spec.words):
            number = _NUMBER.match(section.heading)
            if number and number[1] != spec.number:
                return f"：第 {section.line} 行「{section.heading}」像是这一章节，但编号为「{number[1]}」，应为「{spec.number}」（章节编号错位）"
            if _SUB.match(section.heading):
                return f"：第 {section.line} 行「{section.heading}」像是这一章节，但写成了小标题的编号，应为「{spec.number}、」"
    numbers = [m[1] for s in report.sections if (m := _NUMBER.match(s.heading))]
    if len(numbers) != len(set(numbers)):
        return f"：章节编号有重复（{'、'.join(numbers)}），可能是某个小标题写成了章节标题，或编号重新开始"
    subs = [s for s in others if _SUB.match(s.heading)]
    if subs:
        return f"：第 {subs[0].line} 行「{subs[0].heading}」是小标题，却写成了章节标题"
    return ""
