"""Finding report sources on disk."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from pathlib import Path

DEFAULT_SOURCES = Path("content/reports")
ORIGINALS = "originals"  # beside the sources: the documents they were imported from (import --keep-original)
CACHE_ENV = "NIANBAO_CACHE"  # where the lint results and the last build are kept


def cache_dir() -> Path:
    """`.nianbao-cache` in the working directory (the collection's), or
    where NIANBAO_CACHE says."""
    return Path(os.environ.get(CACHE_ENV) or ".nianbao-cache")


def find_sources(paths: Iterable[str | Path]) -> list[str]:
    """Files named, and every *.md under folders named, in a stable order
    (folder by folder, as paths compare), written as pathlib writes them."""
    found: list[str] = []
    for item in paths:
        path = Path(item)
        if not path.is_dir():
            found.append(str(path))
            continue
        tree: list[tuple[tuple[str, ...], str]] = []
        # os.walk knows files from folders without a stat call for each; a
        # Path is made for each folder only: a collection has thousands of files.
        for root, folders, names in os.walk(path):
            folders[:] = [f for f in folders if f != ORIGINALS]  # kept originals are not sources
            folder = Path(root)
            base = str(folder)
            tree += [
                ((*folder.parts, n), n if base == "." else os.path.join(base, n)) for n in names if n.endswith(".md")
            ]
        found += [file for _, file in sorted(tree)]
    return found


def add_sources_argument(parser: argparse.ArgumentParser) -> None:
    """The PATH... argument every stage after import takes."""
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT_SOURCES)], help="源文件或目录（默认 content/reports）")


def add_rules_argument(parser: argparse.ArgumentParser) -> None:
    """The --rules option of every command that checks."""
    parser.add_argument("--rules", type=Path, help="规则文件（默认当前目录的 rules.yaml，没有则用 nianbao 自带的）")
