"""The portal in headless Chromium (Debian's chromium), as a person uses it:
pages load with no console error and no request leaving localhost, axe-core
finds no WCAG 2.1 A/AA violation, search finds a report by its organ's
Chinese name. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from build_support import build_site
from conftest import REPORTS, ROOT

from nianbao.portal import pages
from nianbao.portal.pages import menu
from nianbao.portal.pages.regions import Region
from nianbao.portal.records import organ_url

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out


def _office_region() -> tuple[str, str | None, tuple[str, ...]]:
    """巨鹿县人民政府办公室 as its source names it: its organ page is keyed by name and region."""
    from nianbao.model.source import parse_file

    meta = parse_file(Path(__file__).resolve().parent.parent / "content" / "reports" / "juluxianrenminzhengfubangongshi-2025.md").meta
    return meta.organ, meta.region_code, meta.region_names


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = {
    "home": "",
    "report": "2025/juluxianrenminzhengfubangongshi-2025/",
    "report-blank-cells": "2025/dazhaizhen-2025/",
    "one-organ": organ_url(*_office_region()),
    "one-year": "2025/",
    "one-year-page-2": "2025/2.html",  # lists are paged by two in this site (server)
    "organs-page-3": "organ/3.html",
    "one-region": Region(_office_region()[2][-1], _office_region()[2]).url,
    "not-found": "404.html",
    **{item.url.strip("/"): item.url for item in menu()},  # every page in the menu: a new one is opened too
}

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium for the browser tests (.ci/run installs it)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from nianbao.portal import search

    site = tmp_path_factory.mktemp("browser") / "_site"
    # One report per part, so that searching merges them as on a large
    # collection; lists of two to a page, so that they run over pages.
    real = search.PART_BYTES, pages.LIST_SIZE
    search.PART_BYTES, pages.LIST_SIZE = 1, 2
    try:
        build_site(site)
    finally:
        search.PART_BYTES, pages.LIST_SIZE = real
    parts = json.loads((site / "pagefind" / "parts.json").read_text(encoding="utf-8"))
    assert len(parts) == len(list(REPORTS.glob("*.md"))) - 1
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _open(browser, url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(url)
    assert response is not None and response.status == 200, url  # a missing page's error page might pass the checks
    page.wait_for_load_state("networkidle")
    return page, errors, requests


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_loads_cleanly_and_stays_local(browser, server: str, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page, errors, requests = _open(browser, server + PAGES[name], width)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        assert not errors, errors
        # Nothing runs off the side: wide tables scroll inside their own box, the page does not.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        outside = [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", "localhost") and not u.startswith("data:")]
        assert not outside, outside
        page.close()


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("width", [1280, 390])
def test_no_wcag21_a_or_aa_violation(browser, server: str, name: str, width: int) -> None:
    page, _, _ = _open(browser, server + PAGES[name], width)
    result = axe_module.Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
    )
    violations = [(v["id"], v["nodes"][0]["html"][:200]) for v in result.response["violations"]]
    assert not violations, violations
    page.close()


def test_a_marked_cell_leads_to_its_finding_and_back(browser, server: str) -> None:
    page, errors, _ = _open(browser, server + PAGES["report"], 1280)
    page.click("#cell-t3-total-total a.flag")
    finding = page.evaluate("decodeURIComponent(location.hash)")
    assert finding.startswith("#finding-")
    assert "（七）总计" in page.inner_text(finding)
    page.click(f"{finding} a[href='#cell-t3-total-total']")
    assert page.evaluate("location.hash") == "#cell-t3-total-total" and not errors
    page.close()


@pytest.mark.parametrize(
    "query, title, url",
    [
        ("巨鹿县人民政府办公室", "巨鹿县人民政府办公室2025年", "/2025/juluxianrenminzhengfubangongshi-2025/"),
        ("小店镇", "红旗区小店镇", "/2025/hongqiquxiaodianzhen-2025/"),
    ],
)
def test_search_finds_a_report_by_organ_name(browser, server: str, query: str, title: str, url: str) -> None:
    page, errors, _ = _open(browser, server, 1280)
    page.fill("#search input", query)
    page.wait_for_selector(".search-result a", timeout=15000)
    results: list[tuple[str, str]] = []
    for _ in range(50):  # results arrive one by one
        results = [(a.inner_text(), a.get_attribute("href")) for a in page.query_selector_all(".search-result a")]
        if any(title in text and "年度报告" in text for text, _ in results):
            break
        page.wait_for_timeout(200)
    assert any(title in text and "年度报告" in text and href == url for text, href in results), results
    assert all(text.endswith(("（通过）", "（有豁免的问题）")) for text, _ in results), results  # each result says how it stands
    assert not errors
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_search_filters_by_year_region_and_kind(browser, server: str, width: int) -> None:
    page, errors, _ = _open(browser, server, width)
    page.fill("#search input", "政府信息公开")
    page.wait_for_function("() => document.querySelector('.search-count').textContent.startsWith('找到')", timeout=15000)
    every = page.locator(".search-result a").count()
    page.click(".search-filters summary")  # folded until asked for
    names = page.eval_on_selector_all(".search-selects select", "s => s.map(x => x.name)")
    assert {"年度", "地区", "类别"} <= set(names), names
    page.select_option("select[name='年度']", "2024")
    links: list[str | None] = []
    for _ in range(30):
        page.wait_for_timeout(200)
        links = [a.get_attribute("href") for a in page.query_selector_all(".search-result a")]
        if len(links) == 1:
            break
    assert every == 5 and links == ["/2024/juluxianjuluzhen-2024/"], (every, links)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-filtered-{width}.png"), full_page=True)
    result = axe_module.Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
    )
    violations = [(v["id"], v["nodes"][0]["html"][:200]) for v in result.response["violations"]]
    assert not violations and not errors, (violations, errors)
    page.close()


@pytest.mark.parametrize("query", ["鲸鱼飞船", "巨鹿县人民政府办公厅", "zzqx"])
def test_a_query_no_report_holds_finds_nothing(browser, server: str, query: str) -> None:
    """Pagefind also brings back near-misses (a word of the query, a
    similar word): a result must hold every word typed."""
    page, errors, _ = _open(browser, server + "?q=" + query, 1280)
    page.wait_for_function("() => document.querySelector('.search-count').textContent", timeout=15000)
    assert page.inner_text(".search-count") == f"没有找到“{query}”"
    assert page.locator(".search-result").count() == 0 and not errors
    page.close()


@pytest.mark.parametrize("query, words", [("信息处理费", "未收取信息处理费"), ("小店镇", "2025 年，小店镇坚持")])
def test_a_result_shows_the_sentence_that_matched(browser, server: str, query: str, words: str) -> None:
    """The excerpt is the report's own sentence, the query marked, not its
    title or metadata (which the result shows already)."""
    page, errors, _ = _open(browser, server + "?q=" + query, 1280)
    page.wait_for_selector(".search-result .search-excerpt", timeout=15000)
    excerpt = page.locator(".search-result .search-excerpt").first
    assert words in excerpt.inner_text() and excerpt.locator("mark").first.inner_text() == query
    assert "年度报告（" not in excerpt.inner_text() and not errors
    page.close()


_CELLS_IN_VIEW = """(id) => [...document.querySelectorAll('#' + id + ' td')].map(td => {
    td.scrollIntoView({block: 'center', inline: 'center'});
    const r = td.getBoundingClientRect(), x = r.left + r.width / 2, at = document.elementFromPoint(x, r.top + r.height / 2);
    const clear = td === at || td.contains(at);
    document.querySelector('#' + id + ' thead').scrollIntoView({block: 'center', inline: 'nearest'});
    const heads = [...document.querySelectorAll('#' + id + ' thead tr')].map(tr => {
        const b = tr.getBoundingClientRect(), th = document.elementFromPoint(x, b.top + b.height / 2);
        return th && th.closest('th') ? th.closest('th').textContent.trim() : null;
    });
    return {clear, heads, overflow: td.scrollWidth > td.clientWidth + 1};
})"""


@pytest.mark.parametrize("table", ["t3", "t4"])
def test_on_a_phone_every_number_comes_into_view_under_its_own_header(browser, server: str, table: str) -> None:
    """At 390 px: each number of 表三 and 表四, scrolled to, is covered by
    nothing (no label or header that stays in view stands over it), its
    column's header stands above it (表四: its group's too), and nothing
    overflows its cell."""
    from nianbao.model import template as tpl
    from nianbao.portal.layout import official

    spec = tpl.load(2021).table(table)
    page, errors, _ = _open(browser, server + PAGES["report"], 390)
    assert page.locator(f"#{table}").evaluate("t => t.scrollWidth") > 390 and page.is_visible(".scroll-hint")  # it does scroll
    cells = page.evaluate(_CELLS_IN_VIEW, table)
    slots = official(spec).slots  # the numbers' order in the official layout: the page keys none of them
    assert len(cells) == len(slots) == len(spec.leaf_rows) * len(spec.leaf_columns)
    for cell, slot in zip(cells, slots):
        cell |= {"row": slot.row, "column": slot.column}
        assert cell["clear"] and not cell["overflow"], cell
        assert cell["heads"][-1] == spec.column(cell["column"]).label, cell
        if spec.official_layout == "transposed":  # 表四's first header row names the row's group: 行政复议 or 行政诉讼
            top = spec.row(cell["row"])
            while top.parent:
                top = spec.row(top.parent)
            assert cell["heads"][0] == top.label, cell
    assert not errors
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_every_number_of_the_statistics_comes_into_view_under_its_header(browser, server: str, width: int) -> None:
    """The summary tables are wider than the page: each number can be
    scrolled to, nothing covers it, and straight above it is its own
    column's header."""
    page, errors, _ = _open(browser, server + PAGES["stats"], width)
    seen = page.evaluate("""() => [...document.querySelectorAll('table.stats')].flatMap(table => {
        const heads = [...table.querySelectorAll('thead tr:last-child th')].map(th => th.textContent.trim());
        return [...table.querySelectorAll('tbody tr')].flatMap(tr => [...tr.children].map((td, i) => {
            if (td.tagName !== 'TD') return null;
            td.scrollIntoView({block: 'center', inline: 'center'});
            const r = td.getBoundingClientRect(), x = r.left + r.width / 2, at = document.elementFromPoint(x, r.top + r.height / 2);
            table.querySelector('thead').scrollIntoView({block: 'center', inline: 'nearest'});
            const h = table.querySelector('thead tr:last-child').getBoundingClientRect();
            const th = document.elementFromPoint(x, h.top + h.height / 2);
            return {clear: td === at || td.contains(at), head: th && th.closest('th') ? th.closest('th').textContent.trim() : null,
                    want: heads[i], overflow: td.scrollWidth > td.clientWidth + 1};
        })).filter(Boolean);
    })""")
    assert seen and all(c["clear"] and c["head"] == c["want"] and not c["overflow"] for c in seen), \
        [c for c in seen if not (c["clear"] and c["head"] == c["want"] and not c["overflow"])][:5]
    assert not errors
    page.close()


def test_the_explorer_sorts_filters_and_downloads_the_rows_shown(browser, server: str) -> None:
    page, errors, _ = _open(browser, server + PAGES["explore"], 1280)
    page.wait_for_selector("#explore-table tbody tr")
    assert page.locator("#explore-table tbody tr").count() == 5
    page.click("#explore-table th[data-key='new'] button")  # most new applications first
    firsts = page.locator("#explore-table tbody tr").first.locator("td").all_inner_texts()
    assert firsts[3] == "16" and page.get_attribute("#explore-table th[data-key='new']", "aria-sort") == "descending"
    page.select_option("select[name='year']", "2024")
    assert page.locator("#explore-table tbody tr").count() == 1 and "1 份" in page.inner_text("#explore-count")
    page.select_option("select[name='year']", "")
    page.fill("input[name='organ']", "镇")
    towns = page.locator("#explore-table tbody tr").count()
    assert 1 <= towns < 5
    with page.expect_download() as caught:
        page.click("#explore-download")
    text = Path(caught.value.path()).read_bytes().decode("utf-8")
    assert text.startswith("\ufefforgan,year,") and len(text.strip().split("\r\n")) == towns + 1
    assert not errors
    page.close()


@pytest.mark.parametrize("name", ["stats", "one-organ"])
def test_on_a_phone_no_chart_text_is_smaller_than_12px(browser, server: str, name: str) -> None:
    page, errors, _ = _open(browser, server + PAGES[name], 390)
    sizes = page.evaluate("""() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
    })""")
    assert sizes and min(sizes) >= 12, min(sizes)
    # Every number of a chart is on the screen without scrolling it (the longest bar's used to be cut off).
    rights = page.evaluate("() => [...document.querySelectorAll('svg.chart text.value')].map(t => t.getBoundingClientRect().right)")
    assert rights and max(rights) <= 390, rights
    titles = page.locator("figure.chart figcaption strong").all_inner_texts()
    assert name != "stats" or len(titles) == 2
    assert not errors
    page.close()



@pytest.mark.parametrize(
    "query, url",
    [("巨鹿县人民政府办公室", "/2025/juluxianrenminzhengfubangongshi-2025/"), ("红旗区小店镇", "/2025/hongqiquxiaodianzhen-2025/")],
)
def test_an_exact_organ_name_ranks_its_report_first(browser, server: str, query: str, url: str) -> None:
    page, errors, _ = _open(browser, server, 1280)
    page.fill("#search input", query)
    page.wait_for_selector(".search-result a", timeout=15000)
    links: list[str | None] = []
    for _ in range(40):  # until every part has answered: the list stays the same
        page.wait_for_timeout(300)
        now = [a.get_attribute("href") for a in page.query_selector_all(".search-result a")]
        if now == links:
            break
        links = now
    assert links and links[0] == url and not errors, links
    page.close()


def test_blank_cells_are_grouped_and_a_mark_opens_its_group(browser, server: str) -> None:
    page, errors, _ = _open(browser, server + PAGES["report-blank-cells"], 1280)
    summary = page.locator("ul.waived details summary")
    assert summary.count() == 1 and "175 处" in summary.inner_text()
    assert not page.is_visible("ul.waived details li")  # folded
    page.click("#cell-t3-new-natural a.flag")
    target = page.evaluate("location.hash")
    assert page.is_visible(target), target  # the group opened at the finding
    assert not errors
    page.close()


def test_a_search_and_an_explorer_view_can_be_linked(browser, server: str) -> None:
    """?q= runs a search, and what is typed goes into the address; the
    explorer's filters and order are read from the address and kept in it."""
    page, errors, _ = _open(browser, server + "?q=" + "巨鹿镇", 1280)
    page.wait_for_selector(".search-result a", timeout=15000)
    assert page.input_value("#search input") == "巨鹿镇"
    page.fill("#search input", "大寨镇")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '大寨镇'")
    page.close()
    page, more, _ = _open(browser, server + PAGES["explore"] + "?year=2025&sort=new&order=asc", 1280)
    page.wait_for_selector("#explore-table tbody tr")
    assert page.input_value("select[name='year']") == "2025" and page.locator("#explore-table tbody tr").count() == 4
    assert page.get_attribute("#explore-table th[data-key='new']", "aria-sort") == "ascending"
    page.select_option("select[name='kind']", "乡镇街道")
    query = page.evaluate("() => Object.fromEntries(new URLSearchParams(location.search))")
    assert query == {"year": "2025", "kind": "乡镇街道", "sort": "new", "order": "asc"}, query
    assert not errors and not more
    page.close()


def test_an_organ_whose_report_failed_is_found_by_its_name(browser, tmp_path: Path) -> None:
    """A withheld report's organ is found too (「洪泽」 found nothing when
    only published reports were indexed), and the result, marked as not
    passed, leads to its entry on the failures page."""
    from lint_support import TOWN_2021, text_of

    sources = tmp_path / "src"
    sources.mkdir()
    failing = text_of(TOWN_2021).replace("红旗区小店镇", "洪泽区岔河镇").replace("hongqiquxiaodianzhen", "hongzequchahezhen")
    (sources / "chahe.md").write_text(failing.replace("| 行政复议         |        0 |", "| 行政复议         |        3 |"), encoding="utf-8")
    site = tmp_path / "_site"
    summary = build_site(site, [REPORTS, sources])
    assert len(summary.withheld) == 1  # the sum of 行政复议 no longer holds
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page, errors, _ = _open(browser, f"http://127.0.0.1:{httpd.server_address[1]}/?q=洪泽", 1280)
        page.wait_for_selector(".search-result a", timeout=15000)
        page.wait_for_timeout(500)
        first = page.query_selector_all(".search-result a")[0]
        assert "洪泽区岔河镇" in first.inner_text() and "未通过检查" in first.inner_text()
        assert first.get_attribute("href") == "/failed/#failed-1"
        assert not errors
        page.close()
    finally:
        httpd.shutdown()
