"""Expressions of rules.yaml: checked against a whitelist when the rules are
read, compiled in each process that evaluates them, and without a value
(never an error) where a report gives them none."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT
from lint_support import OFFICE_2021, lint_text, text_of

from nianbao.lint import rules as rules_module

FULL = "right: upheld + corrected + other + pending"


def _rules_with(tmp_path: Path, old: str, new: str) -> Path:
    original = (ROOT / "rules.yaml").read_text(encoding="utf-8")
    assert old in original
    path = tmp_path / "custom-rules.yaml"
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_rule_set_goes_to_worker_processes_as_text() -> None:
    ruleset = rules_module.load(ROOT / "rules.yaml")
    again = pickle.loads(pickle.dumps(ruleset))
    relation = next(r for r in again.rules if r.id == "NB101")
    values = {"new": 3, "carried_in": 2, "total": 4, "carried_over": 1}
    assert relation.expressions["left"].evaluate(values) == 5
    assert relation.expressions["right"].evaluate(values) == 5


def test_an_expression_without_a_value_gives_none() -> None:
    ruleset = rules_module.load(ROOT / "rules.yaml")
    left = next(r for r in ruleset.rules if r.id == "NB101").expressions["left"]
    assert left.evaluate({"new": None, "carried_in": 2}) is None  # a blank cell
    assert left.evaluate({"new": 1}) is None  # a name the report lacks
    stated = next(r for r in ruleset.rules if r.kind == "claims").expressions["new"]
    assert stated.evaluate({"t3": SimpleNamespace(new=SimpleNamespace(total=7))}) == 7
    assert stated.evaluate({}) is None  # the report has no table three


def test_a_division_by_zero_is_no_finding_and_no_crash(tmp_path: Path) -> None:
    # Where nothing is carried over the right side has no value; elsewhere it is the usual one.
    rules = _rules_with(
        tmp_path, "right: total + carried_over", "right: (total + carried_over) * carried_over / carried_over"
    )
    reports = tmp_path / "reports"
    reports.mkdir()
    result = lint_text(reports, text_of(OFFICE_2021), rules=rules)
    assert not result.errors and "NB101" not in {f.rule for f in result.findings}


@pytest.mark.parametrize(
    "old, new, words",
    [
        (FULL, "right: '\"x\" * 999999999'", "只能由表格的键、数字和 + - * / 组成"),
        (FULL, "right: upheld if corrected else pending", "只能由表格的键、数字和 + - * / 组成"),
        (FULL, "right: upheld < corrected", "只能由表格的键、数字和 + - * / 组成"),
        ("right: upheld + corrected", "rite: upheld + corrected", "没有参数 rite"),
        ("value: t4.review.total", "valu: t4.review.total", "须有 value"),
    ],
)
def test_only_keys_numbers_and_arithmetic(tmp_path: Path, old: str, new: str, words: str) -> None:
    with pytest.raises(rules_module.RulesError, match=re.escape(words)):
        rules_module.load(_rules_with(tmp_path, old, new))


def test_rules_reach_workers_under_spawn(tmp_path: Path) -> None:
    """What macOS, Windows and Python 3.14 on Linux do: the rules are pickled."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ruleset = rules_module.load(ROOT / "rules.yaml")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        left = next(r for r in ruleset.rules if r.id == "NB101").expressions["left"]
        assert pool.submit(left.evaluate, {"new": 1, "carried_in": 2}).result() == 3
