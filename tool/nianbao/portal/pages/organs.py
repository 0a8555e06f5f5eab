"""The list of organs by region, LIST_SIZE to a page, and one page per
organ with its reports."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import template as tpl
from ...model.names import natural_key
from .. import figures
from ..charts import bars
from ..records import Entry
from . import UNNAMED_REGION, MenuItem, Page, Site, by_name, organ_names, page_of, paged

MENU = MenuItem("organ/", "按机关", 3)


def pages(site: Site) -> Iterator[Page]:
    organs = by_name([(organ_names(items), url, items) for url, items in site.by_organ.items()])
    groups = _grouped(organs)
    listed = [(n, region, kind, organ) for n, (region, kinds) in enumerate(groups, start=1) for kind, items in kinds for organ in items]
    starts: dict[int, tuple[str, str]] = {}  # each region: its name, where its first organ is
    for place, (n, region, _, _) in enumerate(listed, start=1):
        starts.setdefault(n, (region, f"{page_of(MENU.url, place)}#region-{n}"))
    for pager, shown in paged(MENU.url, listed):
        regions: dict[int, tuple[str, dict[str, list[tuple[str, str, list[Entry]]]]]] = {}
        for n, region, kind, organ in shown:
            regions.setdefault(n, (region, {}))[1].setdefault(kind, []).append(organ)
        yield Page(pager.urls[pager.number - 1], "organs.html",
                   {"regions": [(n, region, list(kinds.items())) for n, (region, kinds) in regions.items()],
                    "toc": list(starts.values()), "pager": pager,
                    "groups": groups})  # every organ, as an office's own template from before pages had them reads them
    chart = figures.charted()
    for url, items in site.by_organ.items():
        latest = max(items, key=lambda e: (e.year, e.slug))
        yearly = sorted(items, key=lambda e: (e.year, e.slug))
        drawn = bars(f"{organ_names(items)}：历年{chart.chart}（件）", [(f"{e.year}年", e.totals.get(chart.key)) for e in yearly])
        rows = [(e, [figures.shown(e.totals.get(f.key), f, f.key in e.totals) for f in figures.headline()]) for e in yearly]
        yield Page(url, "organ.html", {"organ": organ_names(items), "latest": latest, "reports": items, "rows": rows, "chart": drawn,
                                       "figures": figures.headline(), "charted": chart, "yearly": yearly}, repr(items))


def _grouped(organs: list[tuple[str, str, list[Entry]]]) -> list[tuple[str, list[tuple[str, list[tuple[str, str, list[Entry]]]]]]]:
    """The organs by region (as their latest report names it; unnamed last),
    then by kind in the template's order, each in reading order."""
    regions: dict[str, dict[str, list[tuple[str, str, list[Entry]]]]] = {}
    for organ in organs:
        latest = max(organ[2], key=lambda e: (e.year, e.slug))
        region = " / ".join(latest.region_names) or UNNAMED_REGION
        regions.setdefault(region, {}).setdefault(latest.kind, []).append(organ)
    kinds = list(tpl.organ_kinds())
    order = sorted(regions, key=lambda r: (r == UNNAMED_REGION, natural_key(r)))
    return [(r, sorted(regions[r].items(), key=lambda k: (kinds.index(k[0]) if k[0] in kinds else len(kinds), k[0])))
            for r in order]
