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
        {
            "name": "a section numbered as the one before it",
            "edits": [{"replace": "## 四、政府信息公开行政复议", "with": "## 三、政府信息公开行政复议"}],
            "says": ["缺少章节「四、政府信息公开行政复议、行政诉讼情况」：「三、政府信息公开行政复议、行政诉讼情况」像是这一章节，"
                     "但编号为「三」，应为「四」（章节编号错位）"],
        },
        {
            "name": "a second numbering system",
            "edits": [{"replace": "## 一、总体情况", "with": "## 第一部分 总体情况"}],
            "says": ["缺少章节「一、总体情况」：「第一部分 总体情况」像是这一章节，但用了另一套编号「第一部分」，应为「一、」"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_sections(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
