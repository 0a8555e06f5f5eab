"""similarity: each section against the same section of the same organ's
report on the year before, as reviewers measure copying: the template's own
phrases and other boilerplate sentences (settings.boilerplate and the
rule's own `boilerplate`, regular expressions) left out, sections shorter
than `min_chars` after that
skipped; at settings.similarity_threshold percent or more, a finding at the
section's heading.

Example::

    rule:
      id: NB603
      name: copy-paste
      title: 内容与上年报告雷同
      severity: warning
      message: 「{section}」与{prev_year}年度报告的同一章节相似度为 {ratio}%（内容雷同）
      check: {kind: similarity, min_chars: 50, boilerplate: ['以公开为常态、不公开为例外']}
    previous: []
    passes:
    - section: '## 一、总体情况'
      with: 本年度，我镇以群众需求为导向，围绕乡村振兴、民生保障和基层治理三项重点，新开设“村务阳光”专栏，按月公开集体资产、低保救助和项目资金的使用情况。
    - section: '## 五、存在的主要问题及改进情况'
      with: 本年度的不足主要在于村级公开栏更新不及时、部分政策解读仍停留在转载文件。明年将实行村级公开栏月报制度，并由镇党政办逐项编写图解。
    fails:
    - section: '## 一、总体情况'
      with: 本年度，我镇以群众需求为导向，围绕乡村振兴、民生保障和基层治理三项重点，新开设“村务阳光”专栏，按月公开集体资产、低保救助和项目资金的使用情况。
    says:
    - '「五、存在的主要问题及改进情况」与2024年度报告的同一章节相似度为 100%（内容雷同）'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from rapidfuzz import fuzz

from ...model.finding import Finding
from ..context import Context, finding, own_words
from ..rules import Rule
from . import Params as Base
from . import check_regexes

LONGEST = 20_000


@dataclass(frozen=True)
class Params(Base):
    boilerplate: list[str] = field(default_factory=list)
    min_chars: int = 50
    scope: ClassVar[str] = "pair"


def validate(rule: Rule[Params]) -> Rule[Params]:
    check_regexes("boilerplate", rule.params.boilerplate)
    return rule


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params
    if ctx.previous is None:
        return
    boilerplate = ctx.settings.boilerplate + params.boilerplate
    threshold = ctx.settings.similarity_threshold
    for section in ctx.report.sections:
        before = ctx.previous.section(section.key) if section.key else None
        if before is None:
            continue
        # A section of a report is a few thousand characters; beyond LONGEST the
        # comparison (quadratic in length) would stall a run for minutes.
        now, then = (own_words(s.body, boilerplate)[:LONGEST] for s in (section, before))
        if min(len(now), len(then)) < params.min_chars:
            continue
        ratio = fuzz.ratio(then, now)
        if ratio >= threshold:
            yield finding(rule, ctx.report, section.line, 1, section=section.heading, prev_year=ctx.previous.meta.year,
                          ratio=f"{ratio:.0f}")
