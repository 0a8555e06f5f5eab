"""The reports by region, as a tree of region names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..records import Entry
from . import MenuItem, Page, Site

MENU = MenuItem("regions/", "按地区", 2)


def pages(site: Site) -> Iterator[Page]:
    yield Page(MENU.url, "regions.html", {"tree": _tree(site.entries)})


def _tree(entries: list[Entry]) -> list[dict[str, Any]]:
    nested: dict[str, Any] = {}
    for entry in sorted(entries, key=lambda e: (e.region_names, -e.year, e.organ)):
        node = nested
        for name in entry.region_names or ("未标注地区",):
            node = node.setdefault(name, {})
        node.setdefault("", []).append(entry)

    def walk(node: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"name": name, "reports": child.get("", []), "children": walk(child)}
            for name, child in sorted(node.items())
            if name
        ]

    return walk(nested)
