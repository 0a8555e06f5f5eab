"""period: the statistics period the narrative states is the report's year."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model.finding import Finding
from ...model.names import PERIOD
from ..context import Context, finding
from ..rules import Rule
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    pass


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    for number, line in ctx.report.text_lines:
        for match in PERIOD.finditer(line):
            if int(match[1]) != ctx.report.meta.year:
                yield finding(rule, ctx.report, number, match.start(1) + 1, stated=match[1], year=ctx.report.meta.year)
