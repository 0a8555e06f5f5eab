"""claims: counts the narrative states, read by the rule's vocabulary, against the table."""

from __future__ import annotations

from pathlib import Path

import pytest
from kind_examples import Case, cases, found

SAID = "小店镇未收到公众申请要求公开的其它方面政府信息"
NEW3 = {"row": "一、本年新收政府信息公开申请数量", "cells": ["3", "0", "0", "0", "0", "0", "3"]}
CASES = cases(
    "claims",
    [
        {"name": "a blank cell is unknown, so the count is not checked",
         "edits": [{"row": "一、本年新收政府信息公开申请数量", "cells": ["", "", "", "", "", "", ""]},
                   {"replace": SAID, "with": "小店镇共受理政府信息公开申请3件"}], "says": []},
        {"name": "full-width digits are digits",
         "edits": [{"replace": SAID, "with": "小店镇共受理政府信息公开申请３件"}],
         "says": ["正文称「受理政府信息公开申请３件」，但表三「本年新收政府信息公开申请数量」总计为 0"]},
        {"name": "a count of something else that shares a word is no claim",
         "edits": [{"replace": SAID, "with": "小店镇共收到群众来信3件"}], "says": []},
        {"name": "a result with no review or suit named before it is no claim",
         "edits": [{"replace": SAID, "with": "小店镇维持原判1件"}], "says": []},
        {"name": "two counts in one clause each find their own term",
         "edits": [NEW3, {"replace": SAID, "with": "小店镇受理申请3件予以公开2件"}],
         "says": ["正文称「予以公开2件」，但表三「（一）予以公开」总计为 0"]},
    ],
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_claims(case: Case, tmp_path: Path) -> None:
    assert found(tmp_path, case) == case.says


@pytest.mark.parametrize("word", ["", r"(a)\1", "(?P<x>a)", "(?P=x)"])
def test_a_word_that_cannot_join_the_others_is_refused_when_the_rules_are_read(word: str, tmp_path: Path) -> None:
    """Every term's words are read as one pattern: an empty word would match
    everywhere, and a group of its own would no longer be its own."""
    from nianbao.lint.rules import RulesError, load

    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: nianbao\nrules:\n  - id: NB950\n    name: own\n    severity: warning\n    message: x\n"
                     f"    check: {{kind: claims, terms: [{{key: a, words: ['{word}'], value: t3.new.total, what: x}}]}}\n",
                     encoding="utf-8")
    with pytest.raises(RulesError, match="words 不能为空"):
        load(rules)
