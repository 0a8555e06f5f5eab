"""template_year: the report uses the template in force for its year."""

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
    meta = ctx.report.meta
    required = tpl.version_for_year(meta.year)
    if meta.template != required:
        notice = tpl.load(required).notice
        line = meta.lines.get("template", 1)
        yield finding(rule, ctx.report, line, 1, year=meta.year, required=required, notice=notice, used=meta.template)
