"""Review letters and the batch summary: seeds 001 (three arithmetic
breaks) and 003 (blank cells) imported as submitted, reviewed as an office
would, the letters read back with python-docx and lxml."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import FIXTURES, REPORTS, seed
from lint_support import TOWN_2021, set_cell, text_of, without_waivers
from lxml import html

from nianbao import pipeline
from nianbao.commands.cli import main
from nianbao.importers import import_file
from nianbao.model.source import parse_file

OFFICE, DATE = "巨鹿县人民政府办公室", "2026-01-20"


@pytest.fixture
def reviewed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Seeds 001 and 003 imported, and the clean town report with eight
    cells left blank by its organ, reviewed into tmp_path/out (what the
    command said in tmp_path/said.txt)."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for number in (1, 3):
        imported = import_file(seed(number))
        (reports / f"{imported.slug}.md").write_text(imported.text, encoding="utf-8")
    town = without_waivers(text_of(TOWN_2021))
    for row in ("行政许可", "行政处罚", "行政强制", "行政事业性收费", "行政复议"):
        town = set_cell(town, row, 1, "")
    for column in (1, 2, 3):
        town = set_cell(town, "复议后起诉", column, "")
    (reports / "hongqiquxiaodianzhen-2025.md").write_text(town, encoding="utf-8")
    assert main(["review", str(reports), "--out", str(tmp_path / "out"), "--office", OFFICE, "--date", DATE]) == 0
    (tmp_path / "said.txt").write_text(capsys.readouterr().out, encoding="utf-8")
    return tmp_path


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs) + "\n"


def test_the_letter_for_seed_001_reads_as_written_by_hand(reviewed: Path) -> None:
    got = _docx_text(reviewed / "out" / "juluxianrenminzhengfubangongshi-2025.docx")
    assert got == (FIXTURES / "review" / "letter_001.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", ["juluxianrenminzhengfubangongshi-2025", "dazhaizhen-2025", "hongqiquxiaodianzhen-2025"])
def test_every_unwaived_finding_is_in_both_letters_with_its_numbers(reviewed: Path, slug: str) -> None:
    """Every finding but those in rows the import could not read (seed
    003's table three lost its cells in extraction: the office corrects
    them from the original; the command says how many, per report)."""
    report = parse_file(reviewed / "reports" / f"{slug}.md")
    unread = {(t.key, row) for t in report.tables.values() for row, _ in t.unplaced if row}
    every = [f for f in pipeline.run([reviewed / "reports" / f"{slug}.md"]).findings if not f.waived]
    findings = [f for f in every if (f.table, f.row) not in unread]
    gaps = len(every) - len(findings)
    assert findings and (gaps > 0) == (slug == "dazhaizhen-2025")
    said = (reviewed / "said.txt").read_text(encoding="utf-8")
    assert (f"{slug}.md：{gaps} 个问题在导入时未能读入数字的行" in said) == bool(gaps)
    words = _docx_text(reviewed / "out" / f"{slug}.docx")
    page = html.fromstring((reviewed / "out" / f"{slug}.html").read_bytes())
    shown = page.text_content()
    for f in findings:
        message = f.message.rstrip("。")
        assert message in words and message in shown, message
    assert "源文件" not in words and "源文件" not in shown  # the organ never saw our file: its own document is cited
    assert not re.search(r"原文第 \d+ 行", words + shown)  # nor a line of the text a crawler kept
    assert page.find(".//script") is None and words.rstrip().endswith("2026年1月20日")


@pytest.mark.parametrize("slug", ["juluxianrenminzhengfubangongshi-2025", "hongqiquxiaodianzhen-2025"])
def test_the_web_letter_shows_each_cell_in_a_copy_of_its_rows(reviewed: Path, slug: str) -> None:
    """Every finding at a cell is shown in its row as the report writes it,
    the cell marked (a blank as 「（空）」); nothing else is marked."""
    report = parse_file(reviewed / "reports" / f"{slug}.md")
    at = {(f.table, f.row, f.column) for f in pipeline.run([reviewed / "reports" / f"{slug}.md"]).findings
          if not f.waived and f.table in report.tables and f.row and f.column}
    assert at
    page = html.fromstring((reviewed / "out" / f"{slug}.html").read_bytes())
    marked = set()
    for table in page.xpath('//table[@class="excerpt"]'):
        spec = next(t for t in report.template.tables if table.xpath("string(caption)") == f"{report.template.table_name(t)}（摘录）")
        assert [th.text_content() for th in table.xpath("thead/tr/th")][1:] == [c.label for c in spec.leaf_columns]
        for tr in table.xpath("tbody/tr"):
            row = next(r.key for r in spec.leaf_rows if r.label == tr.xpath("string(th)"))
            cells = report.tables[spec.key].cells
            assert [td.text_content() for td in tr.xpath("td")] == [
                cells[(row, c.key)].raw.strip() or "（空）" for c in spec.leaf_columns]
            marked |= {(spec.key, row, spec.leaf_columns[i].key) for i, td in enumerate(tr.xpath("td"))
                       if td.get("class") == "marked"}
    assert marked == at


def test_the_same_inputs_give_the_same_bytes(reviewed: Path) -> None:
    again = reviewed / "again"
    assert main(["review", str(reviewed / "reports"), "--out", str(again), "--office", OFFICE, "--date", DATE]) == 0
    first = sorted((reviewed / "out").iterdir())
    assert [p.name for p in first] == [p.name for p in sorted(again.iterdir())]
    for path in first:
        assert path.read_bytes() == (again / path.name).read_bytes(), path.name


def test_the_summary_of_the_collection(tmp_path: Path) -> None:
    assert main(["review", str(REPORTS), "--out", str(tmp_path), "--date", DATE]) == 0
    with open(tmp_path / "summary.csv", encoding="utf-8-sig", newline="") as f:
        rows = {Path(r["文件"]).name: r for r in csv.DictReader(f)}
    assert sorted(rows) == sorted(p.name for p in REPORTS.glob("*.md"))
    result = pipeline.run([REPORTS])
    for name, row in rows.items():
        mine = [f for f in result.findings if Path(f.path).name == name]
        assert int(row["已豁免"]) == sum(1 for f in mine if f.waived)
        assert int(row["错误"]) == sum(1 for f in mine if f.severity == "error" and not f.waived)
        assert int(row["警告"]) == sum(1 for f in mine if f.severity == "warning" and not f.waived)
    assert rows["dazhaizhen-2025.md"]["状态"] == "有豁免的问题" and rows["dazhaizhen-2025.md"]["NB401 未说明信息处理费收取情况"] == "1"
    assert rows["hongqiquxiaodianzhen-2025.md"]["状态"] == "通过"
    sheet = openpyxl.load_workbook(tmp_path / "summary.xlsx").active
    table = [[("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)]
    with open(tmp_path / "summary.csv", encoding="utf-8-sig", newline="") as f:
        assert table == list(csv.reader(f))


def test_lint_as_csv_opens_in_excel(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(REPORTS), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffpath,line,col,rule,title,severity,message,cell,waived\r\n")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert len(rows) == len(pipeline.run([REPORTS]).findings)
    assert {r["title"] for r in rows if r["rule"] == "NB103"} == {"表三申请人合计不符"}


def test_hostile_reports_get_their_letters_all_the_same(tmp_path: Path) -> None:
    from lint_support import TOWN_2021, text_of, without_waivers

    town = without_waivers(text_of(TOWN_2021))
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.md").write_text(town.replace("# 红旗区小店镇 2025", "# 红旗区小店镇\x0b 2025"), encoding="utf-8")
    (reports / "b.md").write_text(
        town.replace("organ: 红旗区小店镇", 'organ: "=HYPERLINK(\\"http://evil.example\\",\\"点我\\")"'), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["review", str(reports), "--out", str(out), "--office", "办公室\x01", "--date", DATE]) == 0
    letters = sorted(p.name for p in out.glob("*.docx"))
    assert letters == ["hongqiquxiaodianzhen-2025-1.docx", "hongqiquxiaodianzhen-2025.docx"]  # one slug, two letters
    assert all(_docx_text(p) for p in out.glob("*.docx"))
    sheet = openpyxl.load_workbook(out / "summary.xlsx").active
    organs = [c.value for c in sheet["B"][1:]]
    assert any(str(v).startswith("=HYPERLINK") for v in organs)
    assert all(c.data_type == "s" for c in sheet["B"])  # text, never a live formula
    assert "'=HYPERLINK" in (out / "summary.csv").read_text(encoding="utf-8-sig")


def test_a_finding_in_the_text_is_placed_by_the_reports_own_heading_and_words() -> None:
    """Outside the tables a letter names the part of the report and quotes
    the words there, never a line of our source file."""
    from lint_support import TOWN_2021, text_of

    from nianbao.model.finding import Finding
    from nianbao.model.source import parse
    from nianbao.review.letter import where

    report = parse(text_of(TOWN_2021))
    section = report.sections[-1]
    line = next(n for n in range(section.line + 1, len(report.lines) + 1) if report.lines[n - 1].strip())
    finding = Finding("NB701", "x", "warning", "某处写法不规范。", str(TOWN_2021), line, 1)
    said = where(report, finding)
    words = report.lines[line - 1].strip()
    assert said.startswith(f"「{section.heading}」部分：「") and words[:10] in said and "源文件" not in said
    front = Finding("NB005", "x", "error", "标题缺少机关名称。", str(TOWN_2021), 2, 1)
    assert where(report, front) == "报告开头"  # the front matter is ours: nothing of the report's to quote
