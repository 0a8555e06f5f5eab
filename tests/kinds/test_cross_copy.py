"""cross_copy: a section copied between two organs' reports of one year."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

from nianbao.lint.kinds import CollectionContext, Listed
from nianbao.lint.kinds.cross_copy import SKETCH, _share, check
from nianbao.lint.rules import load

OTHER = {"replace": "organ: 红旗区小店镇", "with": "organ: 红旗区洪门镇"}
COPIED = "「一、总体情况」与红旗区洪门镇2025年度报告（reports/other.md）的同一章节约 {}% 相同（不同机关之间内容雷同）"
CASES = cases(
    "cross_copy",
    [
        {"name": "alone in the collection", "beside": None, "edits": [], "says": []},
        {"name": "the same organ's second file is no copy of another organ", "beside": [], "edits": [], "says": []},
        {"name": "another organ's report of another year is not compared",
         "beside": [OTHER, {"replace": "year: 2025", "with": "year: 2024"}], "edits": [], "says": []},
        {"name": "a copy with its name and a sentence changed is still found, as a share",
         "beside": [OTHER, {"replace": "2025 年，小店镇坚持", "with": "2025 年，洪门镇始终坚持"},
                    {"replace": "2025 年，小店镇未收到公众申请要求公开的其它方面政府信息。",
                     "with": "全年共收到公众申请一件，已按期答复。"}],
         "edits": [{"section": "## 五、存在的主要问题及改进情况", "with": "本年度没有需要说明的问题。"}],
         "says": [COPIED.format(96)]},
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_cross_copy(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says


def _listed(i: int, kept: object) -> Listed:
    return Listed(f"r{i}.md", f"机关{i}", 2025, f"s{i}", 1, f"k{i}", {"NB608": kept})


SKETCHED = [["overview", "一、总体情况", 9, list(range(SKETCH)), 300]]


def test_a_sketch_that_is_not_one_is_passed_over() -> None:
    """The lint cache is anyone's file: what it says a report kept is data,
    and what is not a sketch compares with nothing and stops nothing."""
    rules = load(None)
    rule = next(r for r in rules.rules if r.id == "NB608")
    junk: list[object] = [["overview", "一、总体情况", "x", [1, 2], 5], "text", ["overview"], None, SKETCHED[0][:4]]
    odd = (*(_listed(i, junk) for i in range(2)), _listed(2, 5), _listed(3, True), _listed(4, {"a": 1}))
    assert list(check(rule, CollectionContext((*odd, _listed(5, SKETCHED)), rules.settings))) == []
    assert len(list(check(rule, CollectionContext((*odd, _listed(5, SKETCHED), _listed(6, SKETCHED)), rules.settings)))) == 2


def test_many_organs_sharing_a_section_give_one_finding_each_not_one_a_pair() -> None:
    """150 towns with one county text: each town's section has one finding
    naming its closest copy and how many more there are."""
    rules = load(None)
    rule = next(r for r in rules.rules if r.id == "NB608")
    found = list(check(rule, CollectionContext(tuple(_listed(i, SKETCHED) for i in range(150)), rules.settings)))
    assert len(found) == 150 and len({f.path for f in found}) == 150
    assert all(f.message.endswith("；另有 148 份报告的同一章节也与之雷同") for f in found)


def test_a_section_copied_whole_into_a_longer_one_is_found_in_the_shorter() -> None:
    """Of the longer section's runs a third are copied; all of the shorter's are."""
    rules = load(None)
    rule = next(r for r in rules.rules if r.id == "NB608")
    short = [["overview", "一、总体情况", 9, list(range(0, 3 * SKETCH, 3)), 200]]
    long = [["overview", "一、总体情况", 9, list(range(SKETCH)), 600]]
    found = list(check(rule, CollectionContext((_listed(1, short), _listed(2, long)), rules.settings)))
    assert [f.path for f in found] == ["r1.md"] and "约 100% 相同" in found[0].message


def test_the_share_is_of_the_smallest_hashes_of_both() -> None:
    same = frozenset(range(SKETCH))
    assert _share(same, same) == 1.0
    assert _share(same, frozenset(range(SKETCH, 2 * SKETCH))) == 0.0
    assert _share(frozenset(range(0, 2 * SKETCH, 2)), frozenset(range(0, 2 * SKETCH))) == pytest.approx(0.5)
