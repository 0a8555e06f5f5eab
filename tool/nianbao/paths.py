"""Finding report sources on disk."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from pathlib import Path

DEFAULT_SOURCES = Path("content/reports")


def find_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and every *.md under folders named, in a stable order
    (folder by folder, as paths compare)."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            # os.walk knows files from folders without a stat call for each.
            tree = (Path(root, name) for root, _, names in os.walk(path) for name in names if name.endswith(".md"))
            found += sorted(tree, key=lambda p: p.parts)
        else:
            found.append(path)
    return found


def add_sources_argument(parser: argparse.ArgumentParser) -> None:
    """The PATH... argument every stage after import takes."""
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT_SOURCES)], help="源文件或目录（默认 content/reports）")
