"""narrative_year: a year the narrative gets wrong. In the named sections, a
sentence that opens with the year before or after the report's as if it
were the current one (「2022年，我局…」 or 「二〇二二年，」 in a 2023 report: last year's text
copied forward), unless it compares (「较2022年增长」) or names the report's
year too; anywhere, a year of five digits or more (「202020年」) or a year without its 年
(「20201月1日」), and a
year stated beside 本年/去年 that is not the report's year or the one
before (「本年度（2022年）」 or 「去年（2023年）」 in a 2023 report).

Example::

    rule:
      id: NB305
      name: narrative-year
      title: 正文年份有误
      severity: warning
      message: '{detail}'
      check: {kind: narrative_year, sections: [overview, problems]}
    passes:
    - replace: 2025 年，我镇严格遵循
      with: 与 2024 年相比，我镇严格遵循
    fails:
    - replace: 2025 年，我镇严格遵循
      with: 2024 年，我镇严格遵循
    says:
    - '「2024 年，我镇严格遵循“以公开为常态……」以2024年开头，但本报告是2025年度的（是否沿用了其他年度的文字？）'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...model.finding import Finding
from ...model.sentences import sentence_at
from ..context import Context, finding
from ..rules import Rule
from . import Params as Base

_DIGITS = "〇○零一二三四五六七八九"  # a year in Chinese numerals: 二〇二二年, 二零二二年
_OPENING = re.compile(rf"(?:^|[。；！？])\s*(?:[（(][一二三四五六七八九十\d]+[）)]\s*)?(\d{{4}}|[{_DIGITS}]{{4}})\s*年度?\s*[，,、]?")
_COMPARING = re.compile(r"较|比|相比|同比|增长|下降|增加|减少|以来|延续|结转|报告|整改")
_PLANNING = re.compile(r"将|计划|拟|力争|下一步|下步|继续|进一步|持续")  # the year after, as a plan
_NAMED = re.compile(rf"(本年度?|上一?年度?|去年)\s*[（(]\s*(\d{{4}}|[{_DIGITS}]{{4}})\s*年?度?\s*[）)]")  # 「本年度（2022年）」
_NO_YEAR_MARK = re.compile(r"(?<![\d.])(?:19|20)\d{2}(?:0?[1-9]|1[0-2])月(?:\d{1,2}日)?")  # 「20201月1日」
_MALFORMED = re.compile(r"(?<![\d.])((?:19|20)\d{3,})\s*年")


@dataclass(frozen=True)
class Params(Base):
    sections: list[str]  # where a sentence opening with another year is last year's text


def _year(written: str) -> int:
    """A year as written, in digits or in Chinese numerals (〇, ○ and 零 are 0)."""
    return int(written) if written.isdigit() else int("".join(str(max(_DIGITS.index(c) - 2, 0)) for c in written))


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    year = ctx.report.meta.year
    for key in rule.params.sections:
        for number, line in ctx.section_lines(key):
            for match in _OPENING.finditer(line):
                said = _year(match[1])
                start, whole = sentence_at(line, match.start(1))
                sentence = whole[match.start(1) - start :].rstrip("。；！？")
                planned = said == year + 1 and _PLANNING.search(sentence)
                if abs(said - year) == 1 and str(year) not in sentence and not _COMPARING.search(sentence) and not planned:
                    quoted = sentence if len(sentence) <= 24 else sentence[:20] + "……"
                    detail = f"「{quoted}」以{said}年开头，但本报告是{year}年度的（是否沿用了其他年度的文字？）"
                    yield finding(rule, ctx.report, number, match.start(1) + 1, detail=detail)
    for number, line in ctx.report.text_lines:
        for match in _MALFORMED.finditer(line):
            yield finding(rule, ctx.report, number, match.start(1) + 1, detail=f"年份「{match[0]}」有误")
        for match in _NO_YEAR_MARK.finditer(line):
            yield finding(rule, ctx.report, number, match.start() + 1, detail=f"「{match[0]}」的年份后缺少「年」字")
        for match in _NAMED.finditer(line):
            meant = year if match[1].startswith("本") else year - 1
            if _year(match[2]) != meant:
                yield finding(rule, ctx.report, number, match.start(2) + 1,
                              detail=f"「{match[0]}」写的是{_year(match[2])}年，但本报告是{year}年度的，{match[1]}应是{meant}年")
