"""enumeration: a list numbered in the text the way reports count their
points (「一是…二是…三是…」) that repeats a number or skips one
(「一是…三是…三是」, 「一是…三是」): a sign of text pasted together. A new
list starts at 「一是」 and may run over several paragraphs of a section;
a marker counts only where a clause begins (after 「。；，：、」 or at the
start of a line), so 「统一是」 is no marker.

Example::

    rule:
      id: NB407
      name: list-numbering
      title: 列举序号有误
      severity: warning
      message: 「{previous}」之后是「{marker}」：{detail}
      check: {kind: enumeration}
    passes:
    - section: '## 五、存在的主要问题及改进情况'
      with: 一是解读形式单一；二是更新不及时；三是互动不足。下一步将逐项整改。
    fails:
    - section: '## 五、存在的主要问题及改进情况'
      with: 一是解读形式单一；三是更新不及时；三是互动不足。下一步将逐项整改。
    says:
    - '「一是」之后是「三是」：漏了「二是」'
    - '「三是」之后是「三是」：序号重复'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...model.finding import Finding
from ..context import Context, finding
from ..rules import Rule
from . import Params as Base

NUMERALS = "一二三四五六七八九十"
_MARKER = re.compile(rf"(?:^|(?<=[。；;，,：:、\s]))([{NUMERALS}]|十[一二三四五六七八九])是")


@dataclass(frozen=True)
class Params(Base):
    pass


def _value(numeral: str) -> int:
    return 10 + NUMERALS.index(numeral[1]) + 1 if len(numeral) == 2 else NUMERALS.index(numeral) + 1


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    """Within each section a list may run over several paragraphs (a point
    a paragraph): the count goes on until a new 「一是」."""
    for key in dict.fromkeys(s.key for s in ctx.report.sections if s.key):
        previous: str | None = None
        for number, line in ctx.section_lines(key):
            for match in _MARKER.finditer(line):
                marker, value = match[0], _value(match[1])
                if value == 1 or previous is None:
                    previous = marker if value == 1 else None
                    continue
                before = _value(previous[:-1])
                if value == before + 1:
                    previous = marker
                    continue
                if value == before:
                    detail = "序号重复"
                elif value > before:
                    detail = "漏了" + "、".join(f"「{_numeral(n)}是」" for n in range(before + 1, value))
                else:
                    detail = "序号倒退"
                yield finding(rule, ctx.report, number, match.start(1) + 1, previous=previous, marker=marker, detail=detail)
                previous = marker


def _numeral(n: int) -> str:
    return NUMERALS[n - 1] if n <= 10 else "十" + NUMERALS[n - 11]
