"""`nianbao review [PATH...] --out DIR`: a review letter per report and the
batch summary."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..base import atomic
from ..base.paths import find_sources
from ..lint import RulesError
from ..model import provenance
from ..model.finding import Status
from .arguments import add_rules_argument, add_sources_argument

OFFICE = "政务公开办公室"  # signs the letters unless --office or settings.review_office says otherwise


def _day(text: str) -> date:
    """A date written YYYY-MM-DD, and only so."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期须写成 YYYY-MM-DD，而不是「{text}」") from None


def add_command(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "review",
        help="为每份报告生成审核意见（Word 和网页），并生成整批报告的汇总表",
        description="检查报告，为每份报告写一份审核意见（.docx 和 .html：按「需要更正」「需要核实」「供参考」列出"
        "每个未豁免的问题、所在的表、行、列和数字，以及如何更正），并生成整批报告的汇总表（summary.csv 和 summary.xlsx）。",
    )
    add_sources_argument(parser)
    parser.add_argument("--out", type=Path, default=Path("review"), help="输出目录（默认 review）")
    parser.add_argument("--office", help=f"落款单位（默认取规则文件 settings.review_office，否则为「{OFFICE}」）")
    parser.add_argument("--date", type=_day, default=None, help="落款日期 YYYY-MM-DD（默认今天）")
    add_rules_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    files = find_sources(args.paths)
    if not files:
        print(f"nianbao review: 没有找到报告源文件：{' '.join(args.paths)}", file=sys.stderr)
        return 2
    from .. import pipeline
    from ..model.source import SourceError, parse_file
    from ..review import letter, summary, word

    try:
        result = pipeline.run(files, rules=args.rules)
    except RulesError as exc:
        print(exc, file=sys.stderr)
        return 2
    rules = {r.id: r for r in result.rules.rules}
    office = args.office or result.rules.settings.review_office or OFFICE
    when = args.date or date.today()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = [summary.unreadable(e.path, f"{e.line} 行：{e.message}") for e in result.errors]
    written: set[str] = set()
    for path in result.readable():
        try:
            report = parse_file(path)
        except SourceError as exc:  # changed since it was checked
            rows.append(summary.unreadable(path, exc.message))
            continue
        origin = provenance.load(Path(path), report.meta.slug) if report.meta.slug else None
        composed = letter.compose(report, result.for_path(path), rules, office, when, origin)
        name = report.meta.slug
        while name in written:  # two reports with one slug (NB008): a letter each all the same
            name = f"{report.meta.slug}-{len(written)}"
        written.add(name)
        atomic.write_bytes(args.out / f"{name}.docx", word.as_docx(composed))
        atomic.write_text(args.out / f"{name}.html", letter.as_html(composed))
        rows.append(summary.row(report, result.for_path(path)))
        if composed.gaps:
            print(f"{path}：{len(composed.gaps)} 个问题在导入时未能读入数字的行（原文照录在表格下方），没有写进审核意见："
                  "请对照原件在源文件中补填这些行")
    rows.sort(key=lambda r: r.path)
    atomic.write_text(args.out / "summary.csv", summary.as_csv(rows, rules))
    atomic.write_bytes(args.out / "summary.xlsx", summary.as_xlsx(rows, rules, when))
    failed = sum(1 for r in rows if r.status == Status.FAILED)
    print(f"审核意见 {len(result.readable())} 份、汇总表已写入 {args.out}/：{failed} 份未通过，{len(result.errors)} 份无法读取")
    return 2 if result.errors else 0
