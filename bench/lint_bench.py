"""Lint throughput against markdown-it-py parsing the same files, same run.

Targets (issue 3), at N = 10,000: cold lint wall time ≤ 1.3× one process
parsing the files with markdown-it-py alone; a warm re-run (cache) < 10% of
the cold run; peak memory < 300 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).parent))
from synth import compile_nianbao, generate  # noqa: E402


def markdown_only(paths: list[Path]) -> float:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    start = time.perf_counter()
    for path in paths:
        md.parse(path.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def lint_run(folder: Path, cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "nianbao", "lint", str(folder)], cwd=cwd, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["NIANBAO_CACHE"] = str(root / ".nianbao-cache")  # cold: a cache of its own
        paths = generate(root / "reports", args.n)
        compile_nianbao()
        baseline = markdown_only(paths)
        cold = lint_run(root / "reports", root)
        warm = lint_run(root / "reports", root)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"reports: {args.n}")
    print(f"markdown-it-py parse, one process: {baseline:.2f} s")
    print(f"nianbao lint, cold:               {cold:.2f} s   ratio {cold / baseline:.2f} (target ≤ 1.30)")
    print(f"nianbao lint, warm (cached):      {warm:.2f} s   ratio to cold {warm / cold:.1%} (target < 10%)")
    print(f"peak memory of one lint process:  {peak_mb:.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
