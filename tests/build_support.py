"""Building the portal in tests (also used by the browser tests)."""

from __future__ import annotations

import time
from pathlib import Path

from conftest import REPORTS, ROOT

from nianbao.base.paths import cache_dir
from nianbao.portal import Summary, build
from nianbao.portal.site import TRASH

TEMPLATES = ROOT / "tool" / "nianbao" / "portal" / "theme"


SITE_URL = "https://example.org"


def build_site(out: Path, sources: list[Path] | None = None, search: bool = True) -> Summary:
    """Build the portal from content/reports (or `sources`) into `out`, as
    a deploy does (with its public address), and wait until the site it
    replaced is deleted in the background: a test may delete the cache next."""
    summary = build([str(s) for s in sources or [REPORTS]], out, templates=TEMPLATES, search=search, site_url=SITE_URL)
    assert settled(), "the replaced site was not deleted within a minute"
    return summary


def settled() -> bool:
    """Whether the sites replaced by builds are deleted (waiting up to a minute for it)."""
    for _ in range(600):
        if not any(any(trash.iterdir()) for trash in cache_dir().glob(f"build/*/{TRASH}") if trash.is_dir() and not trash.is_symlink()):
            return True
        time.sleep(0.1)
    return False


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
