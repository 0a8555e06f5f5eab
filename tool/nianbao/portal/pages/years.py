"""The list of years, and each year's reports, on pages of LIST_SIZE."""

from __future__ import annotations

from collections.abc import Iterator

from . import MenuItem, Page, Site, paged

MENU = MenuItem("years/", "按年度", 1)
PREVIEW = 10  # of each year's reports on the list of years, before the link to all of them


def pages(site: Site) -> Iterator[Page]:
    by_year = sorted(site.by_year.items(), reverse=True)
    # by_year and reports: every report, as an office's own templates from before pages had them read them
    yield Page(MENU.url, "years.html", {"years": [(year, items[:PREVIEW], len(items)) for year, items in by_year], "by_year": by_year})
    for year, items in site.by_year.items():
        for pager, shown in paged(f"{year}/", items):
            yield Page(pager.urls[pager.number - 1], "year.html", {"year": year, "shown": shown, "pager": pager, "reports": items})
