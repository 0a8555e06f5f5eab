"""jump: a figure that moved by a large factor from the year before."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "jump",
    [
        {
            "name": "a fall counts as a jump",
            "previous": [{"row": "一、本年新收政府信息公开申请数量", "cells": ["20", "0", "0", "0", "0", "0", "20"]}],
            "edits": [{"row": "一、本年新收政府信息公开申请数量", "cells": ["4", "0", "0", "0", "0", "0", "4"]}],
            "says": ["本年新收申请 4 件，2024年为 20 件，相差 5 倍以上：请核对"],
        },
        {
            "name": "small counts are left alone",
            "previous": [{"row": "一、本年新收政府信息公开申请数量", "cells": ["1", "0", "0", "0", "0", "0", "1"]}],
            "edits": [{"row": "一、本年新收政府信息公开申请数量", "cells": ["9", "0", "0", "0", "0", "0", "9"]}],
            "says": [],
        },
        {
            "name": "without the year before there is nothing to compare",
            "previous": None,
            "edits": [{"row": "一、本年新收政府信息公开申请数量", "cells": ["20", "0", "0", "0", "0", "0", "20"]}],
            "says": [],
        },
        {
            "name": "a blank is unknown, not a jump from 0",
            "previous": [{"row": "一、本年新收政府信息公开申请数量", "cells": ["", "0", "0", "0", "0", "0", ""]}],
            "edits": [{"row": "一、本年新收政府信息公开申请数量", "cells": ["20", "0", "0", "0", "0", "0", "20"]}],
            "says": [],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_jump(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
