"""The list of organs, and one page per organ with its reports."""

from __future__ import annotations

from collections.abc import Iterator

from .. import figures
from ..charts import bars
from . import MenuItem, Page, Site, by_name, organ_names

MENU = MenuItem("organ/", "按机关", 3)


def pages(site: Site) -> Iterator[Page]:
    organs = by_name([(organ_names(items), url, items) for url, items in site.by_organ.items()])
    yield Page(MENU.url, "organs.html", {"organs": organs})
    chart = figures.charted()
    for url, items in site.by_organ.items():
        yearly = sorted(items, key=lambda e: (e.year, e.slug))
        drawn = bars(f"{organ_names(items)}：历年{chart.chart}（件）", [(f"{e.year}年", e.totals.get(chart.key)) for e in yearly])
        rows = [(e, [figures.shown(e.totals.get(f.key), f, f.key in e.totals) for f in figures.headline()]) for e in yearly]
        yield Page(url, "organ.html", {"organ": organ_names(items), "reports": items, "rows": rows, "chart": drawn,
                                       "figures": figures.headline(), "charted": chart, "yearly": yearly})
