"""Build speed against Pelican and bare markdown-it-py, same files, same run.

Targets (issue 4), at N = 10,000: full build ≤ 0.25× Pelican building the
same Markdown files; a no-op rebuild ≤ 5% of the full build; peak memory
< 500 MB. Pelican is only a benchmark extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).parent))
from synth import compile_nianbao, generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PELICAN_CONF = """AUTHOR = "bench"
SITENAME = "bench"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
FEED_ALL_ATOM = None
RELATIVE_URLS = True
"""


def _memory(pid: int) -> tuple[int, int]:
    """(resident, proportional) set size of a process in bytes: RSS counts
    pages shared with its forked workers in each of them, PSS shares them out."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            fields = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in f if line.endswith("kB\n")}
    except OSError:
        return 0, 0
    return fields.get("Rss", 0), fields.get("Pss", 0)


def _tree_memory(root: int) -> tuple[int, int]:
    """(largest RSS of one process, sum of PSS of all) over `root` and its
    descendants, read from /proc."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as f:
                    parents[int(entry.name)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    sizes = [_memory(pid) for pid in tree]
    return max(rss for rss, _ in sizes), sum(pss for _, pss in sizes)


def timed(command: list[str], cwd: Path, memory: bool = False) -> tuple[float, int, int]:
    """Wall time of a command started with the disk settled and, when asked,
    its peak memory (largest process; the whole process tree, shared pages
    counted once), sampled every 200 ms. Sampling costs a timed run of
    several processes a few percent of a core, so time is measured without it."""
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks = [0, 0]

    def sample() -> None:
        while proc.poll() is None:
            largest, total = _tree_memory(proc.pid)
            peaks[0], peaks[1] = max(peaks[0], largest), max(peaks[1], total)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    if memory:
        sampler.start()
    _, stderr = proc.communicate()
    elapsed = time.perf_counter() - start
    if memory:
        sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{command[:4]} failed:\n{stderr[-2000:]}")
    return elapsed, peaks[0], peaks[1]


def markdown_render(paths: list[Path]) -> float:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    start = time.perf_counter()
    for path in paths:
        md.render(path.read_text(encoding="utf-8").split("---\n", 2)[2])
    return time.perf_counter() - start


def pelican_content(paths: list[Path], content: Path) -> None:
    """The same bodies as Pelican articles (its Markdown reader's metadata)."""
    content.mkdir(parents=True)
    for i, path in enumerate(paths):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        title = body.split("\n", 1)[0].lstrip("# ")
        (content / path.name).write_text(f"Title: {title}\nDate: 2026-01-01\nSlug: r{i}\n\n{body}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--no-pelican", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["NIANBAO_CACHE"] = str(root / ".nianbao-cache")  # the builds' own, removed below
        paths = generate(root / "reports", args.n)
        compile_nianbao()
        nianbao = [sys.executable, "-m", "nianbao", "build", "reports", "--out", "_site",
                   "--templates", str(ROOT / "tool" / "nianbao" / "portal" / "theme")]
        full = timed(nianbao, root)[0]
        noop = timed(nianbao, root)[0]
        for made in ("_site", ".nianbao-cache"):  # a full build again, its memory sampled
            shutil.rmtree(root / made)
        _, largest, total = timed(nianbao, root, memory=True)
        bare = markdown_render(paths)
        print(f"reports: {args.n}")
        print(f"nianbao build, full:     {full:.1f} s")
        print(f"nianbao build, no-op:    {noop:.1f} s   {noop / full:.1%} of full (target ≤ 5%)")
        print(f"markdown-it-py render:   {bare:.1f} s   build / render {full / bare:.2f}")
        print(f"peak memory, largest process: {largest / 2**20:.0f} MB (target < 500 MB)")
        print(f"peak memory, all processes:   {total / 2**20:.0f} MB")
        if args.no_pelican or shutil.which("pelican") is None:
            print("Pelican: not installed (pip install -e '.[bench]')")
            return
        pelican_content(paths, root / "pelican" / "content")
        (root / "pelican" / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
        pelican = timed(["pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"], root / "pelican")[0]
        print(f"Pelican:                 {pelican:.1f} s   nianbao / Pelican {full / pelican:.2f} (target ≤ 0.25)")


if __name__ == "__main__":
    main()
