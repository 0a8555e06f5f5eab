"""section_heading: every section heading written as the official label.

Example::

    rule:
      id: NB007
      name: section-heading
      title: 章节标题不规范
      severity: warning
      message: 章节标题「{heading}」与官方写法「{label}」不同
      check: {kind: section_heading}
    passes:
    - replace: '## 五、存在的主要问题及改进情况'
      with: '## 五、 存在的主要问题及改进情况'
    fails:
    - replace: '## 五、存在的主要问题及改进情况'
      with: '## 五、存在问题及改进情况'
    says:
    - '章节标题「五、存在问题及改进情况」与官方写法「五、存在的主要问题及改进情况」不同'
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
    version = ctx.report.template
    for section in ctx.report.sections:
        if section.key is None:
            meant = next((spec.label for spec in version.sections if spec.resembles(section.heading)), "一至六中的某一章节")
            yield finding(rule, ctx.report, section.line, 1, heading=section.heading, label=meant)
            continue
        label = version.section(section.key).label
        if tpl.normalize_label(section.heading) != tpl.normalize_label(label):
            yield finding(rule, ctx.report, section.line, 1, heading=section.heading, label=label)
