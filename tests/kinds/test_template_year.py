"""template_year: a report on a template its year does not use."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "template_year",
    [
        {
            "name": "the 2019 template declared for 2025",
            "edits": [{"replace": "template: 2021", "with": "template: 2019"}],
            "says": ["2025年度报告应使用2021年版模板（国办公开办函〔2021〕30号），本报告使用的是2019年版"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_template_year(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
