"""deadline: published by the deadline for the organ's kind (settings.deadlines)."""

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
