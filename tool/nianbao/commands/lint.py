"""`nianbao lint [PATH...]`."""

from __future__ import annotations

import argparse
import os
import sys

from ..base.paths import find_sources, not_found, reason
from ..lint import RulesError, UnknownRule
from ..pipeline import run as run_pipeline
from .arguments import add_rules_argument, add_sources_argument
from .lint_output import FOLD, FORMATS, step_summary, text


def add_command(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "lint",
        help="按 rules.yaml 检查报告",
        description="按 rules.yaml 中声明的规则检查报告源文件，指出出错的单元格（文件:行:列、规则编号、数字）。"
        "退出码：0 没有未豁免的错误；1 有错误；2 用法错误或文件无法读取。",
    )
    add_sources_argument(parser)
    parser.add_argument("--format", choices=["text", *FORMATS], default="text", help="输出格式（默认 text）")
    parser.add_argument("--select", action="append", metavar="ID", help="只运行这些规则（可写前缀，如 NB1；可重复）")
    parser.add_argument("--ignore", action="append", metavar="ID", help="不运行这些规则（可写前缀；可重复）")
    parser.add_argument("--hide-waived", action="store_true", help="不逐条列出已豁免的问题，只在摘要中计数（text 格式）")
    parser.add_argument("--no-fold", dest="fold", action="store_false",
                        help=f"逐条列出每个问题（text 格式默认把同一报告同一张表中超过 {FOLD} 个的同类问题合成一行）")
    add_rules_argument(parser)
    parser.set_defaults(run=run)


def _colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _append(path: str, text: str) -> None:
    """Add to the workflow step's summary file (GitHub's, appended to by each command of the step)."""
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        print(f"nianbao lint: 无法写入步骤摘要 {path}：{reason(exc)}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if not find_sources(args.paths):
        print(f"nianbao lint: 没有找到报告源文件：{' '.join(args.paths)}", file=sys.stderr)
        return 2
    missing = not_found(args.paths)
    if missing:
        print(f"nianbao lint: {missing}", file=sys.stderr)
        return 2
    try:
        result = run_pipeline(args.paths, rules=args.rules, select=args.select, ignore=args.ignore)
    except RulesError as exc:
        print(exc, file=sys.stderr)
        return 2
    except UnknownRule as exc:
        print(f"nianbao lint: {exc}", file=sys.stderr)
        return 2
    render = FORMATS.get(args.format)
    sys.stdout.write(render(result) if render else text(result, colour=_colour(), waived=not args.hide_waived, fold=args.fold))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        _append(summary_file, step_summary(result))
    if result.errors:
        return 2
    return 1 if any(f.blocking for f in result.findings) else 0
