"""section_length: a section that says nothing: 「无」, or fewer than
`min_chars` characters (the problems a report must own up to)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...model.finding import Finding
from ..context import Context, finding
from ..rules import Rule
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    section: str
    min_chars: int


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params
    section = ctx.report.section(params.section)
    if section is None:
        return
    text = re.sub(r"\s", "", section.body)
    if len(text) < params.min_chars:
        said = f"只写了「{text}」" if text else "是空的"
        yield finding(rule, ctx.report, section.line, 1, heading=section.heading, detail=said, chars=len(text),
                      min_chars=params.min_chars)
