"""percentage: a stated rate that its own parts contradict."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "percentage",
    [
        {
            "name": "wrong in the second decimal",
            "edits": [
                {
                    "replace": "2025 年，我镇严格遵循",
                    "with": "全年共发布信息57条，其中部门公告4条，占总量的7.10%。2025 年，我镇严格遵循",
                }
            ],
            "says": ["正文称占 7.10%，但 4条 ÷ 57条 为 7.02%"],
        },
        {
            "name": "a share of a part is not a share of the whole",
            "edits": [
                {
                    "replace": "2025 年，我镇严格遵循",
                    "with": "全年共发布信息57条，其中部门公告4条，占政务动态的50%。2025 年，我镇严格遵循",
                }
            ],
            "says": [],
        },
        {
            "name": "numbers spaced from their units",
            "edits": [
                {
                    "replace": "2025 年，我镇严格遵循",
                    "with": "全年共发布信息 57 条，其中部门公告 4 条，占总量的 7.5%。2025 年，我镇严格遵循",
                }
            ],
            "says": ["正文称占 7.5%，但 4条 ÷ 57条 为 7.0%"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_percentage(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
