"""section_length: a section that says nothing: 「无」, or fewer than
`min_chars` characters (the problems a report must own up to).

Example::

    rule:
      id: NB404
      name: hollow-problems
      title: 问题和改进情况过于简略
      severity: warning
      message: 「{heading}」{detail}（{chars} 字，不足 {min_chars} 字）：应写明存在的主要问题和改进情况
      check: {kind: section_length, section: problems, min_chars: 30}
    passes:
    - section: '## 五、存在的主要问题及改进情况'
      with: 一是政策解读形式单一，二是依申请公开答复规范化水平不高。下一步将丰富解读形式，加强业务培训。
    fails:
    - section: '## 五、存在的主要问题及改进情况'
      with: 无。
    says:
    - '「五、存在的主要问题及改进情况」只写了「无。」（2 字，不足 30 字）：应写明存在的主要问题和改进情况'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...model.finding import Finding
from ..context import Context, finding
from ..rules import Rule
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    section: str
    min_chars: int


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params
    section = ctx.report.section(params.section)
    if section is None:
        return
    text = re.sub(r"\s", "", section.body)
    if len(text) < params.min_chars:
        said = f"只写了「{text}」" if text else "是空的"
        yield finding(rule, ctx.report, section.line, 1, heading=section.heading, detail=said, chars=len(text),
                      min_chars=params.min_chars)
