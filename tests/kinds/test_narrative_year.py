"""narrative_year: a year the narrative gets wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "narrative_year",
    [
        {
            "name": "the year after, as a plan",
            "edits": [
                {
                    "replace": "2025年，我镇政府信息公开工作取得了一定成效",
                    "with": "2026年，我镇将继续提升公开质量。2025年，我镇政府信息公开工作取得了一定成效",
                }
            ],
            "says": [],
        },
        {
            "name": "a year of five digits",
            "edits": [
                {
                    "replace": "2025年，我镇政府信息公开工作取得了一定成效",
                    "with": "202025年，我镇政府信息公开工作取得了一定成效",
                }
            ],
            "says": ["年份「202025年」有误"],
        },
        {
            "name": "outside the named sections",
            "edits": [{"replace": "在办理依申请公开工作中", "with": "2024年，在办理依申请公开工作中"}],
            "says": [],
        },
        {
            "name": "the year before in Chinese numerals",
            "edits": [{"replace": "2025 年，我镇严格遵循", "with": "二〇二四年，我镇严格遵循"}],
            "says": ["「二〇二四年，我镇严格遵循“以公开为常态、……」以2024年开头，但本报告是2025年度的（是否沿用了其他年度的文字？）"],
        },
        {
            "name": "a year stated beside 本年度 or 去年, anywhere",
            "edits": [{"replace": "在办理依申请公开工作中", "with": "本年度（2024年）在办理依申请公开工作中"},
                      {"replace": "2025 年，我镇严格遵循", "with": "较去年（2024 年）我镇严格遵循"}],
            "says": ["「本年度（2024年）」写的是2024年，但本报告是2025年度的，本年度应是2025年"],
        },
        {
            "name": "a year without its 年, anywhere",
            "edits": [{"replace": "在办理依申请公开工作中", "with": "自20251月1日起，在办理依申请公开工作中"}],
            "says": ["「20251月1日」的年份后缺少「年」字"],
        },
        {
            "name": "去年 stated as the report's year",
            "edits": [{"replace": "2025 年，我镇严格遵循", "with": "与去年（二〇二五年）相比，我镇严格遵循"}],
            "says": ["「去年（二〇二五年）」写的是2025年，但本报告是2025年度的，去年应是2024年"],
        },
        {
            "name": "the report's own year in Chinese numerals",
            "edits": [{"replace": "2025 年，我镇严格遵循", "with": "二〇二五年，我镇严格遵循"}],
            "says": [],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_narrative_year(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
