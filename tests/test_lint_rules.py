"""One test per rule: a real report edited to break only that rule (and the
unedited report, which passes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lint_support import (
    OFFICE_2021,
    TOWN_2019,
    TOWN_2021,
    as_2020,
    carrying_over,
    lint_text,
    rule_ids,
    set_cell,
    text_of,
    without_waivers,
)

from nianbao.pipeline import LintResult

# The town received no application and says so (NB505 holds it to that):
# the cases that change its table three say nothing instead.
NEUTRAL = "小店镇依法办理政府信息公开申请。"
TOWN = without_waivers(text_of(TOWN_2021)).replace("小店镇未收到公众申请要求公开的其它方面政府信息。", NEUTRAL)
OLD = as_2020(without_waivers(text_of(TOWN_2019)))


def _drop_lines(text: str, start: str, count: int) -> str:
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith(start))
    return "\n".join(lines[:i] + lines[i + count :])


def _front(text: str, extra: str) -> str:
    return text.replace("\nslug:", f"\n{extra}\nslug:", 1)


def _previous_year(tmp_path: Path, prev: str, this: str, **options) -> LintResult:
    (tmp_path / "prev.md").write_text(prev.replace("2025", "2024"), encoding="utf-8")
    return lint_text(tmp_path, this, **options)


CASES: dict[str, Callable[[Path], LintResult]] = {
    "NB001": lambda p: lint_text(p, TOWN.replace("| 行政强制 ", "| 行政审批 |  0 |\n| 行政强制 ", 1)),
    "NB002": lambda p: lint_text(p, _drop_lines(TOWN, "| 第二十条第（五）项", 4)),
    "NB003": lambda p: lint_text(p, _drop_lines(TOWN, "| 行政强制", 1)),
    "NB004": lambda p: lint_text(p, set_cell(TOWN, "行政许可", 1, "")),
    "NB005": lambda p: lint_text(p, set_cell(TOWN, "行政许可", 1, "无")),
    "NB006": lambda p: lint_text(p, TOWN.replace("## 五、存在的主要问题及改进情况\n", "")),
    "NB007": lambda p: lint_text(p, TOWN.replace("## 五、存在的主要问题及改进情况", "## 五、存在问题及改进情况")),
    "NB101": lambda p: lint_text(
        p, set_cell(set_cell(TOWN, "一、本年新收政府信息公开申请数量", 1, "1"), "一、本年新收政府信息公开申请数量", 7, "1")
    ),
    "NB102": lambda p: lint_text(
        p,
        set_cell(
            set_cell(set_cell(set_cell(TOWN, "（七）总计", 1, "1"), "（七）总计", 7, "1"), "一、本年新收政府信息公开申请数量", 1, "1"),
            "一、本年新收政府信息公开申请数量",
            7,
            "1",
        ),
    ),
    "NB104": lambda p: lint_text(p, set_cell(TOWN, "行政复议", 1, "1")),
    "NB105": lambda p: lint_text(p, set_cell(TOWN, "行政规范性文件", 1, "5")),
    "NB106": lambda p: lint_text(p, set_cell(OLD, "规范性文件", 2, "5")),
    "NB107": lambda p: lint_text(p, set_cell(set_cell(OLD, "行政许可", 1, "1"), "行政许可", 2, "-3")),
    "NB201": lambda p: lint_text(p, without_waivers(text_of(TOWN_2019))),
    "NB202": lambda p: lint_text(p, TOWN.replace("| 行政规范性文件 ", "| 规范性文件     ", 1)),
    "NB301": lambda p: lint_text(p, TOWN.replace("# 红旗区小店镇 2025 年", "# 2025 年", 1)),
    "NB302": lambda p: lint_text(p, TOWN.replace("organ: 红旗区小店镇", "organ: ''", 1)),
    "NB303": lambda p: lint_text(p, TOWN.replace("## 一、总体情况", "报告中所列数据统计期限为2024年1月1日至12月31日。\n\n## 一、总体情况", 1)),
    "NB304": lambda p: lint_text(p, _front(TOWN, "published: 2026-03-02")),
    "NB401": lambda p: lint_text(p, TOWN.replace("在办理依申请公开工作中，未向申请人收取任何费用。", "无。")),
    "NB402": lambda p: lint_text(p, set_cell(set_cell(TOWN, "规章", 1, "1"), "规章", 3, "1")),
    "NB501": lambda p: lint_text(p, TOWN.replace(NEUTRAL, "共受理政府信息公开申请3件。")),
    "NB601": lambda p: _previous_year(p, carrying_over(TOWN), TOWN, ignore=["NB603"]),
    "NB602": lambda p: _previous_year(p, set_cell(TOWN, "行政规范性文件", 3, "5"), TOWN, ignore=["NB603"]),
    "NB603": lambda p: _previous_year(p, TOWN, TOWN),
    "NB901": lambda p: lint_text(p, _front(TOWN, "waivers:\n- rule: NB104\n  reason: 测试")),
    # 「（六）其他处理」 printed as one row (the 2019 shape) instead of its three rows; and beside them, adding up wrong
    "NB009": lambda p: lint_text(p, _group_row(_drop_lines(TOWN, "| 1.申请人无正当理由逾期不补正", 3), "0")),
    "NB108": lambda p: lint_text(p, _group_row(TOWN, "1")),
}


def _group_row(text: str, natural: str) -> str:
    """TOWN with a row 「（六）其他处理」 (its own numbers) before 「（七）总计」."""
    row = f"| （六）其他处理 | {natural} | 0 | 0 | 0 | 0 | 0 | {natural} |"
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith("| （七）总计"))
    return "\n".join(lines[:i] + [row] + lines[i:])


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires_alone(rule: str, tmp_path: Path) -> None:
    result = CASES[rule](tmp_path)
    assert rule_ids(result) == {rule}, [f"{f.rule} {f.message}" for f in result.findings]


def test_row_total_rule_fires(tmp_path: Path) -> None:
    """NB103 cannot break alone: when every column adds up, a row that does
    not forces another; its partner here is the (七)总计 rule."""
    text = set_cell(TOWN, "1.属于国家秘密", 1, "1")
    text = set_cell(set_cell(text, "（七）总计", 1, "1"), "一、本年新收政府信息公开申请数量", 1, "1")
    text = set_cell(set_cell(text, "（七）总计", 7, "1"), "一、本年新收政府信息公开申请数量", 7, "1")
    result = lint_text(tmp_path, text)
    assert rule_ids(result) == {"NB103", "NB102"}
    (row,) = [f for f in result.findings if f.rule == "NB103"]
    assert row.cell == "t3.withheld_secret.total"
    assert row.message == "「1.属于国家秘密」行「总计」列为 0，但自然人与法人或其他组织之和为 1"


@pytest.mark.parametrize("text", [TOWN, OLD, without_waivers(text_of(OFFICE_2021)).replace("| （七）总计", "| （七）总计")])
def test_real_reports_pass(text: str, tmp_path: Path) -> None:
    result = lint_text(tmp_path, text, select=["NB0", "NB2", "NB3", "NB4", "NB5", "NB6", "NB9", "NB104"])
    assert rule_ids(result) == set()


def test_deadline_met_is_quiet(tmp_path: Path) -> None:
    assert rule_ids(lint_text(tmp_path, _front(TOWN, "published: 2026-01-20"))) == set()


def test_waived_finding_is_shown_not_hidden(tmp_path: Path) -> None:
    text = _front(set_cell(TOWN, "行政复议", 1, "1"), "waivers:\n- rule: NB104\n  cell: t4.review.total\n  reason: 原文如此")
    result = lint_text(tmp_path, text)
    (f,) = result.findings
    assert f.rule == "NB104" and f.waived == "原文如此" and not f.blocking


def test_waiver_for_another_cell_does_not_apply(tmp_path: Path) -> None:
    text = _front(set_cell(TOWN, "行政复议", 1, "1"), "waivers:\n- rule: NB104\n  cell: t4.suit_direct.total\n  reason: 原文如此")
    assert rule_ids(lint_text(tmp_path, text)) == {"NB104", "NB901"}


def test_messages_name_the_numbers(tmp_path: Path) -> None:
    result = CASES["NB105"](tmp_path)
    assert result.findings[0].message == "「行政规范性文件」本年制发 5 件，多于现行有效 0 件与本年废止 0 件之和"


def test_similarity_shows_the_ratio(tmp_path: Path) -> None:
    first = CASES["NB603"](tmp_path).findings[0]
    assert first.message == "「一、总体情况」与2024年度报告的同一章节相似度为 100%（内容雷同）"


def test_an_office_file_extends_nianbaos_rules(tmp_path: Path) -> None:
    """`extends: nianbao`: the built-in rules, a rule of the same id
    replaced, `disable:` leaving some out, the office's own added, its
    settings over the built-in ones."""
    from nianbao.lint.rules import PACKAGED, RulesError, load

    path = tmp_path / "rules.yaml"
    path.write_text(
        "extends: nianbao\ndisable: [NB604]\nsettings:\n  review_office: 示例县人民政府办公室\nrules:\n"
        "  - {id: NB004, name: empty-cell, severity: warning, message: 未填写, check: {kind: blank}}\n"
        "  - {id: NB950, name: own, severity: info, message: 自定, check: {kind: blank}}\n", encoding="utf-8")
    built_in, office = load(PACKAGED), load(path)
    ids = [r.id for r in office.rules]
    assert ids == [r.id for r in built_in.rules if r.id != "NB604"] + ["NB950"]
    assert next(r for r in office.rules if r.id == "NB004").severity == "warning"
    assert office.settings.review_office == "示例县人民政府办公室" and office.settings.deadlines == built_in.settings.deadlines
    for text, line, words in [("extends: other\n", 1, "extends 只能是 nianbao"),
                              ("extends: nianbao\ndisable:\n  - NB999\n", 3, "不是 nianbao 自带的规则编号")]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(RulesError) as caught:
            load(path)
        assert caught.value.line == line and words in str(caught.value)
