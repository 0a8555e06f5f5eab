"""The explorer with many reports, in headless Chromium (Debian's chromium).

Builds N generated reports (bench/synth.py), serves the site on localhost and
opens the explorer page: prints the time until its rows are shown and the
time a filter and a sort take, each against the baseline of merely fetching
and parsing its JSON in the same page (target: under a second each).

    python3 bench/explorer_bench.py [--n 10000]
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import generate  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root / "reports", args.n)
        env = {**os.environ, "NIANBAO_CACHE": str(root / "cache")}
        subprocess.run([sys.executable, "-m", "nianbao", "build", str(root / "reports"), "--out", str(root / "site"),
                        "--templates", str(ROOT / "tool" / "nianbao" / "portal" / "theme")], env=env, check=False, capture_output=True)
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "site")))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_address[1]}/explore/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            page.wait_for_selector("#explore-table tbody tr")
            baseline = page.evaluate("""async () => { const t = performance.now();
                const r = await fetch('../data/explore.json'); await r.json(); return performance.now() - t; }""")
            shown = page.evaluate("performance.now()")  # from navigation start to rows shown (about)
            filtering = page.evaluate("""() => { const t = performance.now();
                const s = document.querySelector("select[name='kind']"); s.value = s.options[1].value;
                s.dispatchEvent(new Event('input', {bubbles: true})); return performance.now() - t; }""")
            sorting = page.evaluate("""() => { const t = performance.now();
                document.querySelector("#explore-table th[data-key='new'] button").click(); return performance.now() - t; }""")
            rows = page.evaluate("document.querySelectorAll('#explore-table tbody tr').length")
            browser.close()
        httpd.shutdown()
    print(f"reports: {args.n}; rows shown at once: {rows}")
    print(f"fetch + parse explore.json (baseline): {baseline:7.0f} ms")
    print(f"page opened to rows shown:             {shown:7.0f} ms   {shown / baseline:.1f}x baseline (target < 1000 ms)")
    print(f"filter by kind:                        {filtering:7.0f} ms   {filtering / baseline:.2f}x baseline (target < 1000 ms)")
    print(f"sort by new applications:              {sorting:7.0f} ms   {sorting / baseline:.2f}x baseline (target < 1000 ms)")


if __name__ == "__main__":
    main()
