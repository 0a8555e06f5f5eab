"""The list of organs, and one page per organ with its reports."""

from __future__ import annotations

from collections.abc import Iterator

from ..charts import bars
from . import MenuItem, Page, Site, by_name, organ_names

MENU = MenuItem("organ/", "按机关", 3)


def pages(site: Site) -> Iterator[Page]:
    organs = by_name([(organ_names(items), url, items) for url, items in site.by_organ.items()])
    yield Page(MENU.url, "organs.html", {"organs": organs})
    for url, items in site.by_organ.items():
        yearly = sorted(items, key=lambda e: (e.year, e.slug))
        chart = bars(f"{organ_names(items)}：历年新收政府信息公开申请（件）", [(f"{e.year}年", e.totals["new"]) for e in yearly])
        yield Page(url, "organ.html", {"organ": organ_names(items), "reports": items, "yearly": yearly, "chart": chart,
                                       "rate": _rate})


def _rate(part: int, whole: int) -> str:
    """A share in percent with one decimal, or 「—」 when there is nothing to share."""
    return f"{part * 100 / whole:.1f}%" if whole else "—"
