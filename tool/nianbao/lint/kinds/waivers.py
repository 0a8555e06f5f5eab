"""waivers: a waiver in the front matter that matches no finding.

Example::

    rule:
      id: NB901
      name: unused-waiver
      title: 多余的豁免
      severity: warning
      message: 豁免 {waived_rule}{waived_cell} 没有对应的检查结果，请删除
      check: {kind: waivers}
    passes: []
    fails:
    - replace: 'slug:'
      with: |-
        waivers:
        - rule: NB104
          reason: 已核实
        slug:
    says:
    - '豁免 NB104 没有对应的检查结果，请删除'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from ...model.finding import Finding
from ..context import make
from ..rules import Rule
from . import FindingsContext
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    scope: ClassVar[str] = "findings"


def check(rule: Rule[Params], ctx: FindingsContext) -> Iterator[Finding]:
    used = {
        next((i for i, w in enumerate(ctx.waivers) if w.covers(f.rule, f.cell)), None) for f in ctx.findings
    }
    for i, waiver in enumerate(ctx.waivers):
        if i not in used:
            cell = f" {waiver.cell}" if waiver.cell else ""
            yield make(rule, ctx.path, waiver.line, 1, 1, waived_rule=waiver.rule, waived_cell=cell)
