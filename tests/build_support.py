"""Building the portal in tests (also used by the browser tests)."""

from __future__ import annotations

from pathlib import Path

from conftest import REPORTS, ROOT

from nianbao.portal import Summary, build

TEMPLATES = ROOT / "tool" / "nianbao" / "portal" / "theme"


SITE_URL = "https://example.org"


def build_site(out: Path, sources: list[Path] | None = None, search: bool = True) -> Summary:
    """Build the portal from content/reports (or `sources`) into `out`, as
    a deploy does (with its public address)."""
    return build([str(s) for s in sources or [REPORTS]], out, templates=TEMPLATES, search=search, site_url=SITE_URL)


def cell_rows(data: Path) -> list[dict[str, str]]:
    """The cells of every cells-<version>.csv of a site's data/, a cell a
    row (report, organ, year, status, template, table, row, column, value), file by
    file, each in its order: as a long table reads."""
    import csv

    out = []
    for path in sorted(data.glob("cells-*.csv")):
        version = path.stem.removeprefix("cells-")
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                head = {"report": row.pop("report"), "organ": row.pop("organ"), "year": row.pop("year"), "status": row.pop("status"),
                        "template": version}
                for code, value in row.items():
                    table, row_key, column = code.split(".")
                    out.append(head | {"table": table, "row": row_key, "column": column, "value": value})
    return out
