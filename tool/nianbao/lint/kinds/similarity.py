"""similarity: the narrative against the same organ's report on the year
before (settings.similarity_threshold, in percent)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from rapidfuzz import fuzz

from ..context import Context, finding
from ...finding import Finding
from ..rules import Rule
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    scope: ClassVar[str] = "pair"


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    if ctx.previous is None:
        return
    ratio = fuzz.ratio(ctx.previous.narrative(), ctx.report.narrative())
    if ratio >= ctx.settings.get("similarity_threshold", 90):
        first = ctx.report.sections[0].line if ctx.report.sections else ctx.report.title_line
        yield finding(rule, ctx.report, first, 1, prev_year=ctx.previous.meta.year, ratio=f"{ratio:.0f}")
