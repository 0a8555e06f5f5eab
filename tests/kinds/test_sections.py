"""sections: the six official sections, present and in order."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "sections",
    [
        {
            "name": "two sections swapped",
            "edits": [
                {"replace": "## 五、存在的主要问题及改进情况", "with": "## 临时"},
                {"replace": "## 六、其他需要报告的事项", "with": "## 五、存在的主要问题及改进情况"},
                {"replace": "## 临时", "with": "## 六、其他需要报告的事项"},
            ],
            "says": ["章节「五、存在的主要问题及改进情况」应在「六、其他需要报告的事项」之前"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_sections(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
