"""parse: problems the parser found, reported under the codes a rule names."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "parse",
    [
        {
            "name": "a number with a word about it",
            "edits": [{"row": "行政许可", "cells": ["约3"]}],
            "says": ["「行政许可」行「本年处理决定数量」列：「约3」不是数字"],
        },
        {
            "name": "a problem of another code is not this rule's",
            "edits": [{"row": "行政许可", "cells": [""]}],
            "says": [],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_parse(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
