"""The page a missing URL shows."""

from __future__ import annotations

from collections.abc import Iterator

from . import Page, Site


def pages(site: Site) -> Iterator[Page]:
    yield Page("404.html", "404.html", listed=False)
