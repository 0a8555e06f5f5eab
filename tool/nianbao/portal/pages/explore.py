"""The explorer: every published report a row, its key figures as columns,
sorted and filtered in the browser by a small script of ours (no request
leaves the site), the rows shown downloadable as CSV. The rows are one JSON
file, data/explore.json."""

from __future__ import annotations

from collections.abc import Iterator

from ...model.finding import Status
from ...model.names import natural_key
from .. import figures
from ..data import json_list
from ..files import Text
from ..records import Entry, Failure
from . import UNNAMED_REGION, MenuItem, Page, Site, failed

MENU = MenuItem("explore/", "浏览与比较", 4)

FILE = "data/explore.json"


def pages(site: Site) -> Iterator[Page]:
    years = sorted(site.by_year, reverse=True)
    everyone: list[Entry | Failure] = [*site.entries, *site.failures]
    regions = sorted({_city(e) for e in everyone}, key=natural_key)
    kinds = sorted({e.kind for e in everyone if e.kind})
    yield Page(MENU.url, "explore.html", {"years": years, "regions": regions, "kinds": kinds, "figures": figures.headline(),
                                            "count": len(site.entries), "failed": len(site.failures), "rows": FILE})


def _city(report: Entry | Failure) -> str:
    """What the region filter offers: the city (the second level), or the
    province when that is all there is."""
    names = report.region_names or (UNNAMED_REGION,)
    return names[1] if len(names) > 1 else names[0]


def files(site: Site) -> Iterator[tuple[str, Text]]:
    yield FILE, json_list(_rows(site))


def _rows(site: Site) -> Iterator[dict[str, object]]:
    """One row a report: what the explorer shows and filters by. A figure
    is a number, null when unknown (a blank cell), absent when it does not
    apply (not in its template; not published for a failed report)."""
    for e in site.latest:
        yield {
            "title": e.title, "url": e.url, "organ": e.organ, "organ_url": e.organ_url, "kind": e.kind, "year": e.year,
            "region": "/".join(e.region_names) or UNNAMED_REGION, "city": _city(e), "status": e.status,
            **{f.key: e.totals[f.key] for f in figures.headline() if f.key in e.totals},
        }
    for i, f in enumerate(site.failures, start=1):  # their figures are not published: only why they failed
        yield {
            "title": f.title or f.name, "url": failed.link(i), "organ": f.organ or f.name, "kind": f.kind,
            "year": f.year, "region": "/".join(f.region_names) or UNNAMED_REGION, "city": _city(f), "status": Status.FAILED,
        }
