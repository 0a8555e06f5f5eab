"""Long lists on pages of at most LIST_SIZE (a province lists thousands, a
phone opens about a hundred kilobytes): a year's reports, the organs, a
region's reports and the withheld reports each hold every item on exactly
one page, in the order of the whole list; each page links every other;
a withheld report's links lead to the page it is on."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from build_support import SITE_URL, build_site
from conftest import REPORTS
from lint_support import TOWN_2021, text_of, without_waivers
from lxml import html

from nianbao.portal import pages

SIZE = 2


def _page(site: Path, url: str) -> html.HtmlElement:
    file = site / (url if url.endswith(".html") else url + "index.html")
    return html.fromstring(file.read_bytes())


def _url(href: str) -> str:
    return urlsplit(href).path.lstrip("/")


def _followed(site: Path, first: str, items: str) -> tuple[list[str], list[str]]:
    """From a list's first page by its 「下一页」 links: the pages' URLs and
    the items (the text of `items`, an XPath) of each page, in order; every
    page's pager links exactly these pages."""
    urls, found = [first], []
    while True:
        page = _page(site, urls[-1])
        shown = [node.text_content() for node in page.xpath(items)]
        assert 0 < len(shown) <= SIZE or urls == [first], urls[-1]
        found += shown
        after = page.xpath("//nav[@class='pager'][1]//a[@rel='next']/@href")
        if not after:
            break
        urls.append(_url(after[0]))
    for url in urls if len(urls) > 1 else ():  # one page has no pager
        numbered = {_url(a.get("href")) for a in _page(site, url).xpath("//nav[@class='pager'][1]//a[not(@rel)]")}
        assert numbered <= set(urls) and {urls[0], urls[-1], url} <= numbered, url
    return urls, found


def _lists(site: Path) -> dict[str, str]:
    """Each paged list's first page and the XPath of its items."""
    lists = {f"{year.name}/": "//main/ul[@class='reports']/li/a" for year in site.iterdir() if year.name.isdigit()}
    lists["organ/"] = "//main//section//ul[@class='reports']/li/a"
    for link in _page(site, "regions/").xpath("//main//ul[@class='tree']//a/@href"):
        lists[_url(link)] = "//main/ul[@class='reports']/li/a"
    return lists


def test_every_list_holds_each_item_once_in_order_over_pages_that_link_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    whole = tmp_path / "whole"
    build_site(whole, search=False)
    monkeypatch.setattr(pages, "LIST_SIZE", SIZE)
    paged = tmp_path / "paged"
    build_site(paged, search=False)
    lists = _lists(whole)
    assert lists == _lists(paged) and len(lists) >= 6
    many = 0
    for first, items in lists.items():
        urls, found = _followed(paged, first, items)
        assert found == [node.text_content() for node in _page(whole, first).xpath(items)], first
        assert len(urls) == -(-len(found) // SIZE), first
        many += len(urls) > 1
    assert many >= 3  # 2025, the organs and a region run over pages
    in_years = [title for first in lists if first[:4].isdigit() for title in _followed(paged, first, lists[first])[1]]
    in_regions = [title for first in lists if first.startswith("regions/") for title in _followed(paged, first, lists[first])[1]]
    assert len(in_years) == len(list(REPORTS.glob("*.md"))) and sorted(in_regions) == sorted(in_years)  # each report in one region
    jump = _page(paged, "organ/").xpath("//details[@id='regions-toc']//a")
    assert len(jump) >= 3
    for link in jump:  # each region: the page its first organ is on, at its heading
        page, _, anchor = link.get("href").lstrip("/").partition("#")
        assert _page(paged, page).xpath(f"string(//h2[@id='{anchor}'])") == link.text_content()
    assert _page(paged, "organ/2.html").xpath("//main//a[contains(@href, '#regions-toc')]")
    sitemap = (paged / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}/2025/2.html</loc>" in sitemap and f"<loc>{SITE_URL}/organ/3.html</loc>" in sitemap


def test_a_withheld_reports_links_lead_to_its_place_on_the_failures_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pages, "LIST_SIZE", SIZE)
    town = without_waivers(text_of(TOWN_2021))
    source = tmp_path / "src"
    source.mkdir()
    (source / "clean.md").write_text(town, encoding="utf-8")
    for n in range(5):  # five organs, each with a wrong total
        failing = town.replace("红旗区小店镇", f"红旗区{n}号镇").replace("hongqiquxiaodianzhen", f"hongqiqu{n}haozhen")
        (source / f"f{n}.md").write_text(failing.replace("| 行政复议         |        0 |", "| 行政复议         |        3 |"),
                                         encoding="utf-8")
    out = tmp_path / "site"
    build_site(out, [source], search=False)
    urls, titles = _followed(out, "failed/", "//main/section[@class='failure']/h2")
    assert urls == ["failed/", "failed/2.html", "failed/3.html"] and len(titles) == 5
    rows = [r for r in json.loads((out / "data" / "explore.json").read_text(encoding="utf-8")) if r["status"] == "未通过"]
    assert len(rows) == 5
    documents = sorted((tmp_path / ".nianbao-cache").glob("build/*/search/failed-*.html"))
    found = {html.fromstring(d.read_bytes()).xpath("string(//h1)").removesuffix("（未通过检查）"):
             html.fromstring(d.read_bytes()).xpath("string(//body/@data-pagefind-meta)").removeprefix("url:/") for d in documents}
    assert len(found) == len(rows) == 5
    for row in rows:  # the explorer's row and the search result lead to the report's section
        assert found[row["title"]] == row["url"]
        page, _, anchor = row["url"].partition("#")
        (section,) = _page(out, page).xpath(f"//section[@id='{anchor}']")
        assert row["title"] in section.text_content()


OLD_STYLE = {  # an office's own templates written before lists had pages: what they read is there as it was
    "years.html": '{% extends "base.html" %}{% block main %}{% for year, reports in by_year %}'
                  '<h2>{{ year }}</h2><ul>{% for r in reports %}<li>{{ r.title }}</li>{% endfor %}</ul>{% endfor %}{% endblock %}',
    "organs.html": '{% extends "base.html" %}{% block main %}{% for region, kinds in groups %}{% for kind, organs in kinds %}'
                   '{% for organ, url, reports in organs %}<li>{{ organ }}</li>{% endfor %}{% endfor %}{% endfor %}{% endblock %}',
    "failed.html": '{% extends "base.html" %}{% block main %}<p>共 {{ failures | length }} 份</p>{% for f in failures %}'
                   '<section id="failed-{{ loop.index }}">{{ f.organ }}</section>{% endfor %}{% endblock %}',
}


def test_an_offices_templates_from_before_pages_still_build_every_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nianbao.portal import build
    from nianbao.portal.site import THEME

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pages, "LIST_SIZE", SIZE)
    own = tmp_path / "site_templates"
    own.mkdir()
    for name, text in OLD_STYLE.items():
        (own / name).write_text(text, encoding="utf-8")
    (own / "_macros.html").write_text((THEME / "_macros.html").read_text(encoding="utf-8"), encoding="utf-8")  # as copied then
    out = tmp_path / "site"
    build([str(REPORTS)], out, templates=own, search=False)
    count = len(list(REPORTS.glob("*.md")))
    assert len(_page(out, "years/").xpath("//main//li")) == count
    assert len(_page(out, "organ/3.html").xpath("//main//li")) == count  # every organ, on each page
    assert _page(out, "2025/2.html").xpath("//main//ul[@class='reports']/li")
