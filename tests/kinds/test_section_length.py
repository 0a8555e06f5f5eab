"""section_length: a section too short to say anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "section_length",
    [
        {
            "name": "thirty characters are enough",
            "edits": [
                {
                    "section": "## 五、存在的主要问题及改进情况",
                    "with": "一是解读形式单一，二是更新不及时。下一步将丰富形式、加强培训。",
                }
            ],
            "says": [],
        },
        {
            "name": "an empty section",
            "edits": [{"section": "## 五、存在的主要问题及改进情况", "with": ""}],
            "says": ["「五、存在的主要问题及改进情况」是空的（0 字，不足 30 字）：应写明存在的主要问题和改进情况"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_section_length(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
