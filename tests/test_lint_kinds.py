"""Check kinds: one module each, found by the registry; a rules file that
misuses one is refused with the line of the mistake."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from kind_examples import documented
from lint_support import TOWN_2021, lint_text, text_of

from nianbao.lint import kinds
from nianbao.lint import rules as rules_module

PACKAGED = (ROOT / "rules.yaml").read_text(encoding="utf-8")


def _edited(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """rules.yaml with `old` replaced by `new`, and the line `new` starts on."""
    assert PACKAGED.count(old) == 1, old
    text = PACKAGED.replace(old, new)
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text[: text.index(new)].count("\n") + 1


@pytest.mark.parametrize(
    "old, new, words",
    [
        # A misspelt problem code: a report missing its tables would lint clean.
        ("check: {kind: parse, codes: [missing-table]}", "check: {kind: parse, codes: [missing-tabel]}",
         "没有问题代码「missing-tabel」"),
        ('      patterns: ["信息处理费", "收取[^。；]{0,8}费用?"]', '      patterns: ["信息处理费", "收取[^。；{0,8}费用?"]',
         "patterns 第 2 项不是有效的正则表达式"),
        ("check: {kind: period}", "check: {kind: periods}", "未知的检查类型「periods」"),
        ("      section: other\n", "      section: [other]\n", "参数 section 须为文本"),
        ("check: {kind: deadline}", "check: {kind: deadline, days: 3}", "检查类型 deadline 没有参数 days"),
        # A placeholder that reads nianbao's internals, or a lone brace: refused, never formatted.
        ('message: "slug「{slug}」与 {other} 相同：两份报告会发布到同一网址"', 'message: "{detail.__class__.__mro__}"',
         "只能是名称"),
        ('message: "slug「{slug}」与 {other} 相同：两份报告会发布到同一网址"', 'message: "{"', "占位符写错了"),
        ("    title: 报告标识重复\n", "    templates: 2021\n    title: 报告标识重复\n", "templates 须为列表"),
        # settings of the wrong shape: each refused at its line, before any report is read
        ("  similarity_threshold: 50", '  similarity_threshold: "abc"', "similarity_threshold 须为 0 到 100 之间的数"),
        ("  similarity_threshold: 50", "  similarity_threshold: 500", "similarity_threshold 须为 0 到 100 之间的数"),
        ('    乡镇街道: "01-31"', "    乡镇街道: 5", "期限须写成「月-日」"),
        ('    乡镇街道: "01-31"', '    乡镇街道: "02-30"', "期限须写成「月-日」"),
        ('    乡镇街道: "01-31"', '    乡镇: "01-31"', "机关类型须为"),
        ('    乡镇街道: "01-31"', '    乡镇街道: "02-29"', "期限须写成「月-日」"),  # no deadline in three years of four
        ("  organ_aliases: {}", "  ? [a]\n  : 1\n  organ_aliases: {}", "未知的设置「None」"),
        ("  organ_aliases: {}", "  title_max: 3\n  organ_aliases: {}", "未知的设置「title_max」"),
        ("  organ_aliases: {}", "  organ_aliases: [a]", "organ_aliases 须为「另一种写法: 机关名称」的映射"),
        ("  organ_aliases: {}", "  review_office: [1]\n  organ_aliases: {}", "review_office 须为文字"),
        ("settings:\n", "settings: 5\nold_settings:\n", "settings 须为映射"),
        # expressions too long to parse safely, numbers no table holds
        ("      right: total + carried_over", "      right: " + "+".join(["total"] * 50_000), "太长（299,999 个字符）"),
        ("      right: total + carried_over", "      right: " + "-" * 100_000 + "total", "最多 500 个"),
        ("      right: total + carried_over", "      right: total + " + "9" * 300, "数字超过 15 位"),
        ("      right: total + carried_over", "      right: " + "(" * 240 + "total" + ")" * 240, "无法解析"),
        ("      right: total + carried_over", "      right: " + "-" * 330 + "total", "嵌套超过 40 层"),
    ],
)
def test_a_misused_kind_is_refused_with_its_line(tmp_path: Path, old: str, new: str, words: str) -> None:
    path, line = _edited(tmp_path, old, new)
    with pytest.raises(rules_module.RulesError, match=re.escape(words)) as caught:
        rules_module.load(path)
    assert caught.value.line == line, (caught.value.line, line, caught.value.message)


def test_every_kind_has_its_test_file_and_documented_example() -> None:
    """As yamllint has one test file per rule: tests/kinds/test_<kind>.py
    runs the example of the kind's docstring (and more cases)."""
    tests = sorted(p.stem.removeprefix("test_") for p in (ROOT / "tests" / "kinds").glob("test_*.py"))
    assert tests == sorted(kinds.registry())
    for name in kinds.registry():
        example = documented(name)
        assert example.fails != example.passes and example.says, name


def test_every_problem_code_the_rules_name_exists() -> None:
    ruleset = rules_module.load(ROOT / "rules.yaml")
    named = {code for rule in ruleset.rules if rule.kind == "parse" for code in rule.params.codes}
    assert named and named <= set(__import__("nianbao.model.report", fromlist=["PROBLEM_CODES"]).PROBLEM_CODES)


def test_every_kind_is_a_module_with_params_and_check() -> None:
    found = kinds.registry()
    modules = {p.stem for p in Path(kinds.__file__).parent.glob("*.py") if p.stem != "__init__"}
    assert set(found) == modules
    assert {k.params.scope for k in found.values() if isinstance(k.params.scope, str)} == {"report", "pair", "findings", "collection"}


NEW_KIND = '''
"""long_title: a title longer than settings.title_max characters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nianbao.lint.context import Context, finding
from nianbao.model.finding import Finding
from nianbao.lint.kinds import Params as Base
from nianbao.lint.rules import Rule


@dataclass(frozen=True)
class Params(Base):
    limit: int


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    if len(ctx.report.title) > rule.params.limit:
        yield finding(rule, ctx.report, ctx.report.title_line, 1, length=len(ctx.report.title))
'''


def test_a_new_kind_is_one_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "more_kinds"
    package.mkdir()
    (package / "long_title.py").write_text(NEW_KIND, encoding="utf-8")
    monkeypatch.setattr(kinds, "__path__", [*kinds.__path__, str(package)])
    kinds.registry.cache_clear()
    try:
        rules = tmp_path / "rules.yaml"
        rules.write_text(
            "rules:\n  - id: NB901\n    name: long-title\n    severity: warning\n"
            "    message: 标题有 {length} 个字\n    check: {kind: long_title, limit: 10}\n",
            encoding="utf-8",
        )
        reports = tmp_path / "reports"
        reports.mkdir()
        result = lint_text(reports, text_of(TOWN_2021), rules=rules)
        assert [(f.rule, f.message, f.line) for f in result.findings] == [("NB901", "标题有 25 个字", 15)]
        rules.write_text(rules.read_text(encoding="utf-8").replace("limit: 10", "limit: ten"), encoding="utf-8")
        with pytest.raises(rules_module.RulesError, match="参数 limit 须为整数") as caught:
            rules_module.load(rules)
        assert caught.value.line == 6
    finally:
        kinds.registry.cache_clear()


@pytest.mark.parametrize("pattern", ["(a+)+$", "(.*a){20}$", "(a|aa)+$"])
def test_a_pattern_that_backtracks_without_end_stops_on_its_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    """A rules file is anyone's: a catastrophic pattern ends its rule on one
    report with a finding that says so, never the run; the report's other
    rules still run."""
    monkeypatch.setenv("NIANBAO_MAX_RULE_SECONDS", "0.5")
    rules = tmp_path / "rules.yaml"
    rules.write_text(PACKAGED.replace("rules:\n", "rules:\n  - id: NB990\n    name: slow\n    severity: error\n"
                                      '    message: "x"\n    check: {kind: text_requires, section: overview, patterns: '
                                      f"[{pattern!r}]}}\n", 1), encoding="utf-8")
    text = text_of(TOWN_2021).replace("## 一、总体情况\n", "## 一、总体情况\n\n" + "a" * 5000 + "!\n", 1)
    wrong = text.replace("| 一、本年新收政府信息公开申请数量                                         |      0 |",
                         "| 一、本年新收政府信息公开申请数量                                         |      9 |", 1)
    assert wrong != text
    (tmp_path / "reports").mkdir()
    result = lint_text(tmp_path / "reports", wrong, rules=rules)
    slow = [f for f in result.findings if f.rule == "NB990"]
    assert len(slow) == 1 and "运行超过 0.5 秒" in slow[0].message and slow[0].severity == "error"
    assert slow[0].line == 1 and "NIANBAO_MAX_RULE_SECONDS" in slow[0].message
    assert len({f.rule for f in result.findings}) > 1  # the table's own rules ran too
    monkeypatch.setenv("NIANBAO_MAX_RULE_SECONDS", "60")  # a result that depended on time is not remembered
    monkeypatch.setattr(rules_module.Rule, "applies", lambda self, version: self.id != "NB990")
    assert [f for f in lint_text(tmp_path / "reports", wrong, rules=rules).findings if f.rule == "NB990"] == []


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=120, deadline=None)
@given(name=st.sampled_from(["deadlines", "similarity_threshold", "organ_aliases", "review_office", "title_max"]),
       value=_VALUES)
def test_any_setting_of_any_shape_loads_or_is_refused_at_its_line(name: str, value: object) -> None:
    """Whatever a hand-edited settings entry holds, the rules file either
    loads or is refused with a located message: never 「内部错误」."""
    import json
    import tempfile

    text = PACKAGED.replace("settings:\n", f"settings:\n  {name}: {json.dumps(value, ensure_ascii=False)}\n", 1)
    text = re.sub(rf"(settings:\n  {name}: .*\n(?:.*\n)*?)  {name}:[^\n]*\n(?:    [^\n]*\n)*", r"\1", text, count=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rules.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            loaded = rules_module.load(path)
        except rules_module.RulesError as exc:
            assert exc.line >= 1 and exc.message
        else:
            kinds = {"deadlines": dict, "similarity_threshold": (int, float), "organ_aliases": dict, "review_office": str}
            assert name in kinds and isinstance(getattr(loaded.settings, name), kinds[name])


def test_a_deadline_rule_needs_every_kinds_deadline(tmp_path: Path) -> None:
    """Without a kind's deadline the rule would pass every report of that kind in silence."""
    path, _ = _edited(tmp_path, '    乡镇街道: "01-31"\n', "")
    with pytest.raises(rules_module.RulesError, match="settings.deadlines 没有「乡镇街道」的期限") as caught:
        rules_module.load(path)
    rule = path.read_text(encoding="utf-8").splitlines()[caught.value.line - 1 : caught.value.line + 8]
    assert rule[0].startswith("  - id: NB304") and any("kind: deadline" in line for line in rule)  # the rule's own line


@pytest.mark.parametrize("value, seconds", [("inf", 10.0), ("nan", 10.0), ("0", 10.0), ("-1", 10.0), ("abc", 10.0),
                                            ("2.5", 2.5), ("", 10.0)])
def test_a_budget_that_is_no_number_of_seconds_is_the_default(
    monkeypatch: pytest.MonkeyPatch, value: str, seconds: float
) -> None:
    from nianbao.lint import patterns

    monkeypatch.setenv(patterns.ENV, value)
    assert patterns.seconds() == seconds


def test_a_boilerplate_pattern_that_backtracks_stops_the_copy_sketch_on_its_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """settings.boilerplate runs where each report is read for NB608's
    sketch: on the same budget as every rule, ending in a finding, not a hang."""
    monkeypatch.setenv("NIANBAO_MAX_RULE_SECONDS", "0.5")
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: nianbao\nsettings:\n  boilerplate: ['(.*a){20}$']\nrules: []\n", encoding="utf-8")
    text = text_of(TOWN_2021).replace("## 一、总体情况\n", "## 一、总体情况\n\n" + "a" * 250 + "。\n", 1)  # a sentence of boilerplate's length
    (tmp_path / "reports").mkdir()
    result = lint_text(tmp_path / "reports", text, rules=rules, select=["NB608"])
    assert [(f.rule, f.line) for f in result.findings] == [("NB608", 1)] and "运行超过 0.5 秒" in result.findings[0].message
