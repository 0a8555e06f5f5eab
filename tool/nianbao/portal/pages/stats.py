"""Statistics: the collection's sums by year and by region, with charts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ...model import template as tpl
from ..charts import bars
from ..data import to_csv
from ..reports import OUTCOMES, Entry
from . import MenuItem, Page, Site

MENU = MenuItem("stats/", "统计", 5)

FIELDS = ("name", "reports", "new", "new_per_report", "answered", "disclosed", "review", "suits")


def pages(site: Site) -> Iterator[Page]:
    yield Page(MENU.url, "stats.html", _stats(site.entries))


def files(site: Site) -> Iterator[tuple[str, str]]:
    """The charts' numbers as CSV (with a BOM, for Excel and WPS)."""
    stats = _stats(site.entries)
    for name, key in (("stats-years", "years"), ("stats-regions", "regions")):
        rows = [{"name": label, **t, "new_per_report": f"{t['new'] / t['reports']:.1f}" if t["reports"] else "",
                 "disclosed": t["outcomes"]["disclosed"]} for label, t in stats[key].items()]
        yield f"data/{name}.csv", to_csv(FIELDS, rows)


def _stats(entries: list[Entry]) -> dict[str, Any]:
    def totals(group: list[Entry]) -> dict[str, Any]:
        def add(key: str) -> int:
            return sum(e.totals[key] for e in group)

        return {
            "reports": len(group),
            "new": add("new"),
            "answered": add("answered"),
            "outcomes": {key: add(key) for key in OUTCOMES},
            "review": add("review"),
            "suits": add("suits"),
        }

    by_year: dict[int, list[Entry]] = defaultdict(list)
    by_region: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_year[entry.year].append(entry)
        by_region["/".join(entry.region_names) or "未标注地区"].append(entry)
    years = {year: totals(group) for year, group in sorted(by_year.items())}
    regions = {name: totals(group) for name, group in sorted(by_region.items())}
    labels = {key: tpl.latest().table("t3").row(key).label for key in OUTCOMES}
    return {
        "years": years,
        "regions": regions,
        "outcome_labels": labels,
        "year_chart": bars("各年度新收政府信息公开申请数量", [(f"{y}年", t["new"]) for y, t in years.items()]),
        "region_chart": bars("各地区新收政府信息公开申请数量", [(n, t["new"]) for n, t in regions.items()]),
    }
