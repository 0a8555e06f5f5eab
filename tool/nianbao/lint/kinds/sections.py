"""sections: the template's sections all present and in order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..context import Context, finding
from ...finding import Finding
from ..rules import Rule
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    pass


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    official = report.template.sections
    found = [s for s in report.sections if s.key]
    keys = [s.key for s in found]
    for spec in official:
        if spec.key not in keys:
            yield finding(rule, report, report.title_line, 1, detail=f"缺少章节「{spec.label}」")
    order = [s.key for s in official]
    for before, after in zip(found, found[1:]):
        if order.index(after.key) < order.index(before.key):  # type: ignore[arg-type]
            yield finding(rule, report, after.line, 1, detail=f"章节「{after.heading}」应在「{before.heading}」之前")
