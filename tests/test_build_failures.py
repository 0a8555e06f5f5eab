"""Reports that did not pass: on a page of their own with why, never as a
clean page; every finding in data/findings.csv and .json."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from build_support import build_site, cell_rows
from lint_support import TOWN_2021, text_of, without_waivers
from lxml import html

TOWN = without_waivers(text_of(TOWN_2021))


def test_failed_reports_are_listed_with_why_and_published_nowhere(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a-clean.md").write_text(TOWN, encoding="utf-8")
    failing = TOWN.replace("organ: 红旗区小店镇", "organ: 红旗区大店镇").replace("hongqiquxiaodianzhen", "hongqiqudadianzhen")
    failing = failing.replace("红旗区小店镇 2025", "红旗区大店镇 2025").replace(
        "| 行政复议         |        0 |", "| 行政复议         |        3 |")
    (source / "b-failing.md").write_text(failing, encoding="utf-8")
    (source / "c-broken.md").write_text("没有前置元数据\n", encoding="utf-8")
    out = tmp_path / "site"
    summary = build_site(out, [source], search=False)
    assert len(summary.withheld) == 2
    page = html.fromstring((out / "failed" / "index.html").read_bytes())
    text = page.text_content()
    assert "红旗区大店镇 2025 年政府信息公开工作年度报告" in text and "表四合计不符" in text and "NB104" in text
    assert "c-broken.md" in text and "缺少 YAML 前置元数据" in text and str(tmp_path) not in text
    assert not (out / "2025" / "hongqiqudadianzhen-2025").exists()
    home = html.fromstring((out / "index.html").read_bytes())
    link = home.xpath("//main//a[@href='/failed/']")[0]
    assert "2 份报告未通过检查" in link.text_content()
    with open(out / "data" / "findings.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    failing_rows = [r for r in rows if r["report"] == "hongqiqudadianzhen-2025"]
    assert {r["rule"] for r in failing_rows} >= {"NB104"} and {r["published"] for r in failing_rows} == {"false"}
    assert json.loads((out / "data" / "findings.json").read_text(encoding="utf-8")) == [
        {**r, "year": int(r["year"]), "line": int(r["line"]), "cell": r["cell"] or None, "waived": r["waived"] or None}
        for r in rows
    ]


def test_failed_reports_are_rows_of_the_explorer_without_figures(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.md").write_text(TOWN.replace("| 行政复议         |        0 |", "| 行政复议         |        3 |"),
                                 encoding="utf-8")
    out = tmp_path / "site"
    build_site(out, [source], search=False)
    rows = json.loads((out / "data" / "explore.json").read_text(encoding="utf-8"))
    assert rows == [{
        "title": "红旗区小店镇 2025 年政府信息公开工作年度报告", "url": "failed/#failed-1", "organ": "红旗区小店镇",
        "kind": "乡镇街道", "year": 2025, "region": "河南省/新乡市/红旗区", "city": "新乡市", "status": "未通过",
    }]
    page = html.fromstring((out / "failed" / "index.html").read_bytes())
    assert page.get_element_by_id("failed-1") is not None


def test_a_name_with_a_line_break_counts_as_one_report(tmp_path: Path) -> None:
    """The shrink guard counts the reports of the last site, not the lines
    of its catalogue: a name with line breaks does not freeze the site."""
    from nianbao.portal.swap import published_in

    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    (site / "data" / "reports.csv").write_text('\ufeffslug,organ\r\na,"某\n县\n某局"\r\nb,乙\r\n', encoding="utf-8")
    assert published_in(site) == 2


def test_the_failures_page_folds_repeated_errors_in_readers_words(tmp_path: Path) -> None:
    """A report with a row of blank cells: one line for the rule in that
    table, its cells inside, and no source line numbers or file names."""
    source = tmp_path / "src"
    source.mkdir()
    lines = TOWN.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("| （一）予以公开"))
    cells = lines[row].split("|")
    lines[row] = "|".join([cells[0], cells[1], *[" " * len(c) for c in cells[2:-1]], cells[-1]])  # every number blank
    (source / "blank-row.md").write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "site"
    summary = build_site(out, [source], search=False)
    assert len(summary.withheld) == 1
    page = html.fromstring((out / "failed" / "index.html").read_bytes())
    folded = [d for d in page.xpath("//section[@id='failed-1']//details") if "NB004" in d.xpath("string(./summary)")]
    assert len(folded) == 1 and "7 处" in folded[0].xpath("string(./summary)") and len(folded[0].xpath(".//li")) == 7
    text = page.text_content()
    assert "源文件" not in text and ".md" not in text and "行）" not in text


def test_with_no_failure_the_page_says_so(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.md").write_text(TOWN, encoding="utf-8")
    out = tmp_path / "site"
    build_site(out, [source], search=False)
    text = html.fromstring((out / "failed" / "index.html").read_bytes()).text_content()
    assert "目前没有未通过检查的报告" in text and "以下 0 份" not in text


def _clean_and_failing(tmp_path: Path) -> Path:
    """Sources of two organs: a.md passes, b.md (红旗区大店镇) has a wrong total."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.md").write_text(TOWN, encoding="utf-8")
    failing = TOWN.replace("organ: 红旗区小店镇", "organ: 红旗区大店镇").replace("hongqiquxiaodianzhen", "hongqiqudadianzhen")
    (source / "b.md").write_text(failing.replace("| 行政复议         |        0 |", "| 行政复议         |        3 |"), encoding="utf-8")
    return source


def test_the_downloads_carry_a_withheld_reports_numbers_marked_as_not_passed(tmp_path: Path) -> None:
    """Its numbers were published by the organ: the cells file holds them as
    written (the wrong total too), and reports.csv marks the report 未通过,
    with no page of this site."""
    source = _clean_and_failing(tmp_path)
    out = tmp_path / "site"
    build_site(out, [source], search=False)
    with open(out / "data" / "reports.csv", encoding="utf-8-sig", newline="") as f:
        reports = {r["report"]: r for r in csv.DictReader(f)}
    assert reports["hongqiqudadianzhen-2025"]["status"] == "未通过" and reports["hongqiqudadianzhen-2025"]["url"] == ""
    assert reports["hongqiquxiaodianzhen-2025"]["status"] == "通过" and reports["hongqiquxiaodianzhen-2025"]["url"]
    cells = {(r["report"], r["table"], r["row"], r["column"]): r["value"] for r in cell_rows(out / "data")}
    assert cells["hongqiqudadianzhen-2025", "t4", "review", "upheld"] == "3"
    assert cells["hongqiqudadianzhen-2025", "t4", "review", "total"] == "0"
    assert len(cells) == 2 * len([k for k in cells if k[0] == "hongqiquxiaodianzhen-2025"])
    import sqlite3  # and the database: its numbers too, its text not (the site does not publish it)

    db = sqlite3.connect(out / "data" / "nianbao.sqlite")
    kept = {(r, t, row, c): v for r, t, row, c, v in db.execute('SELECT "report", "table", "row", "column", "value" FROM labelled')}
    assert kept == {k: None if v == "" else float(v) for k, v in cells.items()}
    texts = dict(db.execute("SELECT r.report, count(*) FROM texts t JOIN reports r ON r.id = t.report GROUP BY r.report"))
    assert list(texts) == ["hongqiquxiaodianzhen-2025"] and texts["hongqiquxiaodianzhen-2025"] > 3
    db.close()


def _data(site: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((site / "data").iterdir())} | {"failed": (site / "failed" / "index.html").read_bytes()}


def _damaged(kept: Path, how: str) -> None:
    """The last build's file of a withheld report, damaged as anyone who can
    write the cache could: each must be passed over and the report parsed again."""
    import os

    facts = kept.read_bytes().rstrip(b"\n")
    edits = {
        "organ": (b'"organ":"\xe7\xba\xa2', b'"organ":1,"x":"\xe7\xba\xa2'),  # not a text
        "template": (b'"template":2021', b'"template":1999'),  # no such template: no cells file to put it in
        "values": (b'"values":[[', b'"values":[[1,""],['),  # one cell more than the template has
        "value": (b'"values":[[', b'"values":[["=cmd()",""],['),  # a text where a number goes
    }
    if how in edits:
        old, new = edits[how]
        assert old in facts, how
        kept.write_bytes(facts.replace(old, new, 1) + b"\n")
    elif how == "fifo":  # a reader would wait for ever
        kept.unlink()
        os.mkfifo(kept)
    elif how == "link":  # a file elsewhere on the machine
        elsewhere = kept.parent.parent / "elsewhere.json"
        elsewhere.write_bytes(facts.replace("大店镇".encode(), "别处镇".encode()) + b"\n")  # followed, it would show
        kept.unlink()
        kept.symlink_to(elsewhere)
    else:
        kept.write_bytes(b"{" * (1 << 21))  # too large


def test_a_withheld_report_is_parsed_by_its_worker_then_taken_from_the_last_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the build needs of a withheld report is written by the worker
    that parsed it; after an edit elsewhere it is taken from the last build,
    neither checked nor parsed again; the data and the failures page are a
    cold build's."""
    from nianbao.portal import withheld

    monkeypatch.chdir(tmp_path)
    source = _clean_and_failing(tmp_path)
    out = tmp_path / "site"

    def again(*args: object) -> None:
        raise AssertionError("a withheld report parsed again")

    monkeypatch.setattr(withheld, "parse", again)  # the worker parses with the linter's parse, not this one
    build_site(out, [source], search=False)
    monkeypatch.setattr(withheld, "keep", again)  # and in the next build, no worker nor fallback writes its facts
    edited = TOWN.replace("小店镇未收到", "小店镇全年未收到")
    assert edited != TOWN
    (source / "a.md").write_text(edited, encoding="utf-8")
    build_site(out, [source], search=False)
    assert "红旗区大店镇" in (out / "failed" / "index.html").read_text(encoding="utf-8")
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    build_site(tmp_path / "cold", [source], search=False)  # its own cache folder: cold
    assert _data(out) == _data(tmp_path / "cold")


@pytest.mark.parametrize("how", ["organ", "template", "values", "value", "fifo", "link", "large"])
def test_a_damaged_copy_in_the_cache_is_passed_over_and_the_report_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.chdir(tmp_path)
    source = _clean_and_failing(tmp_path)
    out = tmp_path / "site"
    build_site(out, [source], search=False)
    (kept,) = (tmp_path / ".nianbao-cache").glob("build/*/search/.withheld-*.json")
    _damaged(kept, how)
    (source / "a.md").write_text(TOWN.replace("小店镇未收到", "小店镇全年未收到"), encoding="utf-8")
    build_site(out, [source], search=False)  # the withheld report's lint result from the cache: only its file is damaged
    build_site(tmp_path / "cold", [source], search=False)
    assert _data(out) == _data(tmp_path / "cold") and "红旗区大店镇" in _data(out)["failed"].decode()
    assert kept.is_file() and not kept.is_symlink()  # written anew in the documents that replaced the damaged
