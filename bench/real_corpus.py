"""Import every real report of ../shared/corpus and compare it with its truth.yaml.

The corpus holds real reports exactly as published or stored (crawler text,
Markdown made from a PDF, a CMS page, an original PDF), each with every cell
of 表二, 表三 and 表四 read by hand. Per report and in total it prints: cells
right / cells expected; cells left blank where the original has a number
(reported, for a person to fill); cells holding a number that is not the
original's (must be 0); the narrative's sentences (and their characters) found whole in the
imported text; and the time to import the report.

    python3 bench/real_corpus.py [--corpus ../shared/corpus] [-v]

Exits 1 when any cell holds a wrong number (or a report is refused), 0
otherwise; with a message and 0 when the corpus folder is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from nianbao.importers import ImportFailure, crawler, import_file
from nianbao.importers.paragraphs import is_furniture
from nianbao.model import template as tpl
from nianbao.model.report import Report
from nianbao.model.source import parse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpus"
REPEAT = 3
SENTENCE_MIN = 12  # a sentence this long is the narrative's, not a cell or a label


@dataclass
class Result:
    name: str
    right: int = 0
    expected: int = 0
    blank: int = 0
    wrong: int = 0
    sentences: int = 0
    kept: int = 0
    chars: int = 0  # of the narrative's sentences
    chars_kept: int = 0
    seconds: float = 0.0
    refused: str = ""
    notes: list[str] = field(default_factory=list)


def _number(value: object) -> Decimal | None:
    if value is None:
        return None
    text = re.sub(r"[元,，\s]", "", str(value))
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _expected(truth: dict, spec: tpl.Template) -> dict[tuple[str, str, str], Decimal | None]:
    """Every cell of the truth by (table, row, column) keys of the template."""
    out: dict[tuple[str, str, str], Decimal | None] = {}
    t3 = next(t for t in spec.tables if t.key == "t3")
    for head, values in zip(t3.leaf_rows, truth["table3"]["rows"].values()):
        for column, value in zip(t3.leaf_columns, values):
            out[("t3", head.key, column.key)] = _number(value)
    t4 = next(t for t in spec.tables if t.key == "t4")
    for head, values in zip(t4.leaf_rows, (v for k, v in truth["table4"].items() if k != "columns")):
        for column, value in zip(t4.leaf_columns, values):
            out[("t4", head.key, column.key)] = _number(value)
    for label, cells in truth["table2"].items():
        table, head = next(
            (t, h) for t in spec.tables if t.key.startswith("t2") for h in t.leaf_rows
            if tpl.normalize_label(label) in {tpl.normalize_label(x) for x in (h.label, *h.aliases)}
        )
        for column, value in zip(table.leaf_columns, cells.values()):
            out[(table.key, head.key, column.key)] = _number(value)
    return out


def _input_text(path: Path) -> str:
    """The report's text as a reader sees it, to find its sentences in."""
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".html", ".htm"):
        from lxml import html

        root = html.document_fromstring(text)
        for element in root.xpath("//style | //script"):
            element.drop_tree()
        return root.text_content()
    return text


def _squash(text: str) -> str:
    return re.sub(r"\s+|\\", "", text)


def _sentences(text: str, spec: tpl.Template) -> list[str]:
    """The input's narrative sentences that end in 。 (whitespace and line
    breaks aside), without the listed drops (a crawler's header, page
    numbers) and the section headings standing on lines of their own; a run
    of text holding a table's label is a table's, not one."""
    lines = text.split("\n")
    dropped = {n - 1 for n, _ in crawler.read(lines).lines}
    heading = lambda line: any(s.matches(line.strip(), renumbered=True) for s in spec.sections)  # noqa: E731
    kept = "\n".join(line for i, line in enumerate(lines) if i not in dropped and not is_furniture(line) and not heading(line))
    labels = {tpl.normalize_label(h.label) for t in spec.tables for h in (*t.rows, *t.columns) if len(h.label) >= 4}
    found = [_squash(s) for s in re.findall(r"[^。\n]*(?:\n[^。\n]*)*?。", kept)]
    return [
        s for s in found
        if len(s) >= SENTENCE_MIN and re.search(r"[\u4e00-\u9fff]{4}", s)
        and not any(label in tpl.normalize_label(s) for label in labels)
    ]


def run(folder: Path, verbose: bool) -> Result:
    truth = yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))
    result = Result(folder.name)
    path = folder / truth["file"]
    spec = tpl.load(int(truth["template"]))
    want = _expected(truth, spec)
    result.expected = len(want)
    times = []
    for _ in range(REPEAT):  # the first import of a process also loads the dictionaries: the median is kept
        start = time.perf_counter()
        try:
            imported = import_file(path)
        except ImportFailure as exc:
            result.refused = str(exc)
            return result
        times.append(time.perf_counter() - start)
    result.seconds = sorted(times)[len(times) // 2]
    report: Report = parse(imported.text, path.name)
    for (table, row, column), value in want.items():
        cell = report.cell(table, row, column)
        got = None if cell is None or cell.blank else cell.value
        if got == value:
            result.right += 1
        elif got is None:
            result.blank += 1
            result.notes.append(f"{table}.{row}.{column}: blank, original {value}")
        else:
            result.wrong += 1
            result.notes.append(f"{table}.{row}.{column}: {got}, original {value}")
    written = _squash(imported.text)
    sentences = _sentences(_input_text(path), spec)
    result.sentences = len(sentences)
    for sentence in sentences:
        result.chars += len(sentence)
        if sentence in written:
            result.kept += 1
            result.chars_kept += len(sentence)
        else:
            result.notes.append(f"sentence not found whole: {sentence[:40]}…")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    folders = sorted(p.parent for p in args.corpus.glob("*/truth.yaml"))
    if not folders:
        print(f"no real corpus at {args.corpus}: skipped (it is ../shared/corpus beside the repository)")
        return 0
    results = [run(folder, args.verbose) for folder in folders]
    print(f"{'report':<28} {'right':>9} {'blank':>6} {'wrong':>6} {'sentences':>10} {'characters':>13} {'ms':>7}")
    for r in results:
        if r.refused:
            print(f"{r.name:<28} refused: {r.refused}")
            continue
        print(f"{r.name:<28} {r.right:>4}/{r.expected:<4} {r.blank:>6} {r.wrong:>6} {r.kept:>4}/{r.sentences:<5} "
              f"{r.chars_kept:>6}/{r.chars:<6} {r.seconds * 1000:>7.0f}")
        if args.verbose:
            for note in r.notes:
                print(f"    {note}")
    total = Result("total")
    for r in results:
        total.right += r.right
        total.expected += r.expected
        total.blank += r.blank
        total.wrong += r.wrong
        total.kept += r.kept
        total.sentences += r.sentences
        total.chars += r.chars
        total.chars_kept += r.chars_kept
    exact = sum(1 for r in results if not r.refused and r.right == r.expected)
    refused = sum(1 for r in results if r.refused)
    print(
        f"total: {exact}/{len(results)} reports number-exact; cells right {total.right}/{total.expected}; "
        f"blank where the original has a number {total.blank}; wrong numbers {total.wrong}; "
        f"refused {refused}; sentences kept whole {total.kept}/{total.sentences} "
        f"({total.chars_kept}/{total.chars} narrative characters)"
    )
    return 1 if total.wrong or refused else 0


if __name__ == "__main__":
    sys.exit(main())
