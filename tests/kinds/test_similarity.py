"""similarity: a section copied from the same organ's report of the year before."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found
from lint_support import TOWN_2021, lint_text, text_of

CASES = cases(
    "similarity",
    [
        {"name": "without the year before nothing is copied", "previous": None, "edits": [], "says": []},
        {
            "name": "every long section copied",
            "edits": [],
            "says": [
                "「一、总体情况」与2024年度报告的同一章节相似度为 100%（内容雷同）",
                "「五、存在的主要问题及改进情况」与2024年度报告的同一章节相似度为 100%（内容雷同）",
            ],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_similarity(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says


def test_the_packaged_rule_reads_a_4_mb_report_through(tmp_path: Path) -> None:
    """NB603's boilerplate patterns on a 4 MB section with no 「。」 (it took
    half an hour when a pattern could scan to the end from every 「本报告」)."""
    body = "本报告" * 10 + "本报告说明了情况" * 160_000
    text = text_of(TOWN_2021).replace(
        "## 五、存在的主要问题及改进情况\n", f"## 五、存在的主要问题及改进情况\n\n{body}\n", 1
    )
    (tmp_path / "prev.md").write_text(text.replace("2025", "2024"), encoding="utf-8")
    result = lint_text(tmp_path, text)
    assert {f.rule for f in result.findings} == {"NB603"}
    assert not any("运行超过" in f.message for f in result.findings)  # read through, not stopped on its budget
