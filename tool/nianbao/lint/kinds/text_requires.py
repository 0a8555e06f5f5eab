"""text_requires: a section says at least one of the patterns (regular expressions)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ... import template as tpl
from ..context import Context, finding
from ...finding import Finding
from ..rules import Rule
from . import ParamError
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    section: str
    patterns: list[str]


def validate(rule: Rule) -> Rule:
    params: Params = rule.params  # type: ignore[assignment]
    for version in rule.templates:
        if params.section not in {s.key for s in tpl.load(version).sections}:
            raise ParamError("section", f"{version}年版模板没有章节「{params.section}」")
    for i, pattern in enumerate(params.patterns, start=1):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ParamError("patterns", f"patterns 第 {i} 项不是有效的正则表达式：{exc}") from None
    return rule


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params  # type: ignore[assignment]
    section = ctx.report.section(params.section)
    if section is None:
        return
    if not any(re.search(p, section.body) for p in params.patterns):
        yield finding(rule, ctx.report, section.line, 1)
