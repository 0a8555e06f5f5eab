"""Build speed and site size against Hugo and Pelican, same reports, same run.

Targets (issue 31), at N = 10,000 on this machine's file system: a cold
build at most 1.0× Hugo and 0.25× Pelican building the same Markdown
files; one changed report at most 5% of a cold build, search included; a
no-op rebuild under 2%; the site at most 40 KB a report in all (data/ and
search included); peak memory of all processes under 1 GB. Hugo is Debian's
package (apt-get install hugo); Pelican a benchmark extra
(pip install -e '.[bench]'); each is skipped, with a message, when missing.

    python3 bench/build_bench.py --n 10000 [--repeat 3]

With --repeat the cold builds of the three are interleaved and the median
of each printed: the machine is shared, so read the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).parent))
from synth import compile_nianbao, generate  # noqa: E402

from nianbao.portal.site import TRASH  # noqa: E402

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


def _command(name: str) -> str | None:
    """A peer's program: beside this Python (a venv's, not on PATH) or on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.is_file() else shutil.which(name)


def _bodies(paths: list[Path]) -> list[tuple[str, str]]:
    """(title, Markdown body) of each report, as the peers read them."""
    out = []
    for path in paths:
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        out.append((body.lstrip().split("\n", 1)[0].lstrip("# "), body))
    return out


def pelican_site(paths: list[Path], root: Path) -> list[str]:
    """The same bodies as Pelican articles (its Markdown reader's metadata);
    the command that builds them."""
    (root / "content").mkdir(parents=True)
    for i, (title, body) in enumerate(_bodies(paths)):
        (root / "content" / f"r{i}.md").write_text(f"Title: {title}\nDate: 2026-01-01\nSlug: r{i}\n\n{body}", encoding="utf-8")
    (root / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    return [str(_command("pelican")), "content", "-o", "output", "-s", "pelicanconf.py", "-q"]


HUGO_CONF = """baseURL = "/"
title = "bench"
languageCode = "zh-cn"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
"""
HUGO_SINGLE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{ .Title }}</title></head>
<body><header><a href="/">bench</a></header><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""
HUGO_LIST = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
"""


def hugo_site(paths: list[Path], root: Path) -> list[str]:
    """The same bodies as Hugo pages (YAML front matter, Goldmark's tables),
    with a minimal layout of our own; the command that builds them."""
    (root / "content" / "reports").mkdir(parents=True)
    for i, (title, body) in enumerate(_bodies(paths)):
        (root / "content" / "reports" / f"r{i}.md").write_text(
            f"---\ntitle: \"{title}\"\ndate: 2026-01-01\n---\n\n{body}", encoding="utf-8")
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (root / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (root / "layouts" / "index.html").write_text(HUGO_LIST, encoding="utf-8")
    (root / "hugo.toml").write_text(HUGO_CONF, encoding="utf-8")
    return [str(_command("hugo")), "--quiet", "-d", "public", "--cacheDir", str(root / "cache")]  # its own, cleared before each build


def site_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of everything in a built site."""
    size = count = 0
    for entry in folder.rglob("*"):
        if entry.is_file():
            size, count = size + entry.stat().st_size, count + 1
    return size, count


def settle(cache: Path) -> None:
    """Wait until the sites that builds replaced are deleted (in the
    background, after each build): what is measured next has the machine to itself."""
    while any(any(trash.iterdir()) for trash in cache.glob(f"build/*/{TRASH}") if not trash.is_symlink()):
        time.sleep(0.2)


def change_one(paths: list[Path], step: int) -> None:
    """Edit one published report in the middle of the collection (synth
    seeds an error in every tenth, which is withheld), another one at each
    `step`, as an office fixes a sentence: its page, data and search entry
    must follow."""
    place = len(paths) // 2 + 1 + step
    path = paths[place]
    text = path.read_text(encoding="utf-8")
    edited = text.replace("及时回应社会关切", "及时回应群众关切", 1)
    if edited == text or place % 10 == 0:
        raise SystemExit(f"{path.name}: no published report to edit")
    path.write_text(edited, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1, help="cold builds of each, interleaved; the median is printed")
    parser.add_argument("--no-peers", action="store_true", help="leave out Hugo and Pelican")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cache = root / ".nianbao-cache"
        os.environ["NIANBAO_CACHE"] = str(cache)  # the builds' own, removed below
        paths = generate(root / "reports", args.n)
        compile_nianbao()
        nianbao = [sys.executable, "-m", "nianbao", "build", "reports", "--out", "_site",
                   "--templates", str(ROOT / "tool" / "nianbao" / "portal" / "theme")]
        peers: dict[str, tuple[list[str], Path, str]] = {}
        for name, make, out in (("Hugo", hugo_site, "public"), ("Pelican", pelican_site, "output")):
            if args.no_peers:
                print(f"{name}: left out (--no-peers)")
            elif _command(name.lower()) is None:
                print(f"{name}: not installed ({'apt-get install hugo' if name == 'Hugo' else 'pip install -e .[bench]'})")
            else:
                peers[name] = (make(paths, root / name.lower()), root / name.lower(), out)
        colds: dict[str, list[float]] = {"nianbao": []} | {name: [] for name in peers}
        for _ in range(args.repeat):
            for made in ("_site", ".nianbao-cache"):
                shutil.rmtree(root / made, ignore_errors=True)
            colds["nianbao"].append(timed(nianbao, root)[0])
            for name, (command, folder, out) in peers.items():
                for made in (out, "cache"):
                    shutil.rmtree(folder / made, ignore_errors=True)
                colds[name].append(timed(command, folder)[0])
        cold = {name: statistics.median(times) for name, times in colds.items()}
        noop = timed(nianbao, root)[0]
        edits = []
        for step in range(2):  # the second starts while the site the first replaced is deleted in the background
            change_one(paths, step)
            edits.append(timed(nianbao, root)[0])
        one = max(edits)
        settle(cache)
        size, count = site_size(root / "_site")
        data = site_size(root / "_site" / "data")[0]
        search = site_size(root / "_site" / "pagefind")[0]
        for made in ("_site", ".nianbao-cache"):  # a cold build again, its memory sampled
            shutil.rmtree(root / made)
        _, largest, total = timed(nianbao, root, memory=True)
        bare = markdown_render(paths)
        full = cold["nianbao"]
        runs = " ".join(f"{t:.1f}" for t in colds["nianbao"])
        print(f"reports: {args.n}")
        print(f"nianbao build, cold:     {full:.1f} s   (runs: {runs})")
        print(f"one changed report:      {one:.1f} s   {one / full:.1%} of cold (target ≤ 5%; the slower of two edits in a row: "
              f"{edits[0]:.1f}, {edits[1]:.1f} s)")
        print(f"no-op:                   {noop:.1f} s   {noop / full:.1%} of cold (target < 2%)")
        print(f"markdown-it-py render:   {bare:.1f} s   build / render {full / bare:.2f}")
        print(f"site: {size / 2**20:.0f} MB, {size / args.n / 1024:.1f} KB a report (target ≤ 40 KB), "
              f"{count / args.n:.2f} files a report; data/ {data / args.n / 1024:.1f} KB, search {search / args.n / 1024:.1f} KB a report")
        print(f"peak memory, largest process: {largest / 2**20:.0f} MB")
        print(f"peak memory, all processes:   {total / 2**20:.0f} MB (target < 1 GB)")
        for name, target in (("Hugo", 1.0), ("Pelican", 0.25)):
            if name in peers:
                folder = peers[name][1] / peers[name][2]
                peer_size = site_size(folder)[0]
                print(f"{name + ':':<24} {cold[name]:.1f} s   nianbao / {name} {full / cold[name]:.2f} (target ≤ {target}); "
                      f"its site {peer_size / args.n / 1024:.1f} KB a report")


if __name__ == "__main__":
    main()
