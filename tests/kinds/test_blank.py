"""blank: the official cells left empty, each found where it stands."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "blank",
    [
        {"name": "a full-width zero is a number", "edits": [{"row": "行政许可", "cells": ["０"]}], "says": []},
        {
            "name": "two blank cells are two findings, in reading order",
            "edits": [{"row": "行政强制", "cells": [""]}, {"row": "行政处罚", "cells": [""]}],
            "says": [
                "「行政处罚」行「本年处理决定数量」列未填写（空格不等于 0）",
                "「行政强制」行「本年处理决定数量」列未填写（空格不等于 0）",
            ],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_blank(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
