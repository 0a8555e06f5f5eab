"""subparts: an overview that leaves out one of its parts."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "subparts",
    [
        {
            "name": "two parts missing",
            "edits": [{"section": "## 一、总体情况", "with": "本年度，我镇扎实做好主动公开。"}],
            "says": ["「一、总体情况」没有写依申请公开、监督保障方面的情况"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_subparts(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
