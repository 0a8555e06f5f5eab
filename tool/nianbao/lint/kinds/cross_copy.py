"""cross_copy: each section against the same section of the other organs'
reports of the same year, as evaluations deduct for 雷同 between units (a
town's report made from a neighbour's with the name changed). Measured on
the section's own words (tables, spaces and the boilerplate sentences of
settings.boilerplate and the rule's own `boilerplate` left out; a section
shorter than `min_chars` then is skipped): the share of a section's runs
of seven characters that are also in the other's, estimated from a sketch
of each (the SKETCH smallest hashes of its runs, and how many runs it
has), kept when each report is read, so that ten thousand reports are
compared without holding their text. Where settings.copy_threshold
percent or more of a section's runs are in another organ's, a finding at
its heading naming the closest such report and how many more there are
(one finding a section, however many copied the same text).
One organ's reports (its names joined by organ_key) are never compared.

Example::

    rule:
      id: NB608
      name: copied-from-other-organ
      title: 与其他机关的报告雷同
      severity: warning
      message: 「{section}」与{other_organ}{year}年度报告（{other}）的同一章节约 {ratio}% 相同（不同机关之间内容雷同）{more}
      check: {kind: cross_copy, min_chars: 100, boilerplate: ['以公开为常态、不公开为例外']}
    beside:
    - replace: 'organ: 红旗区小店镇'
      with: 'organ: 红旗区洪门镇'
    passes:
    - section: '## 一、总体情况'
      with: 本年度，我镇以群众需求为导向，围绕乡村振兴、民生保障和基层治理三项重点，新开设“村务阳光”专栏，按月公开集体资产、低保救助和项目资金的使用情况；全年在镇政府网站发布信息二百余条，在各村公开栏张贴惠民政策一百余份，接待群众现场查阅四十余人次。
    - section: '## 五、存在的主要问题及改进情况'
      with: 本年度的不足主要在于村级公开栏更新不及时、部分政策解读仍停留在转载文件。明年将实行村级公开栏月报制度，由镇党政办逐项编写图解，并请村民代表每季度评议一次公开内容是否看得懂、找得到。
    fails: []
    says:
    - 「一、总体情况」与红旗区洪门镇2025年度报告（reports/other.md）的同一章节约 100% 相同（不同机关之间内容雷同）
    - 「五、存在的主要问题及改进情况」与红旗区洪门镇2025年度报告（reports/other.md）的同一章节约 100% 相同（不同机关之间内容雷同）
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any, ClassVar

from ...model.finding import Finding
from ...model.report import Report
from ..context import make, own_words
from ..rules import Rule
from . import CollectionContext, Listed, similarity

RUN = 7  # characters: a run this long is rarely shared by two texts written apart
SKETCH = 64  # smallest hashes kept of a section's runs: the share is estimated to about ±6 points
PICK = 16  # the smallest of a sketch's hashes that pick the pairs to measure: two sections half the same share 8 of them on average
SHARED = 2  # of those, the number two sections must share to be measured
COMMON = 200  # a hash in more sections than this is a stock phrase: it picks no pair


@dataclass(frozen=True)
class Params(similarity.Params):
    """As similarity's (the same boilerplate, checked the same way), longer sections only."""

    min_chars: int = 200
    scope: ClassVar[str] = "collection"


validate = similarity.validate


def keep(rule: Rule[Params], report: Report, settings: Any) -> list[list[Any]]:
    """Each long enough section's sketch: [key, heading, line, hashes, how many runs]."""
    out: list[list[Any]] = []
    for section in report.sections:
        words = own_words(section.body, settings.boilerplate + rule.params.boilerplate)
        if section.key and len(words) >= rule.params.min_chars:
            runs = {zlib.crc32(words[i : i + RUN].encode()) for i in range(len(words) - RUN + 1)}
            out.append([section.key, section.heading, section.line, sorted(runs)[:SKETCH], len(runs)])
    return out


@dataclass(frozen=True)
class _Sketch:
    report: Listed
    heading: str
    line: int
    hashes: frozenset[int]
    picks: tuple[int, ...]
    runs: int


def _sketches(rule: Rule[Params], reports: tuple[Listed, ...]) -> dict[tuple[int, str], list[_Sketch]]:
    """The sections kept of every report, by year and section; what is not
    a sketch (a cache written by hand) is passed over."""
    out: dict[tuple[int, str], list[_Sketch]] = defaultdict(list)
    for report in reports:
        items = report.kept.get(rule.id)
        for item in items if isinstance(items, list) else []:
            try:
                key, heading, line, hashes, runs = item
                if not (isinstance(hashes, list) and len(hashes) <= SKETCH and all(type(h) is int for h in hashes)):
                    continue
                sketch = _Sketch(report, str(heading), int(line), frozenset(hashes), tuple(hashes[:PICK]), max(int(runs), 1))  # kept sorted
            except (TypeError, ValueError):
                continue
            out[(report.year, str(key))].append(sketch)
    return out


def _share(a: frozenset[int], b: frozenset[int]) -> float:
    """The estimated share of runs two sections have in common (of all the
    runs of either): of the smallest SKETCH hashes of both, those in both."""
    union = sorted(a | b)[:SKETCH]
    return sum(1 for h in union if h in a and h in b) / len(union) if union else 0.0


def _contained(a: _Sketch, b: _Sketch) -> float:
    """The estimated share of a's runs that are also in b (from their
    share of all the runs of either and how many runs each has): a section
    copied whole into a longer one is all in it."""
    share = _share(a.hashes, b.hashes)
    return min(1.0, share * (a.runs + b.runs) / (1 + share) / a.runs)


def check(rule: Rule[Params], ctx: CollectionContext) -> Iterator[Finding]:
    threshold = ctx.settings.copy_threshold
    for sections in _sketches(rule, ctx.reports).values():
        copies: dict[int, list[tuple[int, int]]] = defaultdict(list)  # a section -> (its share in the other, the other)
        holders: dict[int, list[int]] = defaultdict(list)
        for i, sketch in enumerate(sections):
            for h in sketch.picks:
                holders[h].append(i)
        shared: Counter[tuple[int, int]] = Counter()
        for held in holders.values():
            if 1 < len(held) <= COMMON:
                shared.update(combinations(held, 2))
        for (i, j), count in shared.items():
            if count < SHARED or sections[i].report.organ_key == sections[j].report.organ_key:
                continue
            for one, other in ((i, j), (j, i)):
                ratio = round(100 * _contained(sections[one], sections[other]))
                if ratio >= threshold:
                    copies[one].append((ratio, other))
        for one in sorted(copies):  # one finding a section: its closest copy, and how many more there are
            ratio, other = max(copies[one], key=lambda found: (found[0], -found[1]))
            here, there = sections[one], sections[other]
            more = f"；另有 {len(copies[one]) - 1} 份报告的同一章节也与之雷同" if len(copies[one]) > 1 else ""
            yield make(rule, here.report.path, here.line, 1, 1, section=here.heading, other=there.report.path,
                       other_organ=there.report.organ, year=there.report.year, ratio=ratio, more=more)
