"""unique_slug: two reports with one slug would be published at one URL:
every report after the first that has it is a finding naming the first.

Example::

    rule:
      id: NB008
      name: duplicate-slug
      title: 报告标识重复
      severity: error
      message: slug「{slug}」与 {other} 相同：两份报告会发布到同一网址
      check: {kind: unique_slug}
    beside:
    - replace: 'organ: 红旗区小店镇'
      with: 'organ: 红旗区洪门镇'
    passes:
    - replace: 'slug: hongqiquxiaodianzhen-2025'
      with: 'slug: hongqiquxiaodianzhen-2025-2'
    fails: []
    says:
    - 'slug「hongqiquxiaodianzhen-2025」与 reports/other.md 相同：两份报告会发布到同一网址'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from ...model.finding import Finding
from ..context import make
from ..rules import Rule
from . import CollectionContext
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    scope: ClassVar[str] = "collection"


def check(rule: Rule[Params], ctx: CollectionContext) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for report in ctx.reports:
        if report.slug in first:
            yield make(rule, report.path, report.slug_line, 1, 1, slug=report.slug, other=first[report.slug])
        else:
            first[report.slug] = report.path
