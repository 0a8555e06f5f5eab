"""The reports the checks withheld, with why: for a journalist they are the
news. Shown as their findings only, never as a clean page."""

from __future__ import annotations

from collections.abc import Iterator

from . import Page, Site


def pages(site: Site) -> Iterator[Page]:
    yield Page("failed/", "failed.html", {"failures": site.failures})
