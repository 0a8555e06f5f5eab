"""text_number: a number in the text that the table contradicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "text_number",
    [
        {
            "name": "full-width digits in the text",
            "edits": [
                {
                    "replace": "小店镇未收到公众申请要求公开的其它方面政府信息",
                    "with": "小店镇共受理政府信息公开申请３件",
                }
            ],
            "says": ["正文称「受理政府信息公开申请３件」，但表三「本年新收政府信息公开申请数量」总计为 0"],
        },
        {
            "name": "a blank total is no contradiction",
            "edits": [
                {"row": "一、本年新收政府信息公开申请数量", "cells": ["", "", "", "", "", "", ""]},
                {
                    "replace": "小店镇未收到公众申请要求公开的其它方面政府信息",
                    "with": "小店镇共受理政府信息公开申请3件",
                },
            ],
            "says": [],
        },
        {
            "name": "a number spaced from its words, as a PDF gives it",
            "edits": [
                {
                    "replace": "小店镇未收到公众申请要求公开的其它方面政府信息",
                    "with": "小店镇共受理政府信息公开申请 3 件",
                }
            ],
            "says": ["正文称「受理政府信息公开申请 3 件」，但表三「本年新收政府信息公开申请数量」总计为 0"],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_text_number(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
