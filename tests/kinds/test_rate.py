"""rate: a share of the table worth a reviewer's look."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "rate",
    [
        {"name": "below min_cases", "edits": [{"row": "行政复议", "cells": ["1", "2", "0", "0", "3"]}], "says": []},
        {
            "name": "a blank is unknown, never 0",
            "edits": [{"row": "行政复议", "cells": ["3", "", "0", "0", "5"]}],
            "says": [],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rate(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
