"""deadline: published by the deadline for the organ's kind (settings.deadlines).

Example::

    rule:
      id: NB304
      name: deadline
      title: 超过发布期限
      severity: warning
      message: 发布日期 {published} 晚于{kind}报告的发布期限 {deadline}
      check: {kind: deadline}
    settings:
      deadlines: {本级人民政府: '03-31', 政府部门: '01-31', 乡镇街道: '01-31'}
    passes:
    - replace: 'slug:'
      with: |-
        published: 2026-01-31
        slug:
    fails:
    - replace: 'slug:'
      with: |-
        published: 2026-02-02
        slug:
    says:
    - '发布日期 2026-02-02 晚于乡镇街道报告的发布期限 2026-01-31'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ...model.finding import Finding
from ..context import Context, finding
from ..rules import Rule
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    pass


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    meta = ctx.report.meta
    day = ctx.settings.deadlines.get(meta.kind)
    if meta.published is None or day is None:
        return
    month, dom = (int(x) for x in day.split("-"))
    deadline = date(meta.year + 1, month, dom)
    if meta.published > deadline:
        line = meta.lines.get("published", 1)
        yield finding(rule, ctx.report, line, 1, published=meta.published.isoformat(), kind=meta.kind,
                      deadline=deadline.isoformat())
