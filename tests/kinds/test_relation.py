"""relation: an arithmetic relation between a table's cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "relation",
    [
        {
            "name": "a blank cell leaves the relation unknown",
            "edits": [{"row": "行政复议", "cells": ["1", "", "0", "0", "1"]}],
            "says": [],
        },
        {
            "name": "each row that breaks it, in order",
            "edits": [
                {"row": "行政复议", "cells": ["1", "0", "0", "0", "0"]},
                {"row": "复议后起诉", "cells": ["0", "0", "2", "0", "1"]},
            ],
            "says": [
                "「行政复议」的「总计」为 0，但维持、纠正、其他、尚未审结之和为 1",
                "「复议后起诉」的「总计」为 1，但维持、纠正、其他、尚未审结之和为 2",
            ],
        },
        {
            "name": "full-width digits add up",
            "edits": [{"row": "行政复议", "cells": ["１", "０", "０", "１", "２"]}],
            "says": [],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_relation(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
