"""`nianbao import FILE|DIR... [--out DIR]`: published reports -> sources."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..base import atomic
from ..base.paths import DEFAULT_SOURCES, ORIGINALS
from ..model import provenance
from ..model.source import parse
from ..model.template import organ_kinds

if TYPE_CHECKING:
    from ..importers import Imported, ImportProblem

PROGRESS_FROM = 10


class _NamingFormats(argparse.HelpFormatter):
    """Help that names the formats the importers read, asked only when the
    help is shown: loading the readers takes half a second, which every
    other command (and every commit's hook) would pay."""

    def _format_text(self, text: str) -> str:
        if "{formats}" in text:
            from .. import importers

            text = text.replace("{formats}", importers.described())
        return super()._format_text(text)


def add_command(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import",
        help="把已发布的报告（文本、Markdown、Word、网页、PDF、扫描件）导入为报告源文件",
        formatter_class=_NamingFormats,
        description="把已发布的报告导入为 content/reports 下的 Markdown 源文件：{formats}；没有文字层的 PDF 页面和图片在本机离线识别。"
        "从不编造、删除或挪动数字：无法对齐的行各格留空，原文逐字保留并报告其所在行。",
    )
    parser.add_argument("inputs", nargs="+", help="报告文件，或包含报告文件的目录")
    parser.add_argument("--out", default=str(DEFAULT_SOURCES), help="输出目录（默认 content/reports）")
    parser.add_argument("--organ", help="机关名称（标题未写明机关时必填）")
    parser.add_argument("--year", type=int, help="报告年度（原文没有标题时，默认取正文中的统计期限）")
    parser.add_argument("--kind", choices=list(organ_kinds()), help="机关类型（默认按名称推断）")
    parser.add_argument("--encoding", help="输入文件编码（默认自动识别）")
    parser.add_argument("--force", action="store_true", help="覆盖已存在的源文件")
    parser.add_argument("--url", help="原文网址（记入前置元数据 source_url）")
    parser.add_argument("--published", type=date.fromisoformat, help="原文发布日期 YYYY-MM-DD（记入 published）")
    parser.add_argument("--keep-original", action="store_true",
                        help="把原文件复制到输出目录的 originals/ 下（网站上的报告页会链接它）")
    parser.set_defaults(run=run)


def _inputs(items: list[str]) -> list[Path]:
    found: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            found.append(path)
    return found


def _one(path: Path, args: argparse.Namespace, out: Path) -> tuple[str, str]:
    """Import one file: (outcome, what to say about it)."""
    from .. import importers  # Word, PDF and HTML readers: loaded by this command only

    try:
        result = importers.import_file(path, encoding=args.encoding, organ=args.organ, year=args.year, kind=args.kind,
                                       published=args.published, source_url=args.url,
                                       keep_original=args.keep_original)
    except importers.ImportFailure as exc:
        return "failed", str(exc)
    except Exception as exc:  # one unreadable file is one located error; the batch goes on
        return "failed", f"内部错误：{type(exc).__name__}: {exc}"
    target = out / f"{result.slug}.md"
    if target.exists() and not args.force:
        return "failed", f"{target} 已存在（用 --force 覆盖）"
    _print_problems(path, result.problems)
    out.mkdir(parents=True, exist_ok=True)
    if args.keep_original:
        kept = out / ORIGINALS / f"{result.slug}{path.suffix.lower()}"
        kept.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(kept, path.read_bytes())
    atomic.write_text(target, result.text)
    if result.original:
        record = provenance.dumps(result.original["file"], result.original["sha256"], result.spans)
        where = provenance.path_for(target, result.slug)
        where.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(where, record)
    counts = _counts(result)
    if result.problems:
        return "problems", f"-> {target}（{result.template}年版模板，{counts}；{len(result.problems)} 个问题，见上）"
    return "imported", f"-> {target}（{result.template}年版模板，{counts}）"


FOLD_AFTER = 3  # problems of one kind printed in full; the rest as a count with their lines


def _kind(message: str) -> str:
    """What a problem says, without what it quotes, counts or names in brackets (a column's header)."""
    return re.sub(r"「[^」]*」|（[^）]*）|[0-9]+|：.*$", "", message)


def _print_problems(path: Path, problems: list[ImportProblem]) -> None:
    """Each problem at its place; past FOLD_AFTER of one kind, one line with
    the count and the lines of the rest."""
    kinds: dict[str, list[ImportProblem]] = {}
    for problem in problems:
        kinds.setdefault(_kind(problem.message), []).append(problem)
    for problem in problems:
        same = kinds[_kind(problem.message)]
        index = same.index(problem)
        if index < FOLD_AFTER:
            page = f"（第{problem.page}页）" if problem.page else ""
            print(f"{path}:{problem.line}: {page}{problem.message}", file=sys.stderr)
        elif index == FOLD_AFTER:
            rest = same[FOLD_AFTER:]
            places = list(dict.fromkeys(f"第{p.page}页" if p.page else f"第{p.line}行" for p in rest))
            where = "、".join(places[:10]) + ("等" if len(places) > 10 else "")
            print(f"{path}:{problem.line}: 同类问题另有 {len(rest)} 处（{where}），请一并核对", file=sys.stderr)


def _counts(result: Imported) -> str:
    """Per file: the cells read, the cells left blank for a person, the numbers split by the sums."""
    report = parse(result.text, result.slug)
    cells = [cell for table in report.tables.values() for cell in table.cells.values()]
    blank = sum(1 for cell in cells if cell.blank)
    split = sum(1 for p in result.problems if "按勾稽关系拆分" in p.message or "按正文所述" in p.message)
    return f"读入 {len(cells) - blank} 格，留空 {blank} 格" + (f"，按勾稽关系或正文拆分 {split} 处" if split else "")


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    files = _inputs(args.inputs)
    if not files:
        print("nianbao import: 没有找到可导入的文件", file=sys.stderr)
        return 2
    progress = sys.stderr.isatty() and len(files) > PROGRESS_FROM
    outcomes: dict[str, list[tuple[Path, str]]] = {"imported": [], "problems": [], "failed": []}
    for i, path in enumerate(files, 1):
        if progress:
            print(f"\r导入中 {i}/{len(files)}", end="", file=sys.stderr, flush=True)
        kind, note = _one(path, args, out)
        outcomes[kind].append((path, note))
    if progress:
        print(file=sys.stderr)
    for title, kind in (("已导入", "imported"), ("已导入，有问题", "problems"), ("失败", "failed")):
        print(f"{title}：{len(outcomes[kind])}")
        for path, note in outcomes[kind]:
            print(f"  {path} {note}")
    return 2 if outcomes["failed"] else 0  # a file that could not be imported is unreadable input
