"""`nianbao fmt`: rewrite a source into the canonical layout.

Only tables are rewritten (official labels and order, aligned pipes, cells
folded to ASCII); narrative lines and the front matter are kept as written,
apart from line endings and a leading BOM.
"""

from __future__ import annotations

from pathlib import Path

from ..base import atomic
from .report import Report
from .source import UNPLACED, SourceError, parse, read_text
from .write import render_table

# Problems that would make a rewrite drop or move a cell.
BLOCKING = {
    "broken-table",
    "unknown-table",
    "duplicate-table",
    "unknown-row",
    "unknown-column",
    "duplicate-row",
    "duplicate-column",
    "missing-column",
    "extra-cell",
    "short-row",
    "other-template",
}


class FormatError(Exception):
    """The source has problems that make a safe rewrite impossible."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.problems = [p for p in report.problems if p.code in BLOCKING]
        super().__init__(f"{report.path}: {len(self.problems)} problems")


def format_text(text: str, path: str = "<string>") -> str:
    report = parse(text, path)
    if any(p.code in BLOCKING for p in report.problems):
        raise FormatError(report)
    lines = text.split("\n")
    spec = report.template
    replace: dict[int, tuple[int, str]] = {}
    for table in report.tables.values():
        rows = {
            row: {col: cell.raw for (r, col), cell in table.cells.items() if r == row} for row in table.row_lines
        }
        rendered = render_table(spec.table(table.key), rows, table.unplaced)
        replace[table.line - 1] = (table.end_line, rendered)
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i in replace:
            end, rendered = replace[i]
            out.extend(rendered.split("\n"))
            i = end
            while i < len(lines) and UNPLACED.match(lines[i]):
                i += 1
            if i < len(lines) and lines[i].strip():
                out.append("")
            continue
        if not UNPLACED.match(lines[i]):
            out.append(lines[i])
        i += 1
    return "\n".join(out).rstrip("\n") + "\n"


def format_file(path: Path, check: bool) -> bool:
    """Format `path` in place (or only compare, with check); True if it
    changed. A symlink is refused: it may lead out of the collection."""
    if path.is_symlink():
        raise SourceError(str(path), 1, "这是符号链接，fmt 不会改写它指向的文件（请直接对原文件运行）")
    original = path.read_bytes()
    text = read_text(path)
    new = format_text(text, str(path))
    changed = new.encode("utf-8") != original
    if changed and not check:
        atomic.write_text(path, new)
    return changed


__all__ = ["FormatError", "SourceError", "format_file", "format_text"]
