"""The home page: the latest reports and the collection's size."""

from __future__ import annotations

from collections.abc import Iterator

from . import Page, Site


def pages(site: Site) -> Iterator[Page]:
    yield Page("", "index.html", {"latest": site.latest[:20], "count": len(site.entries),
                                  "organs": len(site.by_organ), "years": sorted(site.by_year, reverse=True)})
