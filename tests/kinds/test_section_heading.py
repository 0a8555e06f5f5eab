"""section_heading: a section heading not written as the template writes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "section_heading",
    [
        {
            "name": "two headings, two findings",
            "edits": [
                {"replace": "## 五、存在的主要问题及改进情况", "with": "## 五、存在问题及改进情况"},
                {"replace": "## 六、其他需要报告的事项", "with": "## 六、其他事项"},
            ],
            "says": [
                "章节标题「五、存在问题及改进情况」与官方写法「五、存在的主要问题及改进情况」不同",
                "章节标题「六、其他事项」与官方写法「六、其他需要报告的事项」不同",
            ],
        },
        {
            "name": "a heading numbered otherwise is told the section it resembles",
            "edits": [{"replace": "## 二、主动公开政府信息情况", "with": "## 一、主动公开政府信息情况"}],
            "says": ["章节标题「一、主动公开政府信息情况」与官方写法「二、主动公开政府信息情况」不同"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_section_heading(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
