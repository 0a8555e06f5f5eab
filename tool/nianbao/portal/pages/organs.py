"""The list of organs, and one page per organ with its reports."""

from __future__ import annotations

from collections.abc import Iterator

from . import Page, Site, by_name, organ_names


def pages(site: Site) -> Iterator[Page]:
    organs = by_name([(organ_names(items), url, items) for url, items in site.by_organ.items()])
    yield Page("organ/", "organs.html", {"organs": organs})
    for url, items in site.by_organ.items():
        yield Page(url, "organ.html", {"organ": organ_names(items), "reports": items})
