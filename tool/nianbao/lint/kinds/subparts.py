"""subparts: a section covers each of its parts (「一、总体情况」 of the 2021
template: 主动公开, 依申请公开, 政府信息管理, 平台建设, 监督保障), each found
by its regular expression anywhere in the section.

Example::

    rule:
      id: NB405
      name: overview-parts
      title: 总体情况缺少方面
      severity: warning
      message: 「{heading}」没有写{missing}方面的情况
      check:
        kind: subparts
        section: overview
        parts:
        - {name: 主动公开, regex: 主动公开}
        - {name: 依申请公开, regex: 依申请公开|公开申请}
        - {name: 监督保障, regex: 监督保障|考核|评议}
    passes:
    - section: '## 一、总体情况'
      with: 本年度，我镇扎实做好主动公开，依法办理依申请公开，并把政务公开纳入年度考核。
    fails:
    - section: '## 一、总体情况'
      with: 本年度，我镇扎实做好主动公开，依法办理依申请公开。
    says:
    - '「一、总体情况」没有写监督保障方面的情况'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...model.finding import Finding
from ..context import Context, finding
from ..patterns import search
from ..rules import Rule
from . import ParamError, check_regexes, check_section
from . import Params as Base


@dataclass(frozen=True)
class Params(Base):
    section: str
    parts: list[dict[str, Any]]  # each: name (as the message says it), regex


def validate(rule: Rule[Params]) -> Rule[Params]:
    check_section(rule.params.section, rule.templates)
    for i, part in enumerate(rule.params.parts, start=1):
        if not isinstance(part, dict) or not part.get("name") or not part.get("regex"):
            raise ParamError("parts", f"parts 第 {i} 项须有 name 和 regex")
    check_regexes("parts", [part["regex"] for part in rule.params.parts])
    return rule


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params
    section = ctx.report.section(params.section)
    if section is None:
        return
    missing = [p["name"] for p in params.parts if not search(p["regex"], section.body)]
    if missing:
        yield finding(rule, ctx.report, section.line, 1, heading=section.heading, missing="、".join(missing))
