"""Full-text search with Pagefind (its extended build segments Chinese).

Pagefind indexes one small document per report (title, organ, region and
the report's text, without its tables), not the portal's pages. It holds a
whole index in memory while building it, so a large collection is indexed
in parts of bounded size, one Pagefind run each; the search box merges the
parts (Pagefind's mergeIndex), which pagefind/parts.json lists.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .reports import Entry, document

EMPTY = '<!DOCTYPE html>\n<html lang="zh-CN"><head><title>尚无已发布的报告</title></head><body><h1>尚无已发布的报告</h1></body></html>\n'
PART_BYTES = 8_000_000  # of search documents per Pagefind run: about 400 MB of its memory


def parts(entries: Sequence[Entry]) -> list[list[Entry]]:
    """Consecutive runs of reports in (year, slug) order, each within
    PART_BYTES: the same collection is always split the same way."""
    out: list[list[Entry]] = [[]]
    size = 0
    for entry in sorted(entries, key=lambda e: (e.year, e.slug)):
        if out[-1] and size + entry.search_bytes > PART_BYTES:
            out.append([])
            size = 0
        out[-1].append(entry)
        size += entry.search_bytes
    return out


def _pagefind(site: Path, bundle: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), "--silent"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Pagefind 建立搜索索引失败：{done.stderr.strip() or done.stdout.strip()}")


@contextmanager
def _apart(documents: Path, groups: list[list[Entry]]) -> Iterator[list[Path]]:
    """Each group's documents moved out into a tree of its own, so that
    Pagefind indexes it alone; moved back afterwards."""
    trees = [documents.with_name(f"{documents.name}.{n}") for n in range(2, len(groups) + 2)]
    moves = [(documents / document(e.url), tree / document(e.url)) for tree, group in zip(trees, groups) for e in group]
    try:
        for tree in trees:
            shutil.rmtree(tree, ignore_errors=True)
            tree.mkdir()
        for home, away in moves:
            home.rename(away)
        yield trees
    finally:
        for home, away in moves:
            if away.exists():
                away.rename(home)
        for tree in trees:
            shutil.rmtree(tree, ignore_errors=True)


def index(documents: Path, entries: Sequence[Entry], bundle: Path) -> None:
    """Index the search documents in `documents` into `bundle`, the site's
    pagefind/, part by part."""
    first, *others = parts(entries)
    if not first:  # nothing published, but Pagefind needs a page: one that says so
        home = documents.with_name(f"{documents.name}.home")
        home.mkdir(exist_ok=True)
        (home / "index.html").write_text(EMPTY, encoding="utf-8")
        try:
            _pagefind(home, bundle)
        finally:
            shutil.rmtree(home)
    else:
        with _apart(documents, others) as trees:
            _pagefind(documents, bundle)
            for number, tree in enumerate(trees, start=2):
                _pagefind(tree, bundle / "parts" / str(number))
    merged = [f"parts/{n}/" for n in range(2, len(others) + 2)]
    (bundle / "parts.json").write_text(json.dumps(merged) + "\n", encoding="utf-8")
