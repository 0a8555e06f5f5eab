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
