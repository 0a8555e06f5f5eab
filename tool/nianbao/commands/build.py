"""`nianbao build [PATH...] [--out _site] [--strict]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.paths import find_sources, not_found, reason
from ..lint import RulesError
from .arguments import add_rules_argument, add_sources_argument, add_templates_argument

if TYPE_CHECKING:
    from ..portal import Summary


def add_command(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "build",
        help="生成政务公开网站和数据集",
        description="把通过检查的报告生成静态网站（报告页、索引、统计、搜索）和可下载的数据集。"
        "有未豁免错误的报告不发布，列在构建摘要中。",
    )
    add_sources_argument(parser)
    parser.add_argument("--out", type=Path, default=Path("_site"), help="输出目录（默认 _site）")
    parser.add_argument("--strict", action="store_true", help="有报告因错误未能发布时，构建失败（退出码 1）")
    parser.add_argument("--base", default="/", help="网站所在路径，如 GitHub Pages 项目站点的 /仓库名/（默认 /）")
    parser.add_argument("--site-url", help="网站的公开地址，如 https://example.gov.cn（发布时必填：sitemap 和订阅用它；"
                        "不填则不生成 sitemap 和订阅）")
    add_templates_argument(parser)
    add_rules_argument(parser)
    parser.add_argument("--allow-shrink", action="store_true",
                        help="可发布的报告不到上次的一半时也替换网站（默认拒绝，以免路径写错时发布空网站）")
    parser.set_defaults(run=run)


def report(summary: Summary, out: Path) -> None:
    if summary.unchanged:
        print(f"报告、模板和规则都没有改动，{out}/ 已是最新（已发布 {len(summary.published)} 份报告）")
    else:
        print(f"已发布 {len(summary.published)} 份报告到 {out}/")
    if summary.withheld:
        print(f"未发布 {len(summary.withheld)} 份（有未豁免的错误，用 nianbao lint 查看全部）：")
        for path, reasons in summary.withheld:
            print(f"  {path}")
            for reason in reasons:
                print(f"    {reason}")


def attempt(args: argparse.Namespace, *, base: str = "/", site_url: str | None = None,
            allow_shrink: bool = False) -> Summary | None:
    """One build as `args` (paths, out, templates, rules) ask, reported; None,
    with the reason printed, when no site could be made (the last one stays)."""
    from ..portal import NotASite, ShrinkRefused, build  # the builder and its libraries: loaded by this command only

    missing = not_found(args.paths)
    if missing:
        print(f"nianbao: {missing}（网站保持原样）", file=sys.stderr)
        return None
    if not find_sources(args.paths):
        print(f"nianbao: 没有找到报告源文件：{' '.join(args.paths)}（网站保持原样）", file=sys.stderr)
        return None
    if args.templates is not None and not args.templates.is_dir():
        print(f"nianbao: 找不到网页模板目录 {args.templates}（网站保持原样）", file=sys.stderr)
        return None
    try:
        summary = build(args.paths, args.out, base=base, site_url=site_url, templates=args.templates,
                        rules=args.rules, allow_shrink=allow_shrink)
    except RulesError as exc:
        print(exc, file=sys.stderr)
        return None
    except (RuntimeError, ShrinkRefused, NotASite) as exc:
        print(f"nianbao: {exc}", file=sys.stderr)
        return None
    except OSError as exc:  # the machine (a full disk, a folder not allowed): say what and where
        where = f"：{exc.filename}" if exc.filename else ""
        print(f"nianbao: {reason(exc)}{where}（网站保持原样）", file=sys.stderr)
        return None
    report(summary, args.out)
    return summary


def run(args: argparse.Namespace) -> int:
    base = "/" + args.base.strip("/") + "/" if args.base.strip("/") else "/"
    summary = attempt(args, base=base, site_url=args.site_url, allow_shrink=args.allow_shrink)
    if summary is None or summary.unreadable:
        return 2
    return 1 if args.strict and summary.withheld else 0
