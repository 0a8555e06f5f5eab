"""Build speed against Pelican and bare markdown-it-py, same files, same run.

Targets (issue 4), at N = 10,000: full build ≤ 0.25× Pelican building the
same Markdown files; a no-op rebuild ≤ 5% of the full build; peak memory
< 500 MB. Pelican is only a benchmark extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).parent))
from synth import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PELICAN_CONF = """AUTHOR = "bench"
SITENAME = "bench"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
FEED_ALL_ATOM = None
RELATIVE_URLS = True
"""


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[:4]} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


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
        paths = generate(root / "reports", args.n)
        nianbao = [sys.executable, "-m", "nianbao", "build", "reports", "--out", "_site",
                   "--templates", str(ROOT / "site_templates")]
        full = timed(nianbao, root)
        noop = timed(nianbao, root)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        bare = markdown_render(paths)
        print(f"reports: {args.n}")
        print(f"nianbao build, full:     {full:.1f} s")
        print(f"nianbao build, no-op:    {noop:.1f} s   {noop / full:.1%} of full (target ≤ 5%)")
        print(f"markdown-it-py render:   {bare:.1f} s   build / render {full / bare:.2f}")
        print(f"peak memory (largest process): {peak_mb:.0f} MB (target < 500 MB)")
        if args.no_pelican or shutil.which("pelican") is None:
            print("Pelican: not installed (pip install -e '.[bench]')")
            return
        pelican_content(paths, root / "pelican" / "content")
        (root / "pelican" / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
        pelican = timed(["pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"], root / "pelican")
        print(f"Pelican:                 {pelican:.1f} s   nianbao / Pelican {full / pelican:.2f} (target ≤ 0.25)")


if __name__ == "__main__":
    main()
