"""The page that documents the downloadable data in data/."""

from __future__ import annotations

from collections.abc import Iterator

from .. import data
from . import MenuItem, Page, Site

MENU = MenuItem("data/", "数据下载", 6)


def pages(site: Site) -> Iterator[Page]:
    yield Page(MENU.url, "data.html", {"count": len(site.entries), "dictionary": data.dictionary(), "sizes": site.sizes,
                                      "updated": max((e.published or "" for e in site.entries), default="")})
