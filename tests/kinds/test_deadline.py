"""deadline: a report published after its kind's deadline."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "deadline",
    [
        {"name": "no publication date is no finding", "edits": [], "says": []},
        {
            "name": "a county government has until March",
            "edits": [
                {"replace": "kind: 乡镇街道", "with": "kind: 本级人民政府"},
                {"replace": "slug:", "with": "published: 2026-03-02\nslug:"},
            ],
            "says": [],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_deadline(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
