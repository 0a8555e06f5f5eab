"""text_claim: a claim in the text that the table contradicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "text_claim",
    [
        {
            "name": "a claim about something else",
            "edits": [
                {"row": "一、本年新收政府信息公开申请数量", "cells": ["2", "0", "0", "0", "0", "0", "2"]},
                {
                    "replace": "小店镇未收到公众申请要求公开的其它方面政府信息",
                    "with": "除上年结转的申请外，小店镇未收到公众申请",
                },
            ],
            "says": [],
        },
        {
            "name": "a blank table is no contradiction",
            "edits": [{"row": "一、本年新收政府信息公开申请数量", "cells": ["", "", "", "", "", "", ""]}],
            "says": [],
        },
        {
            "name": "a claim spaced as a PDF gives it",
            "edits": [
                {"row": "一、本年新收政府信息公开申请数量", "cells": ["2", "0", "0", "0", "0", "0", "2"]},
                {
                    "replace": "小店镇未收到公众申请要求公开的其它方面政府信息",
                    "with": "小店镇未收到 公众 申请要求公开的其它方面政府信息",
                },
            ],
            "says": ["正文称「未收到 公众 申请」，但表三「本年新收政府信息公开申请数量」总计为 2"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_text_claim(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
