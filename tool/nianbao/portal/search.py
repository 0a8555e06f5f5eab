"""Full-text search with Pagefind (its extended build segments Chinese).

Pagefind indexes one small document per report (title, organ, region and
the report's text, without its tables), not the portal's pages. It holds a
whole index in memory while building it, so a large collection is indexed
in parts of bounded size, one Pagefind run each; the search box merges the
parts (Pagefind's mergeIndex), which pagefind/parts.json lists. A report
belongs to a part by its URL's hash, so that changing or adding a report
changes one part: a part whose documents are all as the last build indexed
them is taken from the last build's site, not indexed again.

Pagefind writes the values of a filter (年度, 地区, 类别) in the order of a
hash map, different from one run to the next; each bundle is rewritten in
one order (`_canonical`) so that the same reports give the same files.
"""

from __future__ import annotations

import ctypes
import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from functools import cache, partial
from pathlib import Path
from queue import Queue
from typing import Any

import cbor2

from .files import inside, remembered, write
from .records import document

EMPTY = '<!DOCTYPE html>\n<html lang="zh-CN"><head><title>尚无已发布的报告</title></head><body><h1>尚无已发布的报告</h1></body></html>\n'
PART_BYTES = 4_000_000  # of search documents per Pagefind run: about 200 MB of its memory
PART_NAMES = 2_000  # documents per run at most: Pagefind rejects a glob of many more names


def parts(documents: Sequence[tuple[str, int]]) -> list[list[str]]:
    """Report URLs in parts, each in URL order: as many as make about
    PART_BYTES each (their documents' sizes given, each counted as at least
    PART_BYTES / PART_NAMES; with a tenth to spare, as hashing does not
    share out exactly), an even number of them, so that both Pagefind runs
    stay busy to the end. A URL's part is its hash's remainder: the same
    collection is always split the same way, and a report that changes or
    comes in moves no other report to another part, unless the number of
    parts changes."""
    total = sum(max(size, PART_BYTES // PART_NAMES) for _, size in documents)
    count = max(1, -(-total * 10 // (PART_BYTES * 9)))
    count += count % 2 if count > 1 else 0
    out: list[list[str]] = [[] for _ in range(count)]
    for url in sorted(url for url, _ in documents):
        out[zlib.crc32(url.encode()) % count].append(url)
    return [group for group in out if group] or [[]]


@cache
def _executable() -> str:
    """Pagefind's binary, run directly: `python -m pagefind` would start
    Python only to find it, once for every part."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise RuntimeError("找不到 Pagefind 程序：请安装 pagefind[extended]")
    return str(found)


_prctl = getattr(ctypes.CDLL(None), "prctl", None) if sys.platform.startswith("linux") else None


def _dies_with(parent: int) -> None:
    """In the child, before Pagefind starts (Linux): end it when nianbao
    ends, even by kill -9, instead of indexing on for a build that is gone
    (and at once if nianbao ended before this was set)."""
    if _prctl is not None:
        _prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:
            os._exit(1)


def _pagefind(site: Path, bundle: Path, run: Path, only: Sequence[str] | None = None) -> None:
    """Run Pagefind over the HTML files in `site`, or over those named in
    `only`, into `bundle`. It runs in a folder of its own (`run`, which an
    interrupted build leaves inside the folders the next build clears) and
    without PAGEFIND_ variables, so that no configuration of the user's
    applies; the names go into a configuration file there, as they may be
    too many for a command line. They are report URLs made file names:
    letters, digits and hyphens, nothing a glob reads."""
    run.mkdir()
    try:
        if only is not None:
            glob = "{" + ",".join(name.removesuffix(".html") for name in only) + "}.html"
            (run / "pagefind.json").write_text(json.dumps({"glob": glob}), encoding="utf-8")
        done = subprocess.run(
            [_executable(), "--site", str(site.resolve()), "--output-path", str(bundle.resolve()), "--silent"],
            capture_output=True,
            text=True,
            cwd=run,
            env={k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")},
            preexec_fn=partial(_dies_with, os.getpid()) if _prctl else None,
        )
    finally:
        shutil.rmtree(run, ignore_errors=True)
    if done.returncode != 0:
        reason = done.stderr.strip() or done.stdout.strip()
        raise RuntimeError(f"Pagefind 建立搜索索引失败：{reason[:1000]}")
    _canonical(bundle)


_SIGNATURE = b"pagefind_dcd"  # what every Pagefind data file starts with, before its CBOR


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise RuntimeError(f"Pagefind 的索引文件格式未知：{path.name}")
    return cbor2.loads(data[len(_SIGNATURE):])


def _write(folder: Path, prefix: str, stem: str, suffix: str, value: Any, digits: int) -> str:
    """Write a Pagefind data file named by its content; its new hash."""
    data = _SIGNATURE + cbor2.dumps(value)
    name = f"{stem}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def _canonical(bundle: Path) -> None:
    """Each filter's values in order, the filters in order of name, and the
    files that name them renamed after their new content (the meta file
    lists the filter files, pagefind-entry.json the meta file)."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
        stem = language["hash"].rsplit("_", 1)[0]
        meta = _read(meta_file)
        filters = []
        for name, old in meta[3]:
            old_file = bundle / "filter" / f"{old}.pf_filter"
            filter_name, values = _read(old_file)
            values = sorted([value, sorted(pages)] for value, pages in values)
            old_file.unlink()
            filters.append([name, _write(bundle / "filter", "", stem, ".pf_filter", [filter_name, values], 7)])
        meta[3] = sorted(filters)
        meta_file.unlink()
        language["hash"] = _write(bundle, "pagefind.", stem, ".pf_meta", meta, 13)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _cores() -> Sequence[set[int] | None]:
    """The cores of each of two runs at a time, half of them each (None: no
    pinning, where the system cannot); one run alone would leave cores idle."""
    if not hasattr(os, "sched_setaffinity"):
        return [None, None]
    cpus = sorted(os.sched_getaffinity(0))
    return [set(cpus[i::2]) for i in range(min(2, len(cpus)))]


def _index_part(documents: Path, cores: Queue[set[int] | None], urls: list[str], bundle: Path) -> None:
    """Index a part in its own run, on cores no other run uses: Pagefind's
    many threads otherwise contend across them (7% more CPU time on two
    cores)."""
    mine = cores.get()
    try:
        if mine is not None:
            with suppress(OSError):  # only an optimisation: a sandbox may refuse it
                os.sched_setaffinity(0, mine)  # this thread's, which the run inherits
        _pagefind(documents, bundle, documents / f".run-{bundle.name}", [document(url) for url in urls])
    finally:
        cores.put(mine)


PARTS = ".parts.json"  # among the documents: the digest of each part's bundle, by its folder in pagefind/


def _digest(documents: Path, urls: list[str], count: int, base: str) -> str:
    """What a part's bundle is made of: its documents' bytes, how many parts
    there are, and `base` (nianbao's code and libraries, Pagefind among
    them: a withheld report's document carries no key of its own)."""
    digest = hashlib.sha256(f"{base} {count}".encode())
    for url in urls:
        digest.update(url.encode() + b"\0" + hashlib.sha256((documents / document(url)).read_bytes()).digest())
    return digest.hexdigest()


def _reused(previous: Path | None, before: dict[str, str], digest: str, folder: str, bundle: Path) -> bool:
    """Link a part's bundle from the last build's site when it was made of
    the same documents (never following a link out of it). The first part,
    pagefind/ itself, is taken or not before the others are put inside it;
    the list of parts is written anew."""
    found = inside(previous, folder) if previous is not None else None
    if found is None or before.get(folder) != digest or not (found / "pagefind-entry.json").is_file():
        return False

    def left_out(at: str, names: list[str]) -> list[str]:  # the other parts and their list, and any link
        return [n for n in names if (Path(at) == found and n in ("parts", "parts.json")) or (Path(at) / n).is_symlink()]

    try:
        shutil.copytree(found, bundle, copy_function=os.link, ignore=left_out, dirs_exist_ok=True)
    except OSError:
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    return True


def index(documents: Path, sizes: Sequence[tuple[str, int]], bundle: Path,
          previous: tuple[Path, Path] | None = None, base: str = "") -> None:
    """Index the search documents in `documents`, each report's URL with
    the size of its document, into `bundle`, the site's pagefind/, part by
    part: the first into `bundle`, the others into bundle/parts/<n>/.
    `previous`: the last build's documents and its site, whose parts are
    taken as they are when made of the same documents under the same
    `base` (the digest of nianbao's code and libraries)."""
    groups = parts(sizes)
    if not groups[0]:  # nothing published, but Pagefind needs a page: one that says so
        home = documents / ".home"  # inside: what an interrupted build leaves, the next one clears
        home.mkdir()
        (home / "index.html").write_text(EMPTY, encoding="utf-8")
        try:
            _pagefind(home, bundle, documents / ".run")
        finally:
            shutil.rmtree(home)
    else:
        folders = ["."] + [f"parts/{n}" for n in range(2, len(groups) + 1)]
        digests = {folder: _digest(documents, urls, len(groups), base) for folder, urls in zip(folders, groups)}
        before = remembered(previous[0] / PARTS) if previous else {}
        old = inside(previous[1], "pagefind") if previous else None
        todo = [(urls, bundle / folder) for folder, urls in zip(folders, groups)
                if not _reused(old, before, digests[folder], folder, bundle / folder)]
        cores: Queue[set[int] | None] = Queue()
        for mine in _cores():
            cores.put(mine)
        with ThreadPoolExecutor(cores.qsize()) as runs:  # a failed run cancels the parts not yet started
            if todo:
                list(runs.map(partial(_index_part, documents, cores), *zip(*todo)))
        (documents / PARTS).write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
    merged = [f"parts/{n}/" for n in range(2, len(groups) + 1)]
    write(bundle / "parts.json", json.dumps(merged) + "\n")
