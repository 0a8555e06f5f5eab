"""The page that documents the downloadable data in data/."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import template as tpl
from .. import data
from . import MenuItem, Page, Site

MENU = MenuItem("data/", "数据下载", 6)


def pages(site: Site) -> Iterator[Page]:
    yield Page(MENU.url, "data.html", {"count": len(site.entries), "dictionary": data.dictionary(), "sizes": site.sizes,
                                      "cells": [(data.cells_file(version), version) for version in tpl.versions()],
                                      "updated": max((e.published or "" for e in site.entries), default="")})
