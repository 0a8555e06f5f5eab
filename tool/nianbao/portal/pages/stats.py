"""Statistics: the collection's headline figures summed by year and by
region (a blank cell never counts as 0: each sum says how many reports
left it blank), with charts of the charted figure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ...model import template as tpl
from .. import figures
from ..charts import bars
from ..data import to_csv
from ..records import Entry
from . import UNNAMED_REGION, MenuItem, Page, Site

MENU = MenuItem("stats/", "统计", 5)


def pages(site: Site) -> Iterator[Page]:
    yield Page(MENU.url, "stats.html", _stats(site.entries))


def _fields() -> tuple[str, ...]:
    """The columns of data/stats-*.csv: each figure, and for a count how
    many reports left it blank."""
    chart = figures.charted().key
    out = ["name", "reports"]
    for f in (*figures.headline(), *figures.breakdown()):
        out += [f.key] if f.rate else [f.key, f"{f.key}_blank"]
        out += [f"{chart}_per_report"] if f.key == chart else []
    return tuple(out)


def files(site: Site) -> Iterator[tuple[str, str]]:
    """The tables' numbers as CSV (with a BOM, for Excel and WPS); an
    unknown sum is an empty field."""
    stats = _stats(site.entries)
    chart = figures.charted().key
    for name, key in (("stats-years", "years"), ("stats-regions", "regions"), ("stats-kinds", "kinds")):
        rows = []
        for label, group in stats[key].items():
            row: dict[str, Any] = {"name": label, "reports": group["reports"]}
            for k, total in group["sums"].items():
                row |= {k: "" if total.value is None else total.value, f"{k}_blank": total.unknown}
            average = group["sums"][chart].average
            rows.append(row | {f"{chart}_per_report": "" if average is None else f"{average:.1f}"})
        yield f"data/{name}.csv", to_csv(_fields(), rows)


def _stats(entries: list[Entry]) -> dict[str, Any]:
    def group(items: list[Entry]) -> dict[str, Any]:
        sums = figures.summed(e.totals for e in items)
        cells = {f.key: _cell(sums[f.key], f) for f in (*figures.headline(), *figures.breakdown())}
        return {"reports": len(items), "sums": sums, "cells": cells}

    by_year: dict[int, list[Entry]] = defaultdict(list)
    by_region: dict[str, list[Entry]] = defaultdict(list)
    by_kind: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_year[entry.year].append(entry)
        by_region["/".join(entry.region_names) or UNNAMED_REGION].append(entry)
        by_kind[entry.kind or "未标注类型"].append(entry)
    years = {year: group(items) for year, items in sorted(by_year.items())}
    regions = {name: group(items) for name, items in sorted(by_region.items())}
    order = list(tpl.organ_kinds())  # as the template lists them: 本级人民政府, 政府部门, 乡镇街道
    kinds = {kind: group(by_kind[kind]) for kind in sorted(by_kind, key=lambda k: (order.index(k) if k in order else len(order), k))}
    chart = figures.charted()
    return {
        "years": years,
        "regions": regions,
        "kinds": kinds,
        "headline": figures.headline(),
        "breakdown": figures.breakdown(),
        "charted": chart,
        "year_chart": bars(f"各年度{chart.chart}数量", [(f"{y}年", t["sums"][chart.key].value) for y, t in years.items()]),
        "region_chart": bars(f"各地区{chart.chart}数量", [(n, t["sums"][chart.key].value) for n, t in regions.items()]),
    }


def _cell(total: figures.Sum, figure: Any) -> str:
    """A sum as the table shows it: the figure, and how many reports left it blank."""
    text = figures.shown(total.value, figure)
    return f"{text}（{total.unknown} 份未填）" if total.unknown and total.known else text
