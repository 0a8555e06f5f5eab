"""The page that documents the downloadable data in data/."""

from __future__ import annotations

from collections.abc import Iterator

from .. import data
from . import Page, Site


def pages(site: Site) -> Iterator[Page]:
    yield Page("data/", "data.html", {"count": len(site.entries), "dictionary": data.dictionary(), "sizes": site.sizes,
                                      "updated": max((e.published or "" for e in site.entries), default="")})
