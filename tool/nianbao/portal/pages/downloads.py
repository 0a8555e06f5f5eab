"""The page that documents the downloadable data in data/."""

from __future__ import annotations

from collections.abc import Iterator

from . import Page, Site


def pages(site: Site) -> Iterator[Page]:
    yield Page("data/", "data.html", {"count": len(site.entries)})
