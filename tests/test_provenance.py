"""The original and its provenance: import records the document's name and
SHA-256 (and the URL and date when given) and can keep a copy; the report
page links to both the source page and the kept document, never to a kept
web page (its scripts would run as the portal's)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from build_support import build_site
from lint_support import TOWN_2021, text_of
from lxml import html
from markdown_it import MarkdownIt

from nianbao.cli import main
from nianbao.source import parse_file


@pytest.mark.parametrize("suffix, linked", [(".md", True), (".html", False)])
def test_import_keeps_the_original_and_the_page_links_it(tmp_path: Path, suffix: str, linked: bool) -> None:
    body = text_of(TOWN_2021).split("---\n", 2)[2]
    original = tmp_path / f"小店镇2025年报{suffix}"
    page = MarkdownIt("commonmark").enable("table").render(body)
    original.write_text(body if suffix == ".md" else f"<html><body>{page}<script>alert(1)</script></body></html>",
                        encoding="utf-8")
    out = tmp_path / "reports"
    assert main(["import", str(original), "--out", str(out), "--keep-original", "--url", "https://www.example.gov.cn/a.html",
                 "--published", "2026-01-15"]) == 0
    (source,) = out.glob("*.md")
    meta = parse_file(source).meta
    assert meta.original.file == original.name
    assert meta.original.sha256 == hashlib.sha256(original.read_bytes()).hexdigest()
    assert meta.source_url == "https://www.example.gov.cn/a.html" and meta.published.isoformat() == "2026-01-15"
    kept = out / meta.original.kept
    assert kept.read_bytes() == original.read_bytes() and kept.parent.name == "originals"
    site = tmp_path / "site"
    summary = build_site(site, [out], search=False)
    assert summary.published == [str(source)]  # the kept copy is not taken for a source
    folder = site / "2025" / meta.slug
    page = html.fromstring((folder / "index.html").read_bytes())
    assert page.xpath("//a[@href='https://www.example.gov.cn/a.html']")
    assert bool(page.xpath(f"//a[@href='original{suffix}']")) == linked
    assert (folder / f"original{suffix}").exists() == linked
    assert meta.original.sha256[:16] in page.text_content()
