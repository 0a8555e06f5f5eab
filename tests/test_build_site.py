"""The built portal, checked as a reader's browser would see it: every page
parses, every link resolves, every number is on its page with its keys."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from build_support import build_site
from conftest import REPORTS
from lxml import etree, html

from nianbao.lint.rules import load
from nianbao.model import template as tpl
from nianbao.model.source import parse, parse_file
from nianbao.portal import figures
from nianbao.portal.layout import official

SOURCES = sorted(REPORTS.glob("*.md"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "_site"
    summary = build_site(out)
    assert len(summary.published) == len(SOURCES) and not summary.withheld
    return out


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_every_page_parses_and_is_chinese(site: Path) -> None:
    pages = _pages(site)
    assert len(pages) >= 5 + 6
    for path in pages:
        doc = html.fromstring(path.read_bytes())
        assert doc.get("lang") == "zh-CN", path
        assert doc.find(".//title").text.strip()
        assert doc.find(".//main") is not None
        assert doc.xpath("//*[@id='search']"), f"{path}: no search box"


def _target(site: Path, page: Path, link: str) -> Path | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "mailto:")):
        return None
    base = site if parts.path.startswith("/") else page.parent
    target = base / parts.path.lstrip("/")
    return target / "index.html" if parts.path.endswith("/") or target.is_dir() else target


def test_every_internal_link_and_asset_resolves(site: Path) -> None:
    broken = []
    checked = 0
    for page in _pages(site):
        doc = html.fromstring(page.read_bytes())
        for link in doc.xpath("//a/@href | //link/@href | //script/@src | //img/@src"):
            target = _target(site, page, link)
            if target is None:
                continue
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
    assert checked > 100
    assert not broken, broken


def test_no_page_requests_anything_outside_the_site(site: Path) -> None:
    for page in _pages(site):
        doc = html.fromstring(page.read_bytes())
        for link in doc.xpath("//link/@href | //script/@src | //img/@src | //iframe/@src"):
            assert not urlsplit(link).netloc, f"{page}: {link}"


def _numbers(page: html.HtmlElement, version: int) -> dict[tuple[str, str, str], html.HtmlElement]:
    """A report page's number cells by (table, row, column): the page keys
    none of them (every byte counts in a province's site); the official
    layout's slots give their order within each table."""
    out = {}
    for spec in tpl.load(version).tables:
        tds = page.xpath(f"//table[@id='{spec.key}']//td")
        slots = official(spec).slots
        assert len(tds) == len(slots), spec.key
        out |= {(spec.key, slot.row, slot.column): td for slot, td in zip(slots, tds)}
    return out


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_number_is_in_its_place_on_its_page(site: Path, source: Path) -> None:
    report = parse_file(source)
    page = html.fromstring((site / str(report.meta.year) / report.meta.slug / "index.html").read_bytes())
    cells = _numbers(page, report.meta.template)
    assert not page.xpath("//td[@data-table or @data-row or @data-column or @data-value]")  # nothing said twice
    expected = [c for t in report.tables.values() for c in t.cells.values()]
    assert expected
    for cell in expected:
        td = cells[(cell.table, cell.row, cell.column)]
        flags = td.xpath('./a[@class="flag"]')
        shown = td.text_content().replace(flags[0].text_content(), "", 1).strip() if flags else td.text_content()
        assert shown == (cell.raw or "未填")  # the number as published, a finding's mark beside it


def test_official_layout_of_table_three_and_four(site: Path) -> None:
    page = html.fromstring((site / "2025" / "juluxianrenminzhengfubangongshi-2025" / "index.html").read_bytes())
    t3 = page.get_element_by_id("t3")
    first = t3.xpath(".//thead/tr[1]/th")
    assert first[0].get("rowspan") == "3" and "勾稽关系" in first[0].text
    assert first[1].text == "申请人情况" and first[1].get("colspan") == "7"
    assert [th.text for th in t3.xpath(".//thead/tr[3]/th")] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    group = t3.xpath(".//tbody/tr[3]/th")[0]
    assert group.text == "三、本年度办理结果" and group.get("rowspan") == str(22)
    t4 = page.get_element_by_id("t4")
    assert [th.text for th in t4.xpath(".//thead/tr[1]/th")] == ["行政复议", "行政诉讼"]
    assert len(t4.xpath(".//tbody/tr")) == 1 and len(t4.xpath(".//tbody/tr/td")) == 15
    assert t4.xpath(".//caption")


def test_blank_cells_are_marked_not_zero(site: Path) -> None:
    page = html.fromstring((site / "2025" / "dazhaizhen-2025" / "index.html").read_bytes())
    blanks = page.xpath("//table[@id='t3']//td[contains(@class, 'blank')]")
    assert len(blanks) == 175 and all(td.xpath("./span[@class='blank-mark']")[0].text == "未填" for td in blanks)
    assert page.xpath("//details[contains(@class, 'unplaced')]//code")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_a_report_page_opens_with_its_figures_at_a_glance(site: Path, source: Path) -> None:
    """Above the tables, every headline figure of the report as its JSON
    download gives it (a count with 件, 「未填」 for a blank, 「—」 for a
    rate of nothing), in the order of template.yaml."""
    report = json.loads(next(site.rglob(f"{source.stem}/report.json")).read_bytes())
    page = html.fromstring(next(site.rglob(f"{source.stem}/index.html")).read_bytes())
    shown = {div.xpath("string(dt)"): div.xpath("string(dd)") for div in page.xpath("//dl[@class='glance']/div")}
    cells = {tuple(code.split(".")): value for code, value in report["cells"].items()}
    totals = figures.of_report(report["template"], cells)
    expected = {f.label: figures.shown(totals.get(f.key), f, f.key in totals) + (" 件" if not f.rate and totals.get(f.key) is not None else "")
                for f in figures.headline()}
    assert shown == expected
    assert list(shown) == [f.label for f in figures.headline()]
    if source.stem == "dazhaizhen-2025":  # table three all blank, table four filled
        assert shown["新收申请"] == "未填" and shown["行政复议"] == "0 件" and shown["予以公开比例"] == "—"


def test_every_finding_links_to_what_its_rule_checks(site: Path) -> None:
    """The 说明 page has a row for every rule, in words (its parameters'
    values put in), and every finding's link on a report or the failures
    page lands on its rule's row."""
    about = html.fromstring((site / "about" / "index.html").read_bytes())
    rows = {tr.get("id"): tr.xpath("string(td[3])") for tr in about.xpath("//table[@class='rules']/tbody/tr")}
    assert set(rows) == {r.id for r in load().rules} and all(rows.values())
    assert "低于 30%" in rows["NB701"] and "{" not in "".join(rows.values())
    linked = set()
    for path in [*site.glob("2025/*/index.html"), site / "failed" / "index.html"]:
        for href in html.fromstring(path.read_bytes()).xpath("//a/@href"):
            if "about/#NB" in href:
                linked.add(href.split("#", 1)[1])
    assert linked and linked <= set(rows)
    terms = [dt.text_content() for dt in about.xpath("//dl[@class='glossary']/dt")]
    assert "予以公开" in terms and "未填" in terms


def test_a_tables_terms_are_explained_where_they_stand(site: Path) -> None:
    """A row label holding a term of the glossary says what it means (its
    title), the longest term first; the glossary itself is linked once."""
    page = html.fromstring((site / "2025" / "hongqiquxiaodianzhen-2025" / "index.html").read_bytes())
    titles = {th.text_content(): th.get("title") for th in page.xpath("//table[@id='t3']//tbody//th")}
    means = dict(tpl.glossary())
    assert titles["（四）无法提供"] == means["无法提供"] and titles["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == means["部分公开"]
    assert titles["1.属于国家秘密"] is None  # no term of the glossary in it
    assert page.xpath("//a[contains(@href, 'about/#glossary')]")


def test_waivers_are_shown_with_reasons(site: Path) -> None:
    page = html.fromstring((site / "2025" / "juluxianrenminzhengfubangongshi-2025" / "index.html").read_bytes())
    waived = page.xpath("//ul[contains(@class, 'waived')]/li")
    assert len(waived) == 3 and all("原文如此：已发布报告中" in li.text_content() for li in waived)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_report_json_and_the_cells_file_hold_every_cell_once(site: Path, source: Path) -> None:
    """report.json has every official cell by its code (null when blank)
    and, apart, every cell written other than as its number; its template
    version's cells file has the same values in its row, and
    dictionary.csv the labels of their codes."""
    report = parse_file(source)
    version = tpl.load(report.meta.template)
    record = json.loads((site / str(report.meta.year) / report.meta.slug / "report.json").read_text(encoding="utf-8"))
    codes = [f"{t.key}.{r.key}.{c.key}" for t in version.tables for r in t.leaf_rows for c in t.leaf_columns]
    assert list(record["cells"]) == codes
    with open(site / "data" / f"cells-{report.meta.template}.csv", encoding="utf-8-sig", newline="") as f:
        (row,) = [r for r in csv.DictReader(f) if r["report"] == report.meta.slug]
    assert list(row)[4:] == codes and row["organ"] == report.meta.organ and row["year"] == str(report.meta.year)
    assert row["status"] in ("通过", "有豁免的问题")
    rows = {code: {"value": row[code]} for code in codes}
    for code in codes:
        cell = report.cell(*code.split("."))
        expected = None if cell is None or cell.value is None else float(cell.value)
        assert record["cells"][code] == expected and (float(rows[code]["value"]) if rows[code]["value"] else None) == expected
        written = cell.raw if cell else ""
        assert record["raw"].get(code, "" if expected is None else rows[code]["value"]) == written
    with open(site / "data" / "dictionary.csv", encoding="utf-8-sig", newline="") as f:
        labels = {(r["table"], r["axis"], r["key"]): r["label"] for r in csv.DictReader(f) if r["template"] == str(version.version)}
    for t in version.tables:
        assert all(labels[t.key, "行", r.key] == r.label for r in t.leaf_rows)
        assert all(labels[t.key, "列", c.key] == c.label for c in t.leaf_columns)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_report_json_carries_the_text_section_by_section(site: Path, source: Path) -> None:
    """The report's own words as data: every section, in order, its
    paragraphs together holding every character of its text (the tables
    are the cells)."""
    report = parse(source.read_text(encoding="utf-8"), str(source))
    texts = json.loads(next(site.rglob(f"{source.stem}/report.json")).read_bytes())["texts"]
    assert [t["heading"] for t in texts if t["section"]] == [s.heading for s in report.sections]
    for text, section in zip([t for t in texts if t["section"]], report.sections):
        assert "".join("".join(text["paragraphs"]).split()) == "".join(section.body.split())
        assert all(p and p == p.strip() for p in text["paragraphs"])


def test_report_json_follows_its_schema(site: Path) -> None:
    import jsonschema

    schema = json.loads((site / "data" / "report.schema.json").read_text(encoding="utf-8"))
    records = sorted(site.rglob("report.json"))
    assert len(records) == 5  # one per published report of the collection
    for path in records:
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)


def test_datapackage_validates_with_frictionless(site: Path) -> None:
    from frictionless import Package

    package = Package(str(site / "data" / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    reports = [parse_file(s).meta for s in SOURCES]
    for version in tpl.versions():
        resource = package.get_resource(f"cells_{version}")
        rows = resource.read_rows()
        assert {r["report"] for r in rows} == {m.slug for m in reports if m.template == version}
        assert len(resource.schema.fields) == 4 + tpl.load(version).cell_count()
        assert resource.schema.get_field("t3.new.natural").title.endswith("自然人")


def test_site_plumbing(site: Path) -> None:
    for name in ("sitemap.xml", "robots.txt", "404.html", "static/print.css", "pagefind/pagefind-ui.js"):
        assert (site / name).is_file(), name

    sitemap = etree.parse(str(site / "sitemap.xml"))
    locs = sitemap.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert any(loc.endswith("/2025/juluxianrenminzhengfubangongshi-2025/") for loc in locs)


def test_stats_page_has_inline_svg_charts(site: Path) -> None:
    page = html.fromstring((site / "stats" / "index.html").read_bytes())
    charts = page.xpath("//svg")
    assert len(charts) == 2 and all(svg.get("role") == "img" and svg.xpath("./title") for svg in charts)
    years = page.xpath("(//table[contains(@class,'stats')])[1]//tbody/tr/th/text()")
    assert years == ["2024", "2025"]


def test_region_and_organ_indexes(site: Path) -> None:
    regions = html.fromstring((site / "regions" / "index.html").read_bytes()).text_content()
    assert regions.index("河北省") < regions.index("邢台市") < regions.index("巨鹿县") and "未标注地区" in regions
    organ = html.fromstring((site / "organ" / "index.html").read_bytes())
    assert len(organ.xpath("//main//li")) == len(SOURCES)
    # Each organ once, under the region and then the kind its report gives.
    for source in SOURCES:
        meta = parse(source.read_text(encoding="utf-8"), str(source)).meta
        (link,) = [a for a in organ.xpath("//main//li/a") if a.text_content() == meta.organ]
        section = link.xpath("ancestor::section")[0]
        assert section.xpath("string(h2)") == (" / ".join(meta.region_names) or "未标注地区")
        assert link.xpath("string(ancestor::ul[1]/preceding-sibling::h3[1])") == meta.kind


def test_the_wrong_cells_are_marked_and_linked_to_their_findings(site: Path) -> None:
    page = html.fromstring((site / "2025" / "juluxianrenminzhengfubangongshi-2025" / "index.html").read_bytes())
    marked = {td.get("id"): td for td in page.xpath("//td[contains(@class, 'flagged')]")}
    assert set(marked) == {"cell-t3-partial-total", "cell-t3-not_handled_repeat-total", "cell-t3-total-total"}
    for anchor, td in marked.items():
        flag = td.xpath('./a[@class="flag"]')[0]
        finding = page.get_element_by_id(flag.get("href").lstrip("#"))
        assert finding.xpath(f'.//a[@href="#{anchor}"]') and "原文如此" in finding.text_content()
        assert flag.get("aria-label") and flag.text_content() == "※" and "waived" in td.get("class")
    assert "表三办理结果合计不符" in page.text_content()


def test_repeated_findings_of_a_rule_are_grouped(site: Path) -> None:
    page = html.fromstring((site / "2025" / "dazhaizhen-2025" / "index.html").read_bytes())
    assert len(page.xpath("//td[contains(@class, 'flagged')]")) == 175
    # waived as published: folded under one line, each still listed and linked from its cell
    (group,) = page.xpath("//ul[contains(@class, 'waived')]/li/details")
    assert group.xpath("./summary")[0].text_content() == "表三 175 处：单元格未填写（原文如此）"
    assert len(group.xpath(".//li[starts-with(@id, 'finding-')]")) == 175


def test_every_list_shows_the_standing_in_words(site: Path) -> None:
    home = html.fromstring((site / "index.html").read_bytes())
    badges = [b.text_content() for b in home.xpath("//ul[@class='reports']//span[contains(@class, 'badge')]")]
    assert len(badges) == 5 and set(badges) <= {"通过", "有豁免的问题"} and "通过" in badges
    assert "份报告未通过检查" not in home.text_content()  # none failed in the collection
    report = html.fromstring((site / "2025" / "hongqiquxiaodianzhen-2025" / "index.html").read_bytes())
    assert report.xpath("//h2[@id='status-heading']/span[contains(@class, 'badge')]")[0].text_content() == "通过"


def test_the_data_files_name_codes_and_the_dictionary_labels_them(site: Path) -> None:
    import csv

    with open(site / "data" / "cells-2021.csv", encoding="utf-8-sig", newline="") as f:
        head = next(csv.reader(f))
    assert head[:4] == ["report", "organ", "year", "status"] and "t3.new.total" in head
    with open(site / "data" / "dictionary.csv", encoding="utf-8-sig", newline="") as f:
        labels = {(r["template"], r["table"], r["axis"], r["key"]): r["label"] for r in csv.DictReader(f)}
    assert labels["2021", "t3", "行", "new"] == "一、本年新收政府信息公开申请数量" and labels["2021", "t3", "列", "total"] == "总计"
    page = html.fromstring((site / "data" / "index.html").read_bytes())
    codes = {tuple(td.text_content() for td in tr.xpath("./td")) for tr in page.xpath("//table[@class='stats']//tr[td]")}
    assert ("行", "carried_over", "四、结转下年度继续办理") in codes and ("列", "fee_amount", "本年收费金额（单位：万元）") in codes
    assert {("行" if axis == "行" else "列", key, label) for (_, _, axis, key), label in labels.items()} == codes
    report = html.fromstring((site / "2025" / "dazhaizhen-2025" / "index.html").read_bytes())
    assert report.xpath("//a[@href='report.json']")[0].get("download") == "dazhaizhen-2025.json"
    assert not (site / "2025" / "dazhaizhen-2025" / "report.csv").exists()  # the collection's CSV has its cells


def test_an_organ_page_shows_its_figures_year_by_year(site: Path) -> None:
    from nianbao.portal.records import organ_url

    page = html.fromstring((site / organ_url(*_office_region()) / "index.html").read_bytes())
    rows = [[c.text_content() for c in tr.xpath("./th|./td")] for tr in page.xpath("//table[@class='stats']/tbody/tr")]
    assert rows == [["2025年", "16", "16", "13", "81.3%", "1", "0", "0.0%", "0"]], rows  # as published; 13/16 = 81.25% rounds half up
    assert page.xpath("//figure[contains(@class, 'chart')]/*[local-name()='svg']/*[local-name()='title']")


def test_no_localhost_address_is_ever_written(tmp_path: Path) -> None:
    from build_support import TEMPLATES

    from nianbao.portal import build

    out = tmp_path / "preview"
    build([str(REPORTS)], out, templates=TEMPLATES, search=False)  # no --site-url: a preview
    assert not (out / "sitemap.xml").exists() and not (out / "feed.xml").exists()
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    assert "feed.xml" not in (out / "index.html").read_text(encoding="utf-8")
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt", ".json", ".csv"):
            text = path.read_text(encoding="utf-8")
            assert "127.0.0.1" not in text and "localhost" not in text, path


def test_feed_carries_dated_reports_with_their_date_and_a_summary(tmp_path: Path) -> None:
    sources = tmp_path / "reports"
    sources.mkdir()
    for i, source in enumerate(SOURCES):
        text = source.read_text(encoding="utf-8")
        if i < 2:  # two of the five have the date they were published
            text = text.replace("---\n", f"---\npublished: 2026-01-2{i}\n", 1)
        (sources / source.name).write_text(text, encoding="utf-8")
    build_site(tmp_path / "_site", [sources], search=False)
    feed = etree.parse(str(tmp_path / "_site" / "feed.xml"))
    atom = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.xpath("//a:entry/a:updated/text()", namespaces=atom) == ["2026-01-21T00:00:00Z", "2026-01-20T00:00:00Z"]
    assert feed.xpath("/a:feed/a:updated/text()", namespaces=atom) == ["2026-01-21T00:00:00Z"]
    summaries = feed.xpath("//a:entry/a:summary/text()", namespaces=atom)
    assert len(summaries) == 2 and all("新收申请" in s and "检查结果" in s for s in summaries)
    assert 'href="/feed.xml"' in (tmp_path / "_site" / "index.html").read_text(encoding="utf-8")


def test_no_feed_without_a_dated_report(site: Path) -> None:
    """An undated report is never given an invented date: none of the
    content's reports records one, so there is no feed and no link to it."""
    assert not (site / "feed.xml").exists()
    assert "feed.xml" not in (site / "index.html").read_text(encoding="utf-8")


def test_each_chart_has_its_numbers_as_csv(site: Path) -> None:
    import csv

    with open(site / "data" / "stats-years.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["name"] for r in rows] == ["2024", "2025"] and sum(int(r["reports"]) for r in rows) == 5
    page = html.fromstring((site / "stats" / "index.html").read_bytes())
    assert page.xpath("//a[@href='/data/stats-years.csv']") and "每份报告平均新收" in page.text_content()


def test_the_data_page_gives_each_files_size(site: Path) -> None:
    page = html.fromstring((site / "data" / "index.html").read_bytes())
    listed = [a.get("href").removeprefix("/data/") for a in page.xpath("//main//li/a[starts-with(@href, '/data/')][1]")]
    assert set(listed) == {p.name for p in (site / "data").iterdir() if p.suffix in (".csv", ".sqlite", ".json")} - {
        "findings.json", "explore.json"} - {p.name for p in (site / "data").glob("stats-*.csv")}
    for name in listed:
        item = next(li for li in page.xpath("//li") if li.xpath(f"./a[@href='/data/{name}']"))
        size = (site / "data" / name).stat().st_size
        assert f"（{round(size / 1024)} KB）" in item.text_content() or f"（{size} 字节）" in item.text_content() or "MB）" in item.text_content()


def _office_region() -> tuple[str, str | None, tuple[str, ...]]:
    """巨鹿县人民政府办公室 as its source names it: its organ page is keyed by name and region."""
    from nianbao.model.source import parse_file

    meta = parse_file(Path(__file__).resolve().parent.parent / "content" / "reports" / "juluxianrenminzhengfubangongshi-2025.md").meta
    return meta.organ, meta.region_code, meta.region_names


def test_a_finding_on_a_sentence_marks_it_in_the_text(tmp_path: Path) -> None:
    """As a wrong cell is marked in its table: the sentence a narrative
    finding names is marked where it stands, its symbol linked to the
    finding, and every finding on that line links back to it."""
    said = "全年共受理政府信息公开申请 5 件，我镇的的严格遵循“以公开为常态、不公开为例外”原则，扎实做好主动公开工作。"
    town = (REPORTS / "hongqiquxiaodianzhen-2025.md").read_text(encoding="utf-8")
    start = "2025 年，我镇严格遵循“以公开为常态、不公开为例外”原则，扎实做好主动公开工作。"
    assert start in town
    source = tmp_path / "reports" / "hongqiquxiaodianzhen-2025.md"
    source.parent.mkdir()
    source.write_text(town.replace(start, said, 1), encoding="utf-8")
    build_site(tmp_path / "site", [source.parent], search=False)
    page = html.fromstring((tmp_path / "site" / "2025" / "hongqiquxiaodianzhen-2025" / "index.html").read_bytes())
    (mark,) = page.xpath("//mark[contains(@class, 'flagged')]")
    assert mark.text_content().strip() == "⚠ " + said and "warning" in mark.get("class")
    flag = mark.xpath('./a[@class="flag"]')[0]
    first = page.get_element_by_id(flag.get("href").lstrip("#"))
    assert "NB501" in first.text_content() and "受理政府信息公开申请 5 件" in flag.get("aria-label")
    linked = page.xpath(f'//li[starts-with(@id, "finding-")][.//a[@href="#{mark.get("id")}"]]')
    assert {li.xpath('string(.//a[contains(@href, "about/#")])') for li in linked} == {"NB501", "NB408"}
    assert mark.xpath("ancestor::section/h2")[0].text_content() == "一、总体情况"
