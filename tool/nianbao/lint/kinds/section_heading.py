"""section_heading: every section heading written as the official label."""

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
            yield finding(rule, ctx.report, section.line, 1, heading=section.heading, label="一至六中的某一章节")
            continue
        label = version.section(section.key).label
        if tpl.normalize_label(section.heading) != tpl.normalize_label(label):
            yield finding(rule, ctx.report, section.line, 1, heading=section.heading, label=label)
