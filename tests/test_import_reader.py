"""Pieces of the tolerant reader on their own: label matching, glued
digits, paragraphs, the format registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.importers import FORMATS, ImportFailure, import_file, suffixes
from nianbao.importers.blocks import Para
from nianbao.importers.glue import splits
from nianbao.importers.labels import labels
from nianbao.importers.paragraphs import is_furniture, join
from nianbao.model import template as tpl
from nianbao.model.source import parse as parse_source


@pytest.mark.parametrize(
    ("written", "row", "how"),
    [
        ("(一)予以公开", "disclosed", "exact"),
        ("1、属于国家秘密", "withheld_secret", "exact"),
        ("（三）不予公开1.属于国家秘密", "withheld_secret", "exact"),
        ("年 1.属于国家秘密", "withheld_secret", "exact"),
        ("规章(设区的市、自治州人民政府应提供相关数据)", "regulations", "note"),
        ('3.危及"三安全一稳定"', "withheld_safety", "exact"),
    ],
)
def test_labels_as_people_write_them(written: str, row: str, how: str) -> None:
    match = labels(2021).row(written)
    assert match is not None and (match.head.key, match.how) == (row, how)


def test_a_garbled_label_is_matched_only_when_one_label_is_close() -> None:
    match = labels(2021).close("2.其他法律行政止公开")
    assert match is not None and match.head.key == "withheld_law"
    assert labels(2021).close("本机关全年共受理申请") is None


def test_the_first_piece_of_a_wrapped_label_names_its_row() -> None:
    found = labels(2021).prefix("（二）部分公开（区分处理的，只计这一情形，不计")
    assert found is not None and found.head.key == "partial"
    assert labels(2021).prefix("1.") is None  # too short to say which row


def test_a_wrapped_label_goes_on_through_a_piece_read_one_character_wrong() -> None:
    spec = labels(2021)
    found = spec.prefix("1.申请人无正")
    assert found is not None and found.head.key == "other_no_correction"
    head, read = found.head, "1.申请人无正"
    assert spec.continues(head, read, "当理由途期不")  # OCR's 途 for 逾
    assert spec.continues(head, read + "当理由途期不", "补正、行政机")  # and on after it
    assert not spec.continues(head, read, "当理由途期无")  # two characters wrong
    assert not spec.continues(head, read, "当埋")  # a short piece must be exact
    assert not spec.continues(head, read, "2.申请人逾期")
    six = spec.row("6.属于四类过程性信息")
    assert six is not None and not spec.continues(six.head, "", "7.属于")  # the next row's label, not this one's


def test_labels_glued_together_are_cut_into_labels() -> None:
    assert labels(2021).segments("自然人法人或其他组织总计") == ["自然人", "法人或其他组织", "总计"]
    assert labels(2021).segments("全年共收到申请") is None


def test_glued_digits_split_only_where_the_sums_allow() -> None:
    t3 = tpl.load(2021).table("t3")
    row = [("new", c.key) for c in t3.leaf_columns]
    assert splits("21710000218", row, t3) == [("217", "1", "0", "0", "0", "0", "218")]
    assert len(splits("101000011", row, t3)) == 2
    assert splits("2171218", row, t3) == []  # seven digits, but 2+1+7+1+2+1 is not 8
    assert splits("0000000", row, t3) == [("0",) * 7]


def test_paragraphs_joined_where_the_page_wrapped() -> None:
    lines = ["2023年，本局认真贯彻落实政务公开工作", "部署，取得新进展。", "- 2 -", "（一）主动公开。通过Open",
             "Data平台开放数据集2个", "一是加强培训；", "二是完善制度。"]
    joined = join([Para(text, n) for n, text in enumerate(lines, 1)], wrapped=True)
    assert [p.text for p in joined] == [
        "2023年，本局认真贯彻落实政务公开工作部署，取得新进展。",
        "（一）主动公开。通过Open Data平台开放数据集2个",
        "一是加强培训；",
        "二是完善制度。",
    ]
    assert [p.line for p in joined] == [1, 4, 6, 7]


@pytest.mark.parametrize("text", ["- 3 -", "—3—", "第 3 页", "第3页 共8页", "3/8", "共 8 页 第 3 页"])
def test_page_numbers_are_furniture(text: str) -> None:
    assert is_furniture(text)


@pytest.mark.parametrize("text", ["3", "第三条", "共收到申请3件"])
def test_other_lines_are_not_furniture(text: str) -> None:
    assert not is_furniture(text)


def test_every_format_declares_its_suffixes_and_one_extract() -> None:
    assert set(suffixes()) >= {".txt", ".md", ".docx", ".html", ".htm", ".pdf"}
    for module in FORMATS:
        assert module.SUFFIXES and callable(module.extract)
    assert len(suffixes()) == len(set(suffixes()))


def test_a_file_of_an_unknown_format_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "report.xls"
    path.write_bytes(b"x")
    with pytest.raises(ImportFailure, match=r"暂不支持 \.xls 格式"):
        import_file(path)


def test_a_file_without_title_needs_organ_and_year(tmp_path: Path) -> None:
    path = tmp_path / "excerpt.txt"
    path.write_text("一、总体情况\n本年度工作情况如下。\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n", encoding="utf-8")
    with pytest.raises(ImportFailure, match="--organ 指定机关名称、--year 指定年度"):
        import_file(path)
    result = import_file(path, organ="某县某局", year=2024)
    assert result.year == 2024 and result.organ == "某县某局"


def test_a_narrative_line_that_starts_like_a_row_keeps_its_number(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "某县某局2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "二、上年结转政府信息公开申请数量3件。\n四、结转下年度继续办理（2件）\n"
        "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n",
        encoding="utf-8",
    )
    text = import_file(path).text
    assert "二、上年结转政府信息公开申请数量3件。" in text
    assert "四、结转下年度继续办理（2件）" in text


def test_a_short_row_in_a_table_without_sums_is_never_cut_into_digits(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "某县某局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
        "第二十条第（五）项\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t912\n规章\t000\n",
        encoding="utf-8",
    )
    result = import_file(path)
    report = parse_source(result.text)
    assert all(report.cell("t2_5", "licensing", c).blank for c in ("prev_items", "change", "decisions"))
    assert [report.cell("t2_1", "regulations", c).value for c in ("made", "published", "total_published")] == [0, 0, 0]
    assert any("没有可以核对拆分的勾稽关系" in p.message and p.line == 4 for p in result.problems)


def test_two_reports_in_one_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "two.txt"
    one = "某县某局{0}年政府信息公开工作年度报告\n一、总体情况\n本年度工作情况如下。\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n"
    path.write_text(one.format(2022) + one.format(2021), encoding="utf-8")
    with pytest.raises(ImportFailure, match="第6行又有一个标题.*不止一份报告"):
        import_file(path)


def test_sections_out_of_order_are_all_found_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "某县某局2024年政府信息公开工作年度报告\n一、总体情况\n概述。\n三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n二、主动公开政府信息情况\n规章 0 0 0\n",
        encoding="utf-8",
    )
    result = import_file(path)
    report = parse_source(result.text)
    assert [s.key for s in report.sections] == ["overview", "proactive", "requests"]
    assert report.cell("t2_1", "regulations", "issued").value == 0
    assert any("二、主动公开政府信息情况" in p.message and "顺序" in p.message for p in result.problems)
    assert any("原文中没有找到" in p.message and "表四" in p.message for p in result.problems)


def test_a_data_table_inside_a_layout_table_is_read(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><div><h1>某县某局2024年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>概述。</p>"
        "<p><strong>二、主动公开政府信息情况</strong></p><table><tr><td><p>表二</p><table border=1>"
        "<tr><th colspan=4>第二十条第（一）项</th></tr>"
        "<tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr>"
        "<tr><td>规章</td><td>1</td><td>0</td><td>5</td></tr></table></td></tr></table>"
        "<p>三、收到和处理政府信息公开申请情况</p><table><tr><td>一、本年新收政府信息公开申请数量</td>"
        "<td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr></table></div></body></html>",
        encoding="utf-8",
    )
    report = parse_source(import_file(page).text)
    assert [report.cell("t2_1", "regulations", c).value for c in ("issued", "repealed", "in_force")] == [1, 0, 5]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_page_is_read_in_its_encoding_whether_or_not_it_declares_one(tmp_path: Path, encoding: str) -> None:
    page = tmp_path / "page.html"
    body = (
        "<html><body><h1>某县某局2024年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>概述。</p>"
        "<p>三、收到和处理政府信息公开申请情况</p><table><tr><td>一、本年新收政府信息公开申请数量</td>"
        "<td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr></table></body></html>"
    )
    page.write_bytes(body.encode(encoding))
    report = parse_source(import_file(page).text)
    assert report.meta.organ == "某县某局" and report.cell("t3", "new", "total").value == 2


def test_a_group_printed_as_one_row_keeps_its_numbers(tmp_path: Path) -> None:
    """「（六）其他处理」 with its own numbers and no rows under it (the 2019
    shape in a 2021 table): the numbers stay on the group's row, its rows
    are not asked for cell by cell, and the (七)总计 adds up with it."""
    rows = [("一、本年新收政府信息公开申请数量", 10), ("二、上年结转政府信息公开申请数量", 0), ("（一）予以公开", 6),
            ("（二）部分公开", 1)]
    spec = tpl.load(2021).table("t3")
    lines = ["某县某局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    lines += [f"{label} {n} 0 0 0 0 0 {n}" for label, n in rows]
    lines += [f"{h.label} 0 0 0 0 0 0 0" for h in spec.leaf_rows if h.parent in ("withheld", "unavailable", "not_handled")]
    lines += ["（六）其他处理 3 0 0 0 0 0 3", "（七）总计 10 0 0 0 0 0 10", "四、结转下年度继续办理 0 0 0 0 0 0 0"]
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = import_file(path)
    report = parse_source(imported.text)
    assert [report.cell("t3", "other_handling", c.key).value for c in spec.leaf_columns] == [3, 0, 0, 0, 0, 0, 3]
    assert report.cell("t3", "other_no_correction", "natural") is None  # no blank rows invented under it
    assert any("印成一行合计" in p.message for p in imported.problems)
    assert {p.code for p in report.problems} - {"missing-table"} == {"group-only"}  # 表二 and 表四 are not in this excerpt


def _imported(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    imported = import_file(path)
    return parse_source(imported.text), [p.message for p in imported.problems]


HEAD = "某县某局2024年政府信息公开工作年度报告\n"


@pytest.mark.parametrize("sentence", [
    "其中：行政许可 2418\n件，均在法定时限内办结。",
    "全年办理事项。行政许可 2418 项",
    "（1）行政许可 37",
    "截至12月31日 行政许可 2418 件",
])
def test_a_label_in_a_sentence_never_takes_the_tables_place(tmp_path: Path, sentence: str) -> None:
    """Found in review: a narrative line ending in 「行政许可 2418」 was cut out
    of its sentence and its number replaced the table's own."""
    text = (HEAD + "一、总体情况\n2024年，本局各项工作有序推进。" + sentence + "\n"
            "二、主动公开政府信息情况\n第二十条第（五）项\n信息内容 本年处理决定数量\n行政许可 100\n")
    report, _ = _imported(tmp_path, text)
    assert report.cell("t2_5", "licensing", "decisions").raw.strip() == "100"
    assert "2418" in report.section("overview").body or "37" in report.section("overview").body


@pytest.mark.parametrize("row, sentence", [
    ("行政规范性文件 58 45546", "2024年5月起，本局集中公开现行有效行政规范性文件546件。"),  # two tokens: never joined by the text
    ("行政规范性文件 5845546", "2024年5月，本局清理行政规范性文件546件。"),  # a date is no witness
])
def test_the_text_splits_glued_digits_only_on_two_stated_counts(tmp_path: Path, row: str, sentence: str) -> None:
    text = HEAD + "一、总体情况\n" + sentence + "\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n" + row + "\n"
    report, _ = _imported(tmp_path, text)
    assert all(report.cell("t2_1", "normative", c).blank for c in ("issued", "repealed", "in_force"))


def test_a_sentence_naming_last_years_report_is_narrative(tmp_path: Path) -> None:
    text = (HEAD + "一、总体情况\n本局按时发布2023年度政府信息公开工作年度报告，社会反响良好。\n"
            "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    imported = import_file(path)
    assert "按时发布2023年度政府信息公开工作年度报告，社会反响良好。" in imported.text


def test_a_group_row_beside_some_of_its_rows_is_kept_not_placed(tmp_path: Path) -> None:
    """OCR lost a row's label and left the group's: its numbers may be that row's."""
    spec = tpl.load(2021).table("t3")
    lines = [HEAD.strip(), "三、收到和处理政府信息公开申请情况"]
    for head in spec.leaf_rows:
        if head.key == "other_no_correction":
            lines.append("（六）其他处理 21 0 0 0 0 0 21")
        else:
            lines.append(f"{head.label} 1 0 0 0 0 0 1")
    report, messages = _imported(tmp_path, "\n".join(lines) + "\n")
    assert report.cell("t3", "other_handling", "natural") is None
    assert report.cell("t3", "other_no_correction", "natural").blank
    assert any("无法确定，原文已保留" in m for m in messages)


def test_rows_missing_from_a_table_are_said_where_they_belong(tmp_path: Path) -> None:
    """Each run of missing rows is said at the row read just before it (its
    input line, and page in a PDF), so a person finds the place at once."""
    lines = (Path(__file__).parent / "fixtures" / "import" / "pipe_rows.txt").read_text(encoding="utf-8").splitlines()
    gone = {n for n, text in enumerate(lines, 1) if "2.没有现成信息" in text or "4.保护第三方" in text or "5.属于三类" in text}
    assert len(gone) == 3
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(t for n, t in enumerate(lines, 1) if n not in gone) + "\n", encoding="utf-8")
    kept = path.read_text(encoding="utf-8").splitlines()
    result = import_file(path)
    missing = sorted((p for p in result.problems if "表三缺少" in p.message), key=lambda p: p.line)
    assert [p.message for p in missing] == [
        "表三缺少 2 行（「4.保护第三方合法权益」、「5.属于三类内部事务信息」），应在「3.危及“三安全一稳定”」行之后：各格留空",
        "表三缺少 1 行（「2.没有现成信息需要另行制作」），应在「1.本机关不掌握相关政府信息」行之后：各格留空",
    ]
    assert ["3.危及" in kept[missing[0].line - 1], "1.本机关不掌握" in kept[missing[1].line - 1]] == [True, True]


def test_a_row_of_numbers_without_its_label_names_the_rows_it_could_be(tmp_path: Path) -> None:
    """OCR Markdown lost a label, and the next row is missing too: two
    template rows, one row of numbers. Nothing is placed; the problem names
    the row before and the rows it could be, and the numbers stay verbatim."""
    text = (Path(__file__).parent / "fixtures" / "import" / "ocr_tables.md").read_text(encoding="utf-8")
    text = text.replace("| 3.危及“三安全一稳定” | 1 |", "|  | 1 |")
    fourth = "| 4.保护第三方合法权益 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |"
    assert fourth in text and "|  | 1 |" in text
    path = tmp_path / "lost.md"
    path.write_text(text.replace(fourth, ""), encoding="utf-8")
    result = import_file(path)
    said = [p.message for p in result.problems if "没有行名" in p.message]
    assert said == ["这一行数字没有行名，在「2.其他法律行政法规禁止公开」行之后，可能是「3.危及“三安全一稳定”」、「4.保护第三方合法权益」，"
                    "无法确定是表三的哪一行：各格留空，原文已保留：|  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"], result.problems
    report = parse_source(result.text)
    assert report.cell("t3", "withheld_safety", "natural").blank and report.cell("t3", "withheld_third_party", "natural").blank


@pytest.mark.parametrize("period", ["统计期限自2023年1月1日起至2023年12月31日止", "统计期限从2023年1月1日起到12月31日止",
                                    "统计期限为2023年1月1日至12月31日"])
def test_the_year_of_a_report_without_title_is_read_from_its_period_however_written(period: str, tmp_path: Path) -> None:
    """Real reports write the period 「自…起至…止」 as often as 「为…至…」."""
    text = (Path(__file__).parent / "fixtures" / "import" / "no_title_period.txt").read_text(encoding="utf-8")
    assert "统计期限为2023年1月1日至12月31日" in text
    path = tmp_path / "report.txt"
    path.write_text(text.replace("统计期限为2023年1月1日至12月31日", period), encoding="utf-8")
    assert parse_source(import_file(path, organ="临河县交通运输局").text).meta.year == 2023
