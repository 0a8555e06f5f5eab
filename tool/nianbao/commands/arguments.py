"""The arguments several commands share, said the same way in each."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..base.paths import DEFAULT_SOURCES


def add_sources_argument(parser: argparse.ArgumentParser) -> None:
    """The PATH... argument every stage after import takes."""
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT_SOURCES)], help="源文件或目录（默认 content/reports）")


def add_templates_argument(parser: argparse.ArgumentParser) -> None:
    """The --templates option of the commands that build the site."""
    parser.add_argument("--templates", type=Path,
                        help="自己的网页模板目录，其中的文件替换 nianbao 自带的同名文件（默认当前目录的 site_templates，没有则全用自带的）")


def add_rules_argument(parser: argparse.ArgumentParser) -> None:
    """The --rules option of every command that checks."""
    parser.add_argument("--rules", type=Path, help="规则文件（默认当前目录的 rules.yaml，没有则用 nianbao 自带的）")
