"""The pages that list and sum up the collection: home, years, regions,
organs, statistics, 404, and the sitemap, feed and robots.txt."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from .. import template as tpl
from .charts import bars
from .render import page
from .reports import OUTCOMES, Entry, Options


def _region_tree(entries: list[Entry]) -> list[dict[str, Any]]:
    nested: dict[str, Any] = {}
    for entry in sorted(entries, key=lambda e: (e.region_names, -e.year, e.organ)):
        node = nested
        for name in entry.region_names or ("未标注地区",):
            node = node.setdefault(name, {})
        node.setdefault("", []).append(entry)

    def walk(node: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"name": name, "reports": child.get("", []), "children": walk(child)}
            for name, child in sorted(node.items())
            if name
        ]

    return walk(nested)


def _stats(entries: list[Entry]) -> dict[str, Any]:
    def totals(group: list[Entry]) -> dict[str, Any]:
        def add(key: str) -> int:
            return sum(e.totals[key] for e in group)

        return {
            "reports": len(group),
            "new": add("new"),
            "outcomes": {key: add(key) for key in OUTCOMES},
            "review": add("review"),
            "suits": add("suits"),
        }

    by_year: dict[int, list[Entry]] = defaultdict(list)
    by_region: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_year[entry.year].append(entry)
        by_region["/".join(entry.region_names) or "未标注地区"].append(entry)
    years = {year: totals(group) for year, group in sorted(by_year.items())}
    regions = {name: totals(group) for name, group in sorted(by_region.items())}
    labels = {key: tpl.latest().table("t3").row(key).label for key in OUTCOMES}
    return {
        "years": years,
        "regions": regions,
        "outcome_labels": labels,
        "year_chart": bars("各年度新收政府信息公开申请数量", [(f"{y}年", t["new"]) for y, t in years.items()]),
        "region_chart": bars("各地区新收政府信息公开申请数量", [(n, t["new"]) for n, t in regions.items()]),
    }


def _sitemap(urls: list[str], site_url: str) -> str:
    body = "".join(f"<url><loc>{xml_escape(site_url + u)}</loc></url>\n" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n'


def _feed(entries: list[Entry], site_url: str) -> str:
    def when(e: Entry) -> str:
        return e.published or f"{e.year + 1}-01-01"

    items = sorted(entries, key=lambda e: (when(e), e.slug), reverse=True)
    updated = when(items[0]) if items else "1970-01-01"
    body = "".join(
        f"<entry><title>{xml_escape(e.title)}</title><id>{xml_escape(site_url + e.url)}</id>"
        f'<link href="{xml_escape(site_url + e.url)}"/><updated>{when(e)}T00:00:00Z</updated>'
        f"<author><name>{xml_escape(e.organ)}</name></author></entry>\n"
        for e in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">\n'
        f"<title>政府信息公开工作年度报告</title><id>{xml_escape(site_url)}</id>"
        f'<link href="{xml_escape(site_url)}"/><link rel="self" href="{xml_escape(site_url)}feed.xml"/>'
        f"<updated>{updated}T00:00:00Z</updated>\n{body}</feed>\n"
    )


def _names(entries: list[Entry]) -> str:
    """The organ names of one organ page: names that fold alike share it."""
    return "、".join(sorted({e.organ for e in entries}))


def pages(entries: list[Entry], options: Options) -> Iterator[tuple[str, str]]:
    """Every page and file of the site that is not a report's: (path, text),
    one at a time, as thousands of organs have a page each."""

    def render(name: str, **context: Any) -> str:
        return page(options.templates, options.base, name, **context)

    latest = sorted(entries, key=lambda e: (-e.year, e.published or "", e.organ, e.slug))
    by_year: dict[int, list[Entry]] = defaultdict(list)
    by_organ: dict[str, list[Entry]] = defaultdict(list)  # by the organ's URL: names that fold alike share it
    for entry in latest:
        by_year[entry.year].append(entry)
        by_organ[entry.organ_url].append(entry)
    yield "404.html", render("404.html")
    listed = {
        "": lambda: render(
            "index.html", latest=latest[:20], count=len(entries), organs=len(by_organ), years=sorted(by_year, reverse=True)
        ),
        "years/": lambda: render("years.html", by_year=sorted(by_year.items(), reverse=True)),
        "regions/": lambda: render("regions.html", tree=_region_tree(entries)),
        "organ/": lambda: render("organs.html", organs=sorted((_names(items), url, items) for url, items in by_organ.items())),
        "stats/": lambda: render("stats.html", **_stats(entries)),
        "data/": lambda: render("data.html", count=len(entries)),
    }
    for url, make in listed.items():
        yield url + "index.html", make()
    for year, items in by_year.items():
        yield f"{year}/index.html", render("year.html", year=year, reports=items)
    for url, items in by_organ.items():
        yield url + "index.html", render("organ.html", organ=_names(items), reports=items)
    urls = [*listed, *(f"{year}/" for year in by_year), *by_organ, *(e.url for e in entries)]
    yield "sitemap.xml", _sitemap(sorted(urls), options.site_url)
    yield "feed.xml", _feed(entries, options.site_url)
    yield "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {options.site_url}sitemap.xml\n"
