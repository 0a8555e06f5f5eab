"""The list of years, and one page per year with its reports."""

from __future__ import annotations

from collections.abc import Iterator

from . import Page, Site


def pages(site: Site) -> Iterator[Page]:
    yield Page("years/", "years.html", {"by_year": sorted(site.by_year.items(), reverse=True)})
    for year, items in site.by_year.items():
        yield Page(f"{year}/", "year.html", {"year": year, "reports": items})
