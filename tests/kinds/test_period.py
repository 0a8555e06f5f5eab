"""period: a statistics period of another year."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "period",
    [
        {"name": "no period stated", "edits": [], "says": []},
        {
            "name": "the period with the year written twice",
            "edits": [
                {
                    "replace": "## 一、总体情况",
                    "with": "本报告中所列数据统计期限为2024年1月1日至2024年12月31日。\n\n## 一、总体情况",
                }
            ],
            "says": ["正文所述统计期限为2024年，报告年度为2025年"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_period(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
