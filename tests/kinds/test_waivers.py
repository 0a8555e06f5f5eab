"""waivers: a waiver that waives nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "waivers",
    [
        {
            "name": "a waiver of one cell",
            "edits": [
                {
                    "replace": "slug:",
                    "with": "waivers:\n- rule: NB104\n  cell: t4.review.total\n  reason: 已核实\nslug:",
                }
            ],
            "says": ["豁免 NB104 t4.review.total 没有对应的检查结果，请删除"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_waivers(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
