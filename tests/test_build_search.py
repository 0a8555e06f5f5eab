"""How the search index is made: the documents split into even parts of
about equal size, two Pagefind runs at a time, each on its own core."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from nianbao.portal import search
from nianbao.portal.records import document

PINS = hasattr(os, "sched_getaffinity")  # Linux


def _urls(n: int) -> list[str]:
    return [f"2025/organ-{i:03d}-2025/" for i in range(n)]


def test_parts_are_even_in_number_about_equal_in_size_and_each_in_url_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "PART_BYTES", 100_000)
    sizes = [(url, 90 + i % 7) for i, url in enumerate(reversed(_urls(10_000)))]
    groups = search.parts(sizes)
    assert len(groups) % 2 == 0 and len(groups) >= sum(s for _, s in sizes) / 100_000
    assert sorted(u for g in groups for u in g) == sorted(u for u, _ in sizes)  # each in one part
    assert all(g == sorted(g) for g in groups)
    weight = dict(sizes)
    totals = [sum(weight[u] for u in g) for g in groups]
    assert max(totals) <= 100_000 and min(totals) >= 0.8 * sum(totals) / len(totals)
    assert search.parts(list(reversed(sizes))) == groups
    assert search.parts([("2025/a/", 10)]) == [["2025/a/"]]
    assert search.parts([]) == [[]]


@pytest.mark.parametrize("change", ["edited", "added", "removed"])
def test_a_report_that_changes_comes_or_goes_changes_only_its_own_part(monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    monkeypatch.setattr(search, "PART_BYTES", 100_000)
    sizes = [(url, 95) for url in _urls(5_000)]
    before = search.parts(sizes)
    one = "2025/organ-777-2025/" if change != "added" else "2025/organ-new-2025/"
    after = search.parts({"edited": [(u, 120 if u == one else s) for u, s in sizes], "added": sizes + [(one, 95)],
                          "removed": [(u, s) for u, s in sizes if u != one]}[change])
    assert len(after) == len(before) > 2
    changed = [(old, new) for old, new in zip(before, after) if old != new]
    assert len(changed) == (0 if change == "edited" else 1)
    assert all(one in old or one in new for old, new in changed)


def test_a_part_made_of_the_same_documents_is_taken_from_the_last_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second index of the same documents runs Pagefind for no part;
    after one document changes, for its part only; the bundles taken are
    the last build's files (hard links), without a link it held."""
    monkeypatch.setattr(search, "PART_BYTES", 400)
    urls = _urls(40)
    runs: list[list[str]] = []

    def fake(site: Path, bundle: Path, run: Path, only: list[str] | None = None) -> None:
        runs.append(list(only or []))
        bundle.mkdir(parents=True, exist_ok=True)
        (bundle / "pagefind-entry.json").write_text(json.dumps(sorted(only or [])), encoding="utf-8")

    monkeypatch.setattr(search, "_pagefind", fake)
    monkeypatch.setattr(search, "_executable", lambda: "pagefind")

    def build(n: int, edited: str | None = None) -> tuple[Path, Path]:
        documents, bundle = tmp_path / f"documents{n}", tmp_path / f"site{n}" / "pagefind"
        documents.mkdir()
        for url in urls:
            (documents / document(url)).write_text(f"<html>{url}{'（改）' if url == edited else ''}</html>", encoding="utf-8")
        previous = (tmp_path / f"documents{n - 1}", tmp_path / f"site{n - 1}") if n else None
        search.index(documents, [(u, 30) for u in urls], bundle, previous)
        return documents, bundle

    first = build(0)
    groups = search.parts([(u, 30) for u in urls])
    assert len(runs) == len(groups) > 2
    (first[1] / "parts" / "2" / "planted").symlink_to("/etc/passwd")
    runs.clear()
    second = build(1)
    assert runs == []
    entries = sorted(p.relative_to(second[1]) for p in second[1].rglob("pagefind-entry.json"))
    assert entries == sorted(p.relative_to(first[1]) for p in first[1].rglob("pagefind-entry.json"))
    assert (second[1] / "pagefind-entry.json").stat().st_ino == (first[1] / "pagefind-entry.json").stat().st_ino
    assert not (second[1] / "parts" / "2" / "planted").exists() and not (second[1] / "parts" / "2" / "planted").is_symlink()
    build(2, edited=urls[7])
    assert runs == [[document(u) for u in next(g for g in groups if urls[7] in g)]]
    (tmp_path / "documents2" / search.PARTS).write_text("[1, 2]", encoding="utf-8")  # a cache anyone may write
    runs.clear()
    build(3)
    assert len(runs) == len(groups)
    shutil.move(tmp_path / "site3" / "pagefind", tmp_path / "elsewhere")  # the last site's pagefind/ a link out of it
    (tmp_path / "site3" / "pagefind").symlink_to(tmp_path / "elsewhere")
    runs.clear()
    build(4)
    assert len(runs) == len(groups) and not any(p.is_symlink() for p in (tmp_path / "site4").rglob("*"))


def test_a_part_names_at_most_about_part_names_documents() -> None:
    """Tiny documents: the glob of a run's names stays short enough for Pagefind."""
    groups = search.parts([(url, 10) for url in _urls(5 * search.PART_NAMES)])
    assert len(groups) % 2 == 0 and max(len(g) for g in groups) <= search.PART_NAMES


def test_two_runs_at_a_time_each_on_its_own_core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    urls = _urls(12)
    for url in urls:
        (documents / document(url)).write_text("<html></html>", encoding="utf-8")
    monkeypatch.setattr(search, "PART_BYTES", 40)
    running: dict[int, frozenset[int]] = {}
    seen: list[tuple[frozenset[int], ...]] = []
    indexed: list[str] = []
    lock = threading.Lock()

    def fake(site: Path, bundle: Path, run: Path, only: list[str] | None = None) -> None:
        """Stands for Pagefind: notes the cores it may use beside the other runs'."""
        assert site == documents and only and all((site / name).is_file() for name in only)
        with lock:
            running[threading.get_ident()] = frozenset(os.sched_getaffinity(0)) if PINS else frozenset()
            seen.append(tuple(running.values()))
            indexed.extend(only)
        time.sleep(0.05)
        with lock:
            del running[threading.get_ident()]
        bundle.mkdir(parents=True, exist_ok=True)

    monkeypatch.setattr(search, "_pagefind", fake)
    search.index(documents, [(u, 13) for u in urls], tmp_path / "bundle")
    assert sorted(indexed) == sorted(document(u) for u in urls)  # each document in one run
    assert max(len(at_once) for at_once in seen) <= 2
    if PINS and len(os.sched_getaffinity(0)) >= 2:
        assert any(len(at_once) == 2 for at_once in seen)
        for at_once in seen:
            cores = [c for run in at_once for c in run]
            assert len(cores) == len(set(cores))  # never two runs on one core


def test_a_run_indexes_only_its_part_whatever_the_user_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    urls = _urls(3)
    for url in urls:
        title = f"第{url[12:15]}号机关报告"
        (documents / document(url)).write_text(
            f'<html lang="zh-CN"><head><title>{title}</title></head><body data-pagefind-meta="url:/{url}">'
            f"<h1>{title}</h1></body></html>",
            encoding="utf-8",
        )
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text("glob: nothing/*.html\n", encoding="utf-8")  # an office's own config
    monkeypatch.setenv("PAGEFIND_GLOB", "*.html")
    search._pagefind(documents, tmp_path / "bundle", tmp_path / "run", [document(u) for u in urls[1:]])
    assert len(list((tmp_path / "bundle" / "fragment").iterdir())) == 2


def test_without_pinning_two_runs_still_share_the_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system cannot pin (macOS, Windows), runs go unpinned."""
    monkeypatch.delattr(os, "sched_setaffinity", raising=False)
    assert list(search._cores()) == [None, None]
    documents = tmp_path / "documents"
    documents.mkdir()
    runs: list[list[str]] = []

    def fake(site: Path, bundle: Path, run: Path, only: list[str] | None = None) -> None:
        runs.append(list(only or []))
        bundle.mkdir(parents=True, exist_ok=True)

    monkeypatch.setattr(search, "_pagefind", fake)
    monkeypatch.setattr(search, "PART_BYTES", 40)
    for url in _urls(12):
        (documents / document(url)).write_text("<html></html>", encoding="utf-8")
    search.index(documents, [(u, 13) for u in _urls(12)], tmp_path / "bundle")
    assert len(runs) == len(search.parts([(u, 13) for u in _urls(12)])) > 2
    assert sorted(n for run in runs for n in run) == sorted(document(u) for u in _urls(12))


def test_a_failed_run_fails_the_index_and_starts_no_more(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []

    def failing(site: Path, bundle: Path, run: Path, only: list[str] | None = None) -> None:
        started.append(1)
        raise RuntimeError("Pagefind 建立搜索索引失败：测试")

    monkeypatch.setattr(search, "_pagefind", failing)
    monkeypatch.setattr(search, "PART_BYTES", 20)
    for url in _urls(40):
        (tmp_path / document(url)).write_text("<html></html>", encoding="utf-8")
    with pytest.raises(RuntimeError, match="测试"):
        search.index(tmp_path, [(u, 13) for u in _urls(40)], tmp_path / "bundle")
    assert len(started) < len(search.parts([(u, 13) for u in _urls(40)]))


def test_filter_values_are_written_the_same_way_every_run(tmp_path: Path) -> None:
    """Pagefind writes a filter's values in hash-map order, which changes
    from run to run; the bundle is rewritten in one order, and still read."""
    import gzip
    import hashlib

    site = tmp_path / "site"
    site.mkdir()
    for i in range(40):
        (site / f"r{i}.html").write_text(
            f'<html lang="zh-CN"><body><h1>报告 {i}</h1><span data-pagefind-filter="年度">{2015 + i % 11}</span>'
            f'<span data-pagefind-filter="地区">地区{i % 7}</span><span data-pagefind-filter="类别">类别{i % 3}</span>'
            "<p>本年度新收政府信息公开申请。</p></body></html>",
            encoding="utf-8",
        )
    trees = []
    for run in range(4):
        bundle = tmp_path / f"bundle{run}"
        search._pagefind(site, bundle, tmp_path / f"run{run}")
        trees.append({p.relative_to(bundle).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                      for p in sorted(bundle.rglob("*")) if p.is_file()})
    assert all(tree == trees[0] for tree in trees[1:])
    filters = sorted((tmp_path / "bundle0" / "filter").glob("*.pf_filter"))
    years = [search._read(f) for f in filters if search._read(f)[0] == "年度"][0][1]
    assert [value for value, _ in years] == [str(y) for y in range(2015, 2026)]
    assert sorted(p for _, pages in years for p in pages) == list(range(40))
    assert gzip.decompress(filters[0].read_bytes()).startswith(b"pagefind_dcd")
