"""The reports the checks withheld, with why: for a journalist they are the
news. Shown as their findings only, never as a clean page."""

from __future__ import annotations

from collections.abc import Iterator

from . import MenuItem, Page, Site

MENU = MenuItem("failed/", "未通过检查的报告", 7)


def pages(site: Site) -> Iterator[Page]:
    yield Page(MENU.url, "failed.html", {"failures": site.failures})
