"""enumeration: a list numbered 一是、二是… that repeats, skips or goes back."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

FIVE = "## 五、存在的主要问题及改进情况"

CASES = cases(
    "enumeration",
    [
        {
            "name": "a point a paragraph, counted over the paragraphs",
            "edits": [{"section": FIVE, "with": "一是解读形式单一。\n\n二是更新不及时。\n\n二是互动不足。"}],
            "says": ["「二是」之后是「二是」：序号重复"],
        },
        {
            "name": "a new list starts at 一是",
            "edits": [{"section": FIVE, "with": "存在问题：一是解读单一；二是更新慢。改进措施：一是丰富形式；二是建立机制。"}],
            "says": [],
        },
        {
            "name": "统一是 is no marker",
            "edits": [{"section": FIVE, "with": "一是解读形式单一，信息统一是难点；二是更新不及时。"}],
            "says": [],
        },
        {
            "name": "two skipped",
            "edits": [{"section": FIVE, "with": "一是解读形式单一；四是更新不及时。"}],
            "says": ["「一是」之后是「四是」：漏了「二是」、「三是」"],
        },
        {
            "name": "going back",
            "edits": [{"section": FIVE, "with": "一是解读形式单一；二是更新不及时；三是互动不足；二是培训不够。"}],
            "says": ["「三是」之后是「二是」：序号倒退"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_enumeration(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
