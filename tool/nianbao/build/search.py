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
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from .reports import document

EMPTY = '<!DOCTYPE html>\n<html lang="zh-CN"><head><title>尚无已发布的报告</title></head><body><h1>尚无已发布的报告</h1></body></html>\n'
PART_BYTES = 4_000_000  # of search documents per Pagefind run: about 200 MB of its memory


def parts(documents: Sequence[tuple[str, int]]) -> list[list[str]]:
    """Report URLs in consecutive runs, in URL order, each run's documents
    (URL, size) within PART_BYTES: the same collection is always split the
    same way."""
    out: list[list[str]] = [[]]
    total = 0
    for url, size in sorted(documents):
        if out[-1] and total + size > PART_BYTES:
            out.append([])
            total = 0
        out[-1].append(url)
        total += size
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
def _apart(documents: Path, groups: list[list[str]]) -> Iterator[list[Path]]:
    """Each group's documents moved out into a tree of its own, so that
    Pagefind indexes it alone; moved back afterwards."""
    trees = [documents.with_name(f"{documents.name}.{n}") for n in range(2, len(groups) + 2)]
    moves = [(documents / document(url), tree / document(url)) for tree, group in zip(trees, groups) for url in group]
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


def index(documents: Path, sizes: Sequence[tuple[str, int]], bundle: Path) -> None:
    """Index the search documents in `documents`, each report's URL with
    the size of its document, into `bundle`, the site's pagefind/, part by
    part."""
    first, *others = parts(sizes)
    if not first:  # nothing published, but Pagefind needs a page: one that says so
        home = documents.with_name(f"{documents.name}.home")
        home.mkdir(exist_ok=True)
        (home / "index.html").write_text(EMPTY, encoding="utf-8")
        try:
            _pagefind(home, bundle)
        finally:
            shutil.rmtree(home)
    else:
        with _apart(documents, others) as trees, ThreadPoolExecutor(2) as runs:  # two at a time: one leaves a core idle
            sites = [(documents, bundle)] + [(tree, bundle / "parts" / str(n)) for n, tree in enumerate(trees, start=2)]
            list(runs.map(lambda run: _pagefind(*run), sites))
    merged = [f"parts/{n}/" for n in range(2, len(others) + 2)]
    (bundle / "parts.json").write_text(json.dumps(merged) + "\n", encoding="utf-8")
