"""OCR speed and accuracy on scanned reports.

The corpus's two reports made for scanning (tests/fixtures/import/
pdf_for_scan*.pdf, 2021 and 2019 templates) are scanned here as an office's
scanner does (150 dpi, turned slightly, blurred, JPEG: tests/scan_support.py)
and imported. Printed: seconds per page (all cores, as `nianbao import`
runs) and the cells read right out of the cells expected (truth.yaml), and
the time against importing the same report from its text layer in the same
run (the baseline).

    python3 bench/ocr_bench.py [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from import_corpus import HERE, expected_cells  # noqa: E402
from scan_support import save_pdf, scanned_pages  # noqa: E402

from nianbao.importers import import_file  # noqa: E402
from nianbao.source import parse  # noqa: E402

REPORTS = {"A": HERE / "pdf_for_scan.pdf", "B": HERE / "pdf_for_scan_2019.pdf"}


def _right(text: str, report: str) -> tuple[int, int]:
    parsed = parse(text)
    right = total = 0
    for (table, row, column), value in expected_cells({"report": report}).items():
        cell = parsed.cell(table, row, column)
        got = None if cell is None or cell.blank else cell.value
        right += got == (Decimal(value) if isinstance(value, str) else value)
        total += 1
    return right, total


def _timed(path: Path, repeat: int) -> tuple[float, float, str]:
    """(median seconds, first run's seconds, the source): the first run of a
    process also loads the models into its workers."""
    runs, text = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        text = import_file(path).text
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), runs[0], text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="timed imports per report (the median is kept)")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    print(f"{'report':8} {'pages':>5} {'OCR s':>7} {'s/page':>7} {'first run':>10} {'text-layer s':>13} {'ratio':>7} {'cells right':>13}")
    pages_all = seconds_all = right_all = total_all = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for report, source in REPORTS.items():
            pages = scanned_pages(source)
            scan = Path(folder) / f"scan-{report}.pdf"
            save_pdf(pages, scan)
            seconds, first, text = _timed(scan, args.repeat)
            baseline, _, _ = _timed(source, args.repeat)
            right, total = _right(text, report)
            print(
                f"{report:8} {len(pages):>5} {seconds:>7.1f} {seconds / len(pages):>7.2f} {first:>9.1f}s {baseline:>13.2f} "
                f"{seconds / baseline:>6.0f}x {right:>6}/{total:<6}"
            )
            pages_all += len(pages)
            seconds_all += seconds
            right_all += right
            total_all += total
    print(f"total: {seconds_all / pages_all:.2f} s per page over {pages_all:.0f} pages (target ≤ 3 s); "
          f"cells read right {right_all:.0f}/{total_all:.0f} ({right_all / total_all:.2%})")


if __name__ == "__main__":
    main()
