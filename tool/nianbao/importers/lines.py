"""Lines of plain text (a .txt file, a Markdown file's body) -> blocks.

Tables come in several layouts (spec §7 and the import issue): one cell per
line behind a tab, rows separated by blank lines (a header cell broken over
two lines continues on a line with no tab); one row per line with tab- or
pipe-separated cells; one row per line with cells separated by spaces or
nothing at all; one cell per line with nothing around it. The first two
are rows here; the others are lines of text, which the table reader cuts
into labels and values. Empty lines are kept: in one layout an empty line
is a blank cell.
"""

from __future__ import annotations

import re

from .blocks import Block, Para, Row, TableBlock

_MAX_CONTINUATION = 20
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _pipe_cells(line: str) -> list[str] | None:
    if "|" not in line:
        return None
    cells = line.strip().split("|")
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells if len(cells) > 1 else None


def blocks(lines: list[str]) -> list[Block]:
    out: list[Block] = []
    rows: list[Row] = []
    cell_run: list[tuple[str, int]] = []  # one-cell-per-line layout, current row
    run_lines: list[str] = []

    def end_run() -> None:
        if cell_run:
            rows.append(Row(tuple(c for c, _ in cell_run), cell_run[0][1], "\n".join(run_lines)))
        cell_run.clear()
        run_lines.clear()

    def end_table() -> None:
        end_run()
        if rows:
            out.append(TableBlock(tuple(rows), rows[0].line))
            rows.clear()

    for number, line in enumerate(lines, start=1):
        body = line.lstrip(" ")
        pipes = _pipe_cells(line)
        if _RULE.match(line) and "-" in line and ("|" in line or rows):
            continue  # a Markdown table's rule line
        if body.startswith("\t") and "\t" not in body[1:]:
            cell_run.append((body[1:], number))
            run_lines.append(line)
        elif "\t" in line.rstrip("\n").lstrip(" ") or pipes:
            end_run()
            rows.append(Row(tuple(pipes or line.split("\t")), number, line))
        elif not line.strip():
            end_run()
            out.append(Para("", number))
        elif cell_run and len(line.strip()) <= _MAX_CONTINUATION:
            # A header cell broken over two lines continues here.
            text, at = cell_run[-1]
            cell_run[-1] = (text + line.strip(), at)
            run_lines.append(line)
        else:
            end_table()
            out.append(Para(line.strip().rstrip("|").strip() if line.strip().endswith("|") else line.strip(), number))
    end_table()
    return out


def lines_of(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
