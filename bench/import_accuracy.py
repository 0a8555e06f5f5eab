"""Import accuracy and speed on the corpus of real-world layouts.

For every fixture of tests/fixtures/import/corpus.yaml: the cells read right
out of the cells expected (truth.yaml, written by hand), per layout (the
numbered layouts of the import issue) and in total; and the time to import
one report, against the time its format's extractor alone takes in the same
run (the baseline: reading the file, before any table is assembled).

    python3 bench/import_accuracy.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from import_corpus import CORPUS, HERE, expected_cells  # noqa: E402

from nianbao.importers import _format as reader_of  # noqa: E402
from nianbao.importers import import_file  # noqa: E402
from nianbao.model.source import parse  # noqa: E402
from nianbao.model.write import width  # noqa: E402

LAYOUTS = {
    1: "PDF 文本行",
    2: "数字粘连",
    3: "竖线分隔",
    4: "每行一格",
    5: "OCR 生成的 Markdown",
    6: "网页",
    7: "各种写法的标签",
    8: "没有标题",
    9: "原文不完整",
    10: "各种写法的章节标题",
    11: "PDF 表二（有无框线）",
    12: "PDF 正文段落",
}


def _right(entry: dict) -> tuple[int, int]:
    result = import_file(HERE / entry["file"], **entry.get("options", {}))
    report = parse(result.text, entry["file"])
    right = total = 0
    for (table, row, column), value in expected_cells(entry).items():
        cell = report.cell(table, row, column)
        got = None if cell is None or cell.blank else cell.value
        want = None if value == "" else Decimal(str(value)) if isinstance(value, str) else value
        right += got == want
        total += 1
    return right, total


def _timed(function, repeat: int) -> float:  # noqa: ANN001 - any callable
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per fixture (the median is kept)")
    args = parser.parse_args()
    by_layout: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    right_all = total_all = 0
    imports, extracts = [], []
    print(f"{'fixture':34} {'cells right':>15} {'import ms':>10} {'extract ms':>11}")
    for entry in CORPUS:
        path = HERE / entry["file"]
        right, total = _right(entry)
        data = path.read_bytes()
        imported = _timed(lambda: import_file(path, **entry.get("options", {})), args.repeat)
        extracted = _timed(lambda: reader_of(path).extract(data), args.repeat)
        imports.append(imported)
        extracts.append(extracted)
        print(f"{entry['file']:34} {right:>7}/{total:<7} {imported * 1000:>10.1f} {extracted * 1000:>11.1f}")
        right_all += right
        total_all += total
        for layout in entry["layouts"]:
            by_layout[layout][0] += right
            by_layout[layout][1] += total
            by_layout[layout][2] += 1
    print()
    print(f"{'layout':28} {'fixtures':>8} {'cells right':>15} {'share':>8}")
    for layout in sorted(by_layout):
        right, total, count = by_layout[layout]
        name = LAYOUTS[layout] + " " * (24 - width(LAYOUTS[layout]))
        print(f"{layout:>2}. {name} {count:>8} {right:>7}/{total:<7} {right / total:>8.2%}")
    print(f"{'total':28} {len(CORPUS):>8} {right_all:>7}/{total_all:<7} {right_all / total_all:>8.2%}")
    mean_import = statistics.mean(imports)
    mean_extract = statistics.mean(extracts)
    print()
    print(f"time per report: {mean_import * 1000:.1f} ms (median of {args.repeat} runs, mean over the corpus)")
    print(f"extractor alone (baseline, same run): {mean_extract * 1000:.1f} ms")
    print(f"ratio import / extraction: {mean_import / mean_extract:.2f}x")


if __name__ == "__main__":
    main()
