"""`nianbao fmt [--check] [PATH...]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..base.paths import find_sources
from ..model.fmt import FormatError, format_file
from ..model.source import SourceError
from .arguments import add_sources_argument


def add_command(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "fmt",
        help="把报告源文件改写为规范格式",
        description="把报告源文件改写为规范格式：表格按官方行列顺序对齐、标签规范化、全角数字转为半角；不改动任何数字和正文。",
    )
    add_sources_argument(parser)
    parser.add_argument("--check", action="store_true", help="只检查：列出需要改写的文件，有则退出码为 1")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    files = find_sources(args.paths)
    if not files:
        print(f"nianbao fmt: 没有找到报告源文件：{' '.join(args.paths)}", file=sys.stderr)
        return 2
    changed, failed = [], 0
    for path in files:
        try:
            if format_file(Path(path), check=args.check):
                changed.append(path)
        except SourceError as exc:
            print(f"{exc.path}:{exc.line}:1: {exc.message}", file=sys.stderr)
            failed += 1
        except FormatError as exc:
            for p in exc.problems:
                print(f"{exc.report.path}:{p.line}:{p.col}: {p.message}", file=sys.stderr)
            failed += 1
    verb = "需要改写" if args.check else "已改写"
    for path in changed:
        print(f"{verb}：{path}")
    print(f"{len(files)} 个文件，{len(changed)} 个{verb}，{failed} 个无法处理", file=sys.stderr)
    if failed:
        return 2
    return 1 if args.check and changed else 0
