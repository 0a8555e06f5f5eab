"""The list of years, and one page per year with its reports."""

from __future__ import annotations

from collections.abc import Iterator

from . import MenuItem, Page, Site

MENU = MenuItem("years/", "按年度", 1)


def pages(site: Site) -> Iterator[Page]:
    yield Page(MENU.url, "years.html", {"by_year": sorted(site.by_year.items(), reverse=True)})
    for year, items in site.by_year.items():
        yield Page(f"{year}/", "year.html", {"year": year, "reports": items})
