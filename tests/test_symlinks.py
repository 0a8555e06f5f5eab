"""No link is followed out of the collection: a source or a kept original
that is a link is not read, not published, and said so at its place."""

from __future__ import annotations

from pathlib import Path

from build_support import build_site
from lint_support import TOWN_2021, text_of

from nianbao import pipeline


def _collection(tmp_path: Path) -> tuple[Path, Path]:
    reports = tmp_path / "reports"
    reports.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("机密：服务器口令 hunter2\n", encoding="utf-8")
    return reports, secret


def test_a_source_that_is_a_link_is_not_read(tmp_path: Path) -> None:
    reports, _ = _collection(tmp_path)
    outside = tmp_path / "elsewhere.md"
    outside.write_text(text_of(TOWN_2021), encoding="utf-8")
    (reports / "linked.md").symlink_to(outside)
    result = pipeline.run([reports])
    assert [(e.path.endswith("linked.md"), "链接" in e.message) for e in result.errors] == [(True, True)]
    site = tmp_path / "site"
    summary = build_site(site, [reports], search=False)
    assert summary.published == []
    assert not any("hunter2" in p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file())


def test_a_kept_original_that_is_a_link_is_not_published(tmp_path: Path) -> None:
    reports, secret = _collection(tmp_path)
    text = text_of(TOWN_2021).replace("slug: hongqiquxiaodianzhen-2025\n",
                                      "slug: hongqiquxiaodianzhen-2025\noriginal:\n  file: a.txt\n  sha256: '" + "0" * 64 + "'\n"
                                      "  kept: originals/hongqiquxiaodianzhen-2025.txt\n", 1)
    (reports / "report.md").write_text(text, encoding="utf-8")
    (reports / "originals").mkdir()
    (reports / "originals" / "hongqiquxiaodianzhen-2025.txt").symlink_to(secret)
    site = tmp_path / "site"
    summary = build_site(site, [reports], search=False)
    assert len(summary.published) == 1
    leaked = [p for p in site.rglob("*") if p.is_file() and b"hunter2" in p.read_bytes()]
    assert leaked == []
