"""sections: the template's sections all present and in order; for a
missing one, the heading that resembles it (its words under another
number, a second numbering system such as 「第一部分」, a sub-heading's
number), where the finding then stands, so the author knows what to fix.

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
_OTHER = re.compile(r"^\s*第\s*[一二三四五六七八九十\d]+\s*[部分章节]+\s*[、.．:：]?")  # 「第一部分 总体情况」
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
            line, why = _why(report, spec)
            yield finding(rule, report, line or report.title_line, 1, detail=f"缺少章节「{spec.label}」{why}")
    order = [s.key for s in official]
    for before, after in zip(found, found[1:]):
        if order.index(after.key) < order.index(before.key):  # type: ignore[arg-type]
            yield finding(rule, report, after.line, 1, detail=f"章节「{after.heading}」应在「{before.heading}」之前")


def _why(report: Report, spec: tpl.SectionSpec) -> tuple[int | None, str]:
    """Where the outline shows the section instead, and what is wrong with
    it there (another number, a second numbering system, a sub-heading's
    number); (None, "") when nothing there resembles it."""
    for section in (s for s in report.sections if s.key is None and spec.resembles(s.heading)):
        number, other, sub = _NUMBER.match(section.heading), _OTHER.match(section.heading), _SUB.match(section.heading)
        if number and number[1] != spec.number:
            said = f"编号为「{number[1]}」，应为「{spec.number}」（章节编号错位）"
        elif other:
            said = f"用了另一套编号「{other[0].strip()}」，应为「{spec.number}、」"
        elif sub:
            said = f"写成了小标题的编号，应为「{spec.number}、」"
        else:
            continue
        return section.line, f"：「{section.heading}」像是这一章节，但{said}"
    return None, ""
