"""title: the title names the organ and the year of the front matter.

Example::

    rule:
      id: NB301
      name: title
      title: 标题不规范
      severity: error
      message: '{detail}'
      check: {kind: title}
    passes:
    - replace: '# 红旗区小店镇 2025 年政府信息公开工作年度报告'
      with: '# 红旗区小店镇2025年度政府信息公开工作年度报告'
    fails:
    - replace: '# 红旗区小店镇 2025 年政府信息公开工作年度报告'
      with: '# 2025 年政府信息公开工作年度报告'
    says:
    - '标题「2025 年政府信息公开工作年度报告」未写明机关名称，应为「红旗区小店镇2025年政府信息公开工作年度报告」'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model import names as organ_names
from ...model.finding import Finding
from ..context import Context, finding
from ..rules import Rule
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    pass


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    report, meta = ctx.report, ctx.report.meta
    if not report.title:
        return
    parsed = organ_names.parse_title(report.title)
    expected = f"「{meta.organ or '（机关名称）'}{meta.year}年政府信息公开工作年度报告」"
    if parsed is None:
        detail = f"标题「{report.title}」不是{expected}的形式"
    elif not parsed[0]:
        detail = f"标题「{report.title}」未写明机关名称，应为{expected}"
    elif parsed[1] != meta.year:
        detail = f"标题中的年份为{parsed[1]}年，报告年度为{meta.year}年"
    elif meta.organ and not _same_organ(parsed[0], meta.organ):
        detail = f"标题中的机关名称「{parsed[0]}」与元数据 organ「{meta.organ}」不一致"
    else:
        return
    yield finding(rule, report, report.title_line, 3, detail=detail)


def _same_organ(a: str, b: str) -> bool:
    """One name contains the other: 「巨鹿县小吕寨镇」 and 「小吕寨镇」 agree."""
    a, b = organ_names.fold(a), organ_names.fold(b)
    return a in b or b in a
