"""text_requires: a section that does not say what it must."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "text_requires",
    [
        {
            "name": "said in another section does not count",
            "edits": [
                {"replace": "在办理依申请公开工作中，未向申请人收取任何费用。", "with": "无。"},
                {"replace": "目前我镇通过", "with": "本年度未收取信息处理费。目前我镇通过"},
            ],
            "says": ["「六、其他需要报告的事项」未说明信息处理费的收取情况"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_text_requires(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
