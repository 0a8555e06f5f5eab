"""The regions as a tree of names, each with how many reports it has; and
a page for each region's own reports (its government's, its departments',
its towns' when they name no lower region), LIST_SIZE to a page."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from ...model.names import natural_key, slug
from ..records import Entry
from . import UNNAMED_REGION, MenuItem, Page, Site, paged

MENU = MenuItem("regions/", "按地区", 2)


@dataclass
class Region:
    name: str
    path: tuple[str, ...]  # its names from the highest, its own last
    reports: list[Entry] = field(default_factory=list)  # its own, newest year first
    children: list[Region] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Its page: its own name's pinyin, readable, and a short digest of
        its path (two 城关镇 of two counties are two pages)."""
        digest = hashlib.sha256("\0".join(self.path).encode("utf-8")).hexdigest()[:6]
        return f"{MENU.url}{slug(self.name)}-{digest}/"

    @property
    def total(self) -> int:
        """Its reports and those of every region under it."""
        return len(self.reports) + sum(child.total for child in self.children)

    def walk(self) -> Iterator[Region]:
        yield self
        for child in self.children:
            yield from child.walk()


def pages(site: Site) -> Iterator[Page]:
    tree = _tree(site.latest)
    yield Page(MENU.url, "regions.html", {"tree": tree})
    for region in (r for top in tree for r in top.walk() if r.reports):
        for pager, shown in paged(region.url, region.reports):
            yield Page(pager.urls[pager.number - 1], "region.html", {"region": region, "shown": shown, "pager": pager})


def _tree(latest: list[Entry]) -> list[Region]:
    """The regions the reports name, each region's below it in reading
    order (第2县 before 第11县), the unnamed last; their reports in the
    order of `latest`."""
    top = Region("", ())
    nodes: dict[tuple[str, ...], Region] = {(): top}
    for entry in latest:
        path: tuple[str, ...] = ()
        for name in [n or UNNAMED_REGION for n in entry.region_names] or [UNNAMED_REGION]:
            parent, path = nodes[path], (*path, name)
            if path not in nodes:
                nodes[path] = Region(name, path)
                parent.children.append(nodes[path])
        nodes[path].reports.append(entry)
    for node in nodes.values():
        node.children.sort(key=lambda r: (r.name == UNNAMED_REGION, natural_key(r.name)))
    return top.children
