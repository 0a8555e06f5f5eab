"""title: a title that does not name the organ and the year."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "title",
    [
        {
            "name": "the year missing",
            "edits": [
                {
                    "replace": "# 红旗区小店镇 2025 年政府信息公开工作年度报告",
                    "with": "# 红旗区小店镇政府信息公开工作年度报告",
                }
            ],
            "says": [
                "标题「红旗区小店镇政府信息公开工作年度报告」不是「红旗区小店镇2025年政府信息公开工作年度报告」的形式"
            ],
        },
        {
            "name": "another year",
            "edits": [
                {
                    "replace": "# 红旗区小店镇 2025 年政府信息公开工作年度报告",
                    "with": "# 红旗区小店镇 2024 年政府信息公开工作年度报告",
                }
            ],
            "says": ["标题中的年份为2024年，报告年度为2025年"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_title(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
