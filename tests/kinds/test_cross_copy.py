"""cross_copy: a section copied between two organs' reports of one year."""

from __future__ import annotations

from dataclasses import replace
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
         "says": [COPIED.format(92)]},
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_cross_copy(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says


def test_a_sketch_that_is_not_one_is_passed_over() -> None:
    """The lint cache is anyone's file: what it says a report kept is data,
    and what is not a sketch compares with nothing."""
    rule = next(r for r in load(None).rules if r.id == "NB608")
    junk: list[object] = [["overview", "一、总体情况", "x", [1, 2]], "text", ["overview"], None]
    reports = tuple(Listed(f"r{i}.md", f"机关{i}", 2025, f"s{i}", 1, f"k{i}", {"NB608": junk}) for i in range(2))
    good = Listed("r2.md", "机关2", 2025, "s2", 1, "k2", {"NB608": [["overview", "一、总体情况", 9, list(range(SKETCH))]]})
    assert list(check(rule, CollectionContext((*reports, good), load(None).settings))) == []
    assert len(list(check(rule, CollectionContext((good, replace(good, path="r3.md", organ_key="k3")), load(None).settings)))) == 2


def test_the_share_is_of_the_smallest_hashes_of_both() -> None:
    same = frozenset(range(SKETCH))
    assert _share(same, same) == 1.0
    assert _share(same, frozenset(range(SKETCH, 2 * SKETCH))) == 0.0
    assert _share(frozenset(range(0, 2 * SKETCH, 2)), frozenset(range(0, 2 * SKETCH))) == pytest.approx(0.5)
