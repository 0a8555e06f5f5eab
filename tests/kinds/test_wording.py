"""wording: words that are wrong wherever they stand, from a list in the rules file."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

SENTENCE = "2025 年，我镇严格遵循"
CASES = cases(
    "wording",
    [
        {"name": "spaces a PDF put between the two are no escape",
         "edits": [{"replace": SENTENCE, "with": "2025 年，我镇 的 的严格遵循"}],
         "says": ["「的 的」字重复：「2025 年，我镇 的 的严格遵循“以公……」"]},
        {"name": "text that ends as no sentence (a table's header left in the text) is not read",
         "edits": [{"replace": SENTENCE, "with": "维持纠正的的结果\n\n" + SENTENCE}], "says": []},
        {"name": "words that only look doubled are no typo",
         "edits": [{"replace": SENTENCE, "with": "达到目的的措施明确。" + SENTENCE}],
         "says": []},
        {"name": "every place is a finding",
         "edits": [{"replace": SENTENCE, "with": "我镇的的工作。我镇的的成绩。" + SENTENCE}],
         "says": ["「的的」字重复：「我镇的的工作。」", "「的的」字重复：「我镇的的成绩。」"]},
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_wording(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
