"""The reports the checks withheld, with why: for a journalist they are the
news. Shown as their findings only, never as a clean page; LIST_SIZE to a
page."""

from __future__ import annotations

from collections.abc import Iterator

from . import MenuItem, Page, Site, page_of, paged

MENU = MenuItem("failed/", "未通过检查的报告", 7)


def link(place: int) -> str:
    """Where the withheld report at `place` (from 1) of the list is shown, as linked."""
    return f"{page_of(MENU.url, place)}#failed-{place}"


def pages(site: Site) -> Iterator[Page]:
    for pager, shown in paged(MENU.url, site.failures):
        # failures: all of them, as an office's own template from before pages had them reads them
        yield Page(pager.urls[pager.number - 1], "failed.html", {"shown": shown, "pager": pager, "failures": site.failures})
