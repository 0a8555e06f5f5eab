"""The checks reviewers make: for each rule, the clean town report edited to
break only that rule (found at the right line and cell) and edited nearly
the same way without breaking it (silent); every rule silent on the
collection and on the import corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPORTS
from import_corpus import CORPUS, HERE, fixture_ids
from lint_support import TOWN_2021, lint_text, rule_ids, set_cell, text_of, without_waivers

from nianbao import pipeline
from nianbao.importers import import_file
from nianbao.pipeline import LintResult

TOWN = without_waivers(text_of(TOWN_2021))
NEW_RULES = ["NB305", "NB403", "NB404", "NB405", "NB406", "NB407", "NB408", "NB409", "NB501", "NB505", "NB604", "NB701",
             "NB702", "NB703"]
FIRST = "2025 年，我镇严格遵循"  # the first sentence of 「（一）主动公开」
NEW, CARRIED, TOTAL = "一、本年新收政府信息公开申请数量", "四、结转下年度继续办理", "（七）总计"


def _say(text: str, sentence: str) -> str:
    """The town report with `sentence` opening its 「（一）主动公开」 paragraph."""
    return text.replace(FIRST, sentence + FIRST, 1)


def _both(text: str, label: str, value: str) -> str:
    """A row of table three with `value` for 自然人 and in 总计."""
    return set_cell(set_cell(text, label, 1, value), label, 7, value)


def _requests(*rows: tuple[str, str]) -> str:
    """Table three with these result rows (label, count), as many new
    applications as results: every relation holds."""
    text = TOWN
    for label, value in rows:
        text = _both(text, label, value)
    total = str(sum(int(v) for _, v in rows))
    return _both(_both(text, TOTAL, total), NEW, total)


def _review(upheld: int, corrected: int) -> str:
    text = set_cell(set_cell(TOWN, "行政复议", 1, str(upheld)), "行政复议", 2, str(corrected))
    return set_cell(text, "行政复议", 5, str(upheld + corrected))


def _years(tmp_path: Path, before: str, now: str) -> LintResult:
    (tmp_path / "prev.md").write_text(before.replace("2025", "2024"), encoding="utf-8")
    return lint_text(tmp_path, now, ignore=["NB505", "NB603"])


def _problems(body: str) -> str:
    lines = TOWN.split("\n")
    at = lines.index("## 五、存在的主要问题及改进情况") + 2
    return "\n".join([*lines[:at], body, *lines[at + 1 :]])


def _without_oversight(text: str) -> str:
    start = text.index("（五）监督保障：")
    return text[:start] + text[text.index("## 二、", start) :]


# rule -> (breaks it, nearly the same without breaking it)
CASES: dict[str, tuple[Callable[[Path], LintResult], Callable[[Path], LintResult]]] = {
    "NB305": (lambda p: lint_text(p, TOWN.replace(FIRST, "2024年，我镇严格遵循", 1)),
              lambda p: lint_text(p, TOWN.replace(FIRST, "与2024年相比，我镇严格遵循", 1))),
    "NB403": (lambda p: lint_text(p, _say(TOWN, "全年共发布信息57条，其中部门公告4条，占总量的7.5%。")),
              lambda p: lint_text(p, _say(TOWN, "全年共发布信息57条，其中部门公告4条，占总量的7.02%。"))),
    "NB404": (lambda p: lint_text(p, _problems("无。")),
              lambda p: lint_text(p, _problems("一是政策解读形式单一，二是依申请公开答复规范化水平不高。下一步将丰富解读形式，加强业务培训。"))),
    "NB405": (lambda p: lint_text(p, _without_oversight(TOWN)),
              lambda p: lint_text(p, TOWN)),
    "NB406": (lambda p: lint_text(p, _say(TOWN, "按照国办公开办函〔2019〕60号的要求，")),
              lambda p: lint_text(p, _say(TOWN, "按照国办公开办函〔2021〕30号的要求，"))),
    "NB407": (lambda p: lint_text(p, _problems("一是政策解读形式单一；三是答复规范化水平不高。下一步将丰富解读形式，加强业务培训。")),
              lambda p: lint_text(p, _problems("一是政策解读形式单一；二是答复规范化水平不高。下一步将丰富解读形式，加强业务培训。"))),
    "NB408": (lambda p: lint_text(p, _say(TOWN, "全年在在网站发布信息。")),
              lambda p: lint_text(p, _say(TOWN, "全年在网站发布信息，不了了之的事项没有。"))),
    "NB409": (lambda p: lint_text(p, set_cell(TOWN.replace("kind: 乡镇街道", "kind: 政府部门"), "规章", 3, "2")),
              lambda p: lint_text(p, set_cell(TOWN, "规章", 1, "0"))),
    "NB501": (lambda p: lint_text(p, _say(TOWN, "上年结转申请2件，行政复议结果维持1件。")),
              lambda p: lint_text(p, _say(TOWN, "上年结转申请0件，行政复议结果维持0件。"))),
    "NB505": (lambda p: lint_text(p, _both(_both(TOWN, NEW, "1"), CARRIED, "1")),
              lambda p: lint_text(p, TOWN)),
    "NB604": (lambda p: _years(p, _requests(("（一）予以公开", "2")), _requests(("（一）予以公开", "12"))),
              lambda p: _years(p, _requests(("（一）予以公开", "5")), _requests(("（一）予以公开", "12")))),
    "NB701": (lambda p: lint_text(p, _requests(("（一）予以公开", "2"), ("1.信访举报投诉类申请", "8")), ignore=["NB505"]),
              lambda p: lint_text(p, _requests(("（一）予以公开", "3"), ("1.信访举报投诉类申请", "7")), ignore=["NB505"])),
    "NB702": (lambda p: lint_text(p, _review(3, 2)),
              lambda p: lint_text(p, _review(4, 1))),
    "NB703": (lambda p: lint_text(p, _requests(("（一）予以公开", "4"), ("1.本机关不掌握相关政府信息", "6")), ignore=["NB505"]),
              lambda p: lint_text(p, _requests(("（一）予以公开", "5"), ("1.本机关不掌握相关政府信息", "5")), ignore=["NB505"])),
}


def test_every_new_rule_has_its_case() -> None:
    assert sorted(CASES) == NEW_RULES


@pytest.mark.parametrize("rule", NEW_RULES)
def test_breaking_it_fires_it_alone(rule: str, tmp_path: Path) -> None:
    result = CASES[rule][0](tmp_path)
    assert rule_ids(result) == {rule}, [f"{f.rule} {f.message}" for f in result.findings]


@pytest.mark.parametrize("rule", NEW_RULES)
def test_nearly_the_same_passes(rule: str, tmp_path: Path) -> None:
    result = CASES[rule][1](tmp_path)
    assert rule_ids(result) == set(), [f"{f.rule} {f.message}" for f in result.findings]


def _line_of(text: str, words: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if words in line)


@pytest.mark.parametrize(
    "rule, words, col_words, cell, message",
    [
        ("NB305", "2024年，我镇", "2024", None, "「2024年，我镇严格遵循“以公开为常态、……」以2024年开头，但本报告是2025年度的（是否沿用了其他年度的文字？）"),
        ("NB403", "占总量的7.5%", "7.5%", None, "正文称占 7.5%，但 4条 ÷ 57条 为 7.0%"),
        ("NB501", "上年结转申请2件", "2件", None, "正文称「上年结转申请2件」，但表三「上年结转政府信息公开申请数量」总计为 0"),
        ("NB501", "行政复议结果维持1件", "1件", None, "正文称「行政复议结果维持1件」，但表四「行政复议」结果维持为 0"),
        ("NB702", "| 行政复议 ", None, "t4.review.corrected", "行政复议纠错率 40.0%（纠正 2 件，复议 5 件），高于 20%"),
    ],
)
def test_found_at_the_line_and_cell_with_the_numbers(
    rule: str, words: str, col_words: str | None, cell: str | None, message: str, tmp_path: Path
) -> None:
    result = CASES[rule][0](tmp_path)
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    ours = [f for f in result.findings if f.rule == rule]
    (found,) = [f for f in ours if words in f.message] if len(ours) > 1 else ours  # NB501's case states two counts
    assert found.line == _line_of(text, words)
    if col_words:
        assert found.col == text.split("\n")[found.line - 1].index(col_words) + 1
    assert found.cell == cell and found.message == message


def test_a_missing_section_says_what_the_outline_shows(tmp_path: Path) -> None:
    shifted = TOWN.replace("## 四、政府信息公开行政复议、行政诉讼情况", "## 五、政府信息公开行政复议、行政诉讼情况")
    result = lint_text(tmp_path, shifted, select=["NB006"])
    (wrong,) = [f for f in result.findings if "编号为「五」，应为「四」" in f.message]
    assert wrong.line == _line_of(shifted, "## 五、政府信息公开行政复议")  # at the heading itself, not the title
    subheading = TOWN.replace("## 五、存在的主要问题及改进情况", "## （五）存在的主要问题及改进情况")
    result = lint_text(tmp_path, subheading, select=["NB006"])
    assert any("写成了小标题的编号" in f.message for f in result.findings), [f.message for f in result.findings]


def test_copying_is_found_per_section_with_boilerplate_left_out(tmp_path: Path) -> None:
    (tmp_path / "prev.md").write_text(TOWN.replace("2025", "2024"), encoding="utf-8")
    result = lint_text(tmp_path, TOWN, select=["NB603"])
    headings = {f.message.split("」")[0].lstrip("「") for f in result.findings}
    assert "一、总体情况" in headings and all(f.line == _line_of(TOWN, "## " + h) for f, h in
                                          zip(sorted(result.findings, key=lambda f: f.line), sorted(headings, key=lambda h: _line_of(TOWN, "## " + h))))
    boilerplate = "根据《中华人民共和国政府信息公开条例》规定，编制本报告。" * 20
    (tmp_path / "prev.md").write_text(_problems(boilerplate + "去年的问题是甲。").replace("2025", "2024"), encoding="utf-8")
    result = lint_text(tmp_path, _problems(boilerplate + "今年我们改进了乙方面的工作，成效明显。"), select=["NB603"])
    assert "五、存在的主要问题及改进情况" not in {f.message.split("」")[0].lstrip("「") for f in result.findings}


def test_silent_on_the_collection() -> None:
    result = pipeline.run([REPORTS], select=NEW_RULES)
    assert [f"{f.path}:{f.line} {f.rule} {f.message}" for f in result.findings] == []


@pytest.mark.parametrize("entry", CORPUS, ids=fixture_ids())
def test_silent_on_the_import_corpus(entry: dict, tmp_path: Path) -> None:
    imported = import_file(HERE / entry["file"], **entry.get("options", {}))
    (tmp_path / "report.md").write_text(imported.text, encoding="utf-8")
    findings = pipeline.run([tmp_path / "report.md"], select=NEW_RULES).findings
    assert [f"{f.line} {f.rule} {f.message}" for f in findings] == []


def test_a_filling_note_left_in_a_label_is_found_and_the_row_still_read(tmp_path: Path) -> None:
    noted = _review(3, 2).replace("| 行政复议         |", "| 行政复议（设区的市、自治州人民政府应提供相关数据） |")
    result = lint_text(tmp_path, noted)
    assert rule_ids(result) == {"NB406", "NB702"}, [f"{f.rule} {f.message}" for f in result.findings]
    note = next(f for f in result.findings if f.rule == "NB406")
    assert note.line == _line_of(noted, "设区的市") and "应删去" in note.message


@pytest.mark.parametrize(
    "sentence",
    [
        "2026年，我镇将进一步加强政务公开工作。",  # next year's plan
        "2024年度报告中提出的问题已全部整改到位。",
        "其中政务动态200条，占比同比提高10%。",
        "共发布各类信息300条，其中政务动态共200条，原创发布160条，占政务动态的80%。",
        "12345热线受理群众诉求1200件，办结1195件，网民留言答复86件。",
        "上年结转的申请均已按时办结。",
        "承办人大代表建议和政协提案15件，均已按时办结。",
        "全年未收到申请人对答复结果的异议。",
        "未收到因政府信息公开申请引发的投诉举报。",
        "全年未发生行政复议纠错情况。",
        "未因政府信息公开被行政复议机关纠错。",
        "为了了解群众诉求，现在在网站和存在在线渠道不畅的问题中，达到目的的措施明确，参与与互动即将将开展。",
        "依法延期答复1件。",
        "行政复议和行政诉讼各0件。",
        "共办结" + "1" * 5000 + "件。",
        "全年共发布信息1条，其中政务动态10000000000000000000000000000条，占1.001%。",
        "另有 1 件顺延到下年度答复。",
    ],
)
def test_realistic_wording_is_no_false_alarm(sentence: str, tmp_path: Path) -> None:
    carried = _both(_both(TOWN, NEW, "1"), CARRIED, "1").replace("小店镇未收到公众申请要求公开的其它方面政府信息。", "")
    result = lint_text(tmp_path, _say(carried, sentence), select=NEW_RULES)
    assert [f"{f.rule} {f.message}" for f in result.findings] == []


@pytest.mark.parametrize("sentence, rule, says", [
    ("另有5件结转下年度继续办理。", "NB501", "正文称「5件结转下年度继续办理」，但表三「结转下年度继续办理」总计为 0"),
    ("因本机关不掌握等原因无法提供 3 件。", "NB501", "正文称「无法提供 3 件」，但表三「（四）无法提供」总计为 0"),
    ("予以公开及部分公开258件。", "NB501",
     "正文称「予以公开及部分公开258件」，但表三「（一）予以公开」总计与表三「（二）部分公开」总计之和为 0"),
])
def test_claims_real_reports_write_are_read(sentence: str, rule: str, says: str, tmp_path: Path) -> None:
    """Wordings found in real reports (issue 30): a number before its
    words, a category named by its first reason, two categories summed."""
    found = [f for f in lint_text(tmp_path, _say(TOWN, sentence)).findings if f.rule == rule]
    assert [f.message for f in found] == [says]


def test_one_upheld_claim_covers_review_and_suit(tmp_path: Path) -> None:
    """「信息公开类行政复议7件，诉讼9件，均获维持」 (上海 2019) says both were
    upheld: a suit still pending contradicts it."""
    text = set_cell(set_cell(TOWN, "未经复议直接起诉", 4, "1"), "未经复议直接起诉", 5, "1")
    found = [f for f in lint_text(tmp_path, _say(text, "信息公开类行政复议7件，诉讼9件，均获维持。")).findings if f.rule == "NB505"]
    assert [f.message for f in found] == [
        "正文称「行政复议7件，诉讼9件，均获维持」，但表四「行政复议」和「行政诉讼」结果纠正、其他结果与尚未审结之和为 1"]


def test_a_result_answered_is_not_the_number_answered(tmp_path: Path) -> None:
    """「公开申请中同意公开答复 9 件」 (上海 2024) counts the applications
    disclosed, not all answered: of terms side by side the first is what is
    counted (it fired once spaces no longer hid it)."""
    text = _say(_requests(("（一）予以公开", "9"), ("1.本机关不掌握相关政府信息", "26")), "公开申请中同意公开答复 9 件。")
    assert [f.message for f in lint_text(tmp_path, text, select=["NB501"]).findings] == []
    text = _say(_requests(("（一）予以公开", "9"), ("1.本机关不掌握相关政府信息", "26")), "依申请公开答复 9 件。")
    assert [f.message for f in lint_text(tmp_path, text, select=["NB501"]).findings] == [
        "正文称「答复 9 件」，但表三「（七）总计」总计为 35"]


def test_a_report_copied_by_another_organ_of_the_same_year_is_found_in_both(tmp_path: Path) -> None:
    """NB608 on the collection: silent on the five real reports; a town's
    report planted as a neighbour's (name and slug changed) is found at
    each long section's heading in both files, each naming the other."""
    assert [f.message for f in pipeline.run([REPORTS], select=["NB608"]).findings] == []
    reports = tmp_path / "reports"
    reports.mkdir()
    for source in REPORTS.glob("*.md"):
        (reports / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    copied = TOWN_2021.read_text(encoding="utf-8").replace("小店镇", "洪门镇").replace("hongqiquxiaodianzhen", "hongqiquhongmenzhen")
    (reports / "hongqiquhongmenzhen-2025.md").write_text(copied, encoding="utf-8")
    found = pipeline.run([reports], select=["NB608"]).findings
    headings = [n for n, line in enumerate(copied.split("\n"), 1) if line in ("## 一、总体情况", "## 五、存在的主要问题及改进情况")]
    assert sorted((Path(f.path).name, f.line) for f in found) == sorted(
        (name, line) for name in ("hongqiquhongmenzhen-2025.md", TOWN_2021.name) for line in headings)
    assert all(("红旗区洪门镇" in f.message) == (Path(f.path).name == TOWN_2021.name) for f in found)
    assert sorted(f.message.split("约 ")[1].split("%")[0] for f in found) == ["100", "100", "97", "97"]  # the name differs in 一


def _rows(text: str, rows: dict[str, list[str]]) -> str:
    for label, values in rows.items():
        for column, value in enumerate(values, start=1):
            text = set_cell(text, label, column, value)
    return text


def test_the_shanghai_2019_claims_are_found_though_its_table_leaves_zeros_blank(tmp_path: Path) -> None:
    """上海市人民政府办公厅 2019 wrote its table with every zero and several
    总计 cells blank. A blank is unknown, yet the filled cells already make
    more than the text says, so each of its four claims is contradicted."""
    text = _rows(TOWN, {
        "（一）予以公开": ["258", "12", "", "", "1", "1", ""],
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": ["3", "", "", "", "", "", ""],
        "1.本机关不掌握相关政府信息": ["252", "12", "", "", "1", "", ""],
        "2.没有现成信息需要另行制作": ["44", "3", "", "", "", "", ""],
        "3.补正后申请内容仍不明确": ["25", "", "", "", "", "", ""],
        "行政复议": ["5", "", "", "2", "7"],
        "未经复议直接起诉": ["8", "", "", "1", "9"],
    })
    said = "予以公开及部分公开258件，因本机关不掌握等原因无法提供265件。信息公开类行政复议7件，诉讼9件，均获维持。"
    found = lint_text(tmp_path, _say(text, said), select=["NB501", "NB505"]).findings
    assert [(f.rule, f.message) for f in found] == [
        ("NB501", "正文称「予以公开及部分公开258件」，但表三「（一）予以公开」总计与表三「（二）部分公开」总计之和"
                  "至少为 275（表中有未填的格，这是已填各格之和）"),
        ("NB501", "正文称「无法提供265件」，但表三「（四）无法提供」总计至少为 337（表中有未填的格，这是已填各格之和）"),
        ("NB505", "正文称「行政复议7件，诉讼9件，均获维持」，但表四「行政复议」和「行政诉讼」结果纠正、其他结果与尚未审结之和"
                  "至少为 3（表中有未填的格，这是已填各格之和）"),
    ]
    assert all(f.line == _line_of(_say(text, said), said[:10]) for f in found)


@pytest.mark.parametrize("sentence, rows, says", [
    ("全年未接到信息公开申请。", {NEW: ["1", "0", "0", "0", "0", "0", "1"]}, "正文称「未接到信息公开申请」"),
    ("未收到依申请公开请求。", {NEW: ["1", "0", "0", "0", "0", "0", "1"]}, "正文称「未收到依申请公开请求」"),
    ("全乡未发生因政府信息公开申请提起的行政复议和行政诉讼案件。", {"行政复议": ["0", "0", "0", "1", "1"]},
     "正文称「未发生因政府信息公开申请提起的行政复议」"),
    ("没有因政府信息公开引起的行政复议和行政诉讼案件。", {"未经复议直接起诉": ["0", "0", "0", "1", "1"]},
     "正文称「没有因政府信息公开引起的行政复议和行政诉讼」"),
    ("申请已全部按期限答复办结。", {NEW: ["1", "0", "0", "0", "0", "0", "1"], CARRIED: ["1", "0", "0", "0", "0", "0", "1"]},
     "正文称「申请已全部按期限答复办结」"),
])
def test_claims_of_none_as_real_reports_word_them(sentence: str, rows: dict[str, list[str]], says: str, tmp_path: Path) -> None:
    """Wordings of 「none」 and 「all」 from real reports (a reviewer's run
    on 19 published reports): each is found when the table has one."""
    text = _say(_rows(TOWN.replace("小店镇未收到公众申请要求公开的其它方面政府信息。", ""), rows), sentence)
    found = [f.message for f in lint_text(tmp_path, text, select=["NB505"]).findings]
    assert len(found) == 1 and found[0].startswith(says), found
