"""unique_slug: two reports that would publish to one address."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

CASES = cases(
    "unique_slug",
    [
        {"name": "alone in the collection", "beside": None, "edits": [], "says": []},
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_unique_slug(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says
