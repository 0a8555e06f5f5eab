"""Portal pages: one module per kind of page, found by the registry; a new
page is one module and a template."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from build_support import TEMPLATES
from conftest import REPORTS

from nianbao.portal import build, pages

NEW_PAGE = '''
from collections.abc import Iterator

from nianbao.portal.pages import Page, Site


def pages(site: Site) -> Iterator[Page]:
    yield Page("kinds/", "kinds.html", {"count": len({e.kind for e in site.entries})})
'''


def test_every_page_module_is_found() -> None:
    names = {m.__name__.rsplit(".", 1)[1] for m in pages.registry()}
    files = {p.stem for p in Path(pages.__file__).parent.glob("*.py") if p.stem != "__init__"}
    assert names == files and "home" in names


def test_a_new_page_is_one_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    more = tmp_path / "more_pages"
    more.mkdir()
    (more / "kinds.py").write_text(NEW_PAGE, encoding="utf-8")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "kinds.html").write_text(
        '{% extends "base.html" %}{% block main %}<p>机关类型 {{ count }} 种</p>{% endblock %}', encoding="utf-8"
    )
    monkeypatch.setattr(pages, "__path__", [*pages.__path__, str(more)])
    pages.registry.cache_clear()
    try:
        build([str(REPORTS)], tmp_path / "site", templates=templates, search=False, site_url="https://example.org")
    finally:
        pages.registry.cache_clear()
    kinds = len({line for p in REPORTS.glob("*.md") for line in p.read_text(encoding="utf-8").split("\n")
                 if line.startswith("kind:")})
    assert f"机关类型 {kinds} 种" in (tmp_path / "site" / "kinds" / "index.html").read_text(encoding="utf-8")
    assert "/kinds/</loc>" in (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
