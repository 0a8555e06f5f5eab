"""Every byte nianbao writes, as one digest per file: to show that a change
of structure changed no output.

Builds the collection (content/reports) and 300 generated reports (bench/
synth.py, both templates, seeded errors), lints both in every output format,
and prints (or saves) a manifest: file -> sha256. Compare two manifests,
before and after a change:

    python3 bench/snapshot.py --save /tmp/before.json
    ...change...
    python3 bench/snapshot.py --compare /tmp/before.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import generate  # noqa: E402

FORMATS = ("text", "json", "sarif", "github")


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, bytes]:
    done = subprocess.run([sys.executable, "-m", "nianbao", *args], cwd=cwd, env=env, capture_output=True)
    return done.returncode, done.stdout


def manifest(work: Path) -> dict[str, str]:
    """file -> digest of every output, and each command's exit code and output."""
    env = {**os.environ, "NIANBAO_CACHE": str(work / "cache")}
    collections = {"collection": ROOT / "content" / "reports", "generated": work / "generated"}
    generate(collections["generated"], 300)
    out: dict[str, str] = {}
    for name, sources in collections.items():
        site = work / f"site-{name}"
        code, printed = _run(["build", str(sources), "--out", str(site), "--templates", str(ROOT / "tool" / "nianbao" / "portal" / "theme")],
                             ROOT, env)
        out[f"{name}: build exit"] = str(code)
        out[f"{name}: build output"] = hashlib.sha256(printed.replace(str(work).encode(), b"")).hexdigest()
        out |= {f"{name}: {path}": digest for path, digest in _digests(site).items()}
        for form in FORMATS:
            code, printed = _run(["lint", str(sources), "--format", form], ROOT, env)
            printed = printed.replace(str(work).encode(), b"").replace(str(ROOT).encode(), b"")  # the same from any checkout
            out[f"{name}: lint --format {form}"] = f"{code} {hashlib.sha256(printed).hexdigest()}"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--save", type=Path, help="write the manifest here")
    parser.add_argument("--compare", type=Path, help="compare with a saved manifest; exit 1 on any difference")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        now = manifest(Path(work))
    if args.save:
        args.save.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        changed = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
        for key in changed:
            print(f"changed: {key}")
        print(f"{len(now)} outputs, {len(changed)} changed")
        sys.exit(1 if changed else 0)
    if not args.save:
        print(json.dumps(now, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
