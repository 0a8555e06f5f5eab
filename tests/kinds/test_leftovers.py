"""leftovers: the template's filling notes left in a report."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "leftovers",
    [
        {
            "name": "a note in half-width brackets in the text",
            "edits": [{"replace": "目前我镇通过", "with": "(设区的市、自治州人民政府应提供相关数据)目前我镇通过"}],
            "says": ["「(设区的市、自治州人民政府应提供相关数据)」是模板的填写说明，应删去"],
        },
        {
            "name": "the 2019 template's notice cited in a 2021-template report",
            "edits": [{"replace": "目前我镇通过", "with": "按照国办公开办函〔2019〕60号的要求，目前我镇通过"}],
            "says": [
                "引用了2019年版模板的通知「国办公开办函〔2019〕60号」，本报告使用2021年版（国办公开办函〔2021〕30号）"
            ],
        },
        {
            "name": "the notice with its year in other brackets, and spaced",
            "edits": [{"replace": "目前我镇通过", "with": "按照国办公开办函[2019]60 号的要求，目前我镇通过"}],
            "says": [
                "引用了2019年版模板的通知「国办公开办函[2019]60 号」，本报告使用2021年版（国办公开办函〔2021〕30号）"
            ],
        },
        {
            "name": "this version's own notice is no leftover",
            "edits": [{"replace": "目前我镇通过", "with": "按照国办公开办函（2021）30号的要求，目前我镇通过"}],
            "says": [],
        },
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_leftovers(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
