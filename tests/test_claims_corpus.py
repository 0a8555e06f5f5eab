"""NB501 reads every sentence of tests/fixtures/narrative/claims.yaml (real
reports' ways of writing counts, half of them contradicted by the table)
as the fixture says, and flags exactly the contradicted ones."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import narrative_claims  # noqa: E402

JUDGED = narrative_claims.judged()


def test_the_fixture_is_large_and_even() -> None:
    assert len(JUDGED) >= 60 and abs(sum(j.true for j in JUDGED) - len(JUDGED) / 2) <= 1


@pytest.mark.parametrize("sentence", JUDGED, ids=[j.text for j in JUDGED])
def test_each_sentence_is_read_and_judged(sentence: narrative_claims.Judged) -> None:
    assert sentence.read == sentence.expected
    assert sentence.flagged is not sentence.true
