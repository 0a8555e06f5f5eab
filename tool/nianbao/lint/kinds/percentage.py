"""percentage: a rate the narrative states whose parts it states too,
recomputed at the stated precision (「共发布信息57条，其中部门公告4条，占总量的7.02%」).

Example::

    rule:
      id: NB403
      name: percentage
      title: 百分比计算有误
      severity: warning
      message: 正文称占 {stated}%，但 {part}{unit} ÷ {total}{unit} 为 {right}%
      check: {kind: percentage}
    passes:
    - replace: 2025 年，我镇严格遵循
      with: 全年共发布信息57条，其中部门公告4条，占总量的7.02%。2025 年，我镇严格遵循
    fails:
    - replace: 2025 年，我镇严格遵循
      with: 全年共发布信息57条，其中部门公告4条，占总量的7.5%。2025 年，我镇严格遵循
    says:
    - '正文称占 7.5%，但 4条 ÷ 57条 为 7.0%'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ...model.finding import Finding
from ...model.sentences import sentences
from ..context import Context, finding
from ..rules import Rule
from . import Params as Base

_TOTAL = re.compile(r"(?:共|总计|合计|累计|总共)[^。；，,\d]{0,12}?(?<![0-9])([0-9]{1,12})(?![0-9])\s*(条|件|个|篇|次)")
# A share of the whole: 「占比」「占总量的」「占全部信息的」, not 「占政务动态的」 (a share of
# a part) nor 「占比同比提高」 (a change).
_PART = re.compile(
    r"(?<![0-9])([0-9]{1,12})\s*(条|件|个|篇|次)[^。；\d%％]{0,12}?占(?:比|总[数量]?的?|全部[^。；\d%％]{0,6}?的?|总数的|总量的)?\s*"
    r"([0-9]{1,3}(?:\.[0-9]{1,4})?)\s*[%％]"
)


@dataclass(frozen=True)
class Params(Base):
    pass


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    for number, compact in ctx.compact_lines:  # 「4 条」 as 「4条」
        for sentence_start, sentence in sentences(compact.text):
            total = _TOTAL.search(sentence)
            if total is None:
                continue
            whole = int(total[1])
            for part in _PART.finditer(sentence, total.end()):
                if part[2] != total[2] or whole == 0:
                    continue
                stated = Decimal(part[3])
                places = Decimal(1).scaleb(stated.as_tuple().exponent)  # type: ignore[arg-type]
                right = (Decimal(int(part[1])) * 100 / whole).quantize(places, rounding=ROUND_HALF_UP)
                if right != stated:
                    yield finding(rule, ctx.report, number, compact.col(sentence_start + part.start(3)), stated=part[3],
                                  part=part[1], total=whole, unit=part[2], right=str(right))

