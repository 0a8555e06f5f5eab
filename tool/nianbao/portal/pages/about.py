"""说明: how to read the site. What is checked and how (each rule in
plain words, the target of every finding's link), what a blank means, how
figures and rates are computed, and the template's words."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import template as tpl
from .. import figures
from . import MenuItem, Page, Site

MENU = MenuItem("about/", "说明", 8)


def pages(site: Site) -> Iterator[Page]:
    rates = [f for f in figures.headline() if f.rate]
    counts = {f.key: f.label for f in tpl.figures()}
    yield Page(MENU.url, "about.html", {
        "rules": site.rules,
        "glossary": tpl.glossary(),
        "rates": [(f.label, counts[f.of or ""], counts[f.per or ""]) for f in rates],
        "versions": [tpl.load(v) for v in tpl.versions()],
        "unknown": figures.UNKNOWN, "none": figures.NONE,
    })
