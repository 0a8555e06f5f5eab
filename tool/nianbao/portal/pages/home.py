"""The home page: the latest reports and the collection's size."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ...model.finding import Status
from . import Page, Site


def pages(site: Site) -> Iterator[Page]:
    standing = Counter(e.status for e in site.entries)
    yield Page("", "index.html", {"latest": site.newest[:20], "count": len(site.entries),
                                  "passed": standing[Status.PASSED], "waived": standing[Status.WAIVED],
                                  "failed": len(site.failures), "organs": len(site.by_organ),
                                  "years": sorted(site.by_year, reverse=True)})
