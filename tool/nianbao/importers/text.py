"""Published text, as copied or extracted from the original, -> blocks.

Two layouts occur (spec §7): one cell per line, each behind a tab, rows
separated by blank lines (a header cell broken over two lines continues on
a line with no tab); or one row per line with tab-separated cells.
"""

from __future__ import annotations

from .blocks import Block, Para, Row, TableBlock


_MAX_CONTINUATION = 20


def _is_row_line(line: str) -> bool:
    return "\t" in line.rstrip("\n").lstrip(" ")


def extract(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
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
            blocks.append(TableBlock(tuple(rows), rows[0].line))
            rows.clear()

    for number, line in enumerate(lines, start=1):
        body = line.lstrip(" ")
        if body.startswith("\t") and "\t" not in body[1:]:
            cell_run.append((body[1:], number))
            run_lines.append(line)
        elif _is_row_line(line):
            end_run()
            rows.append(Row(tuple(line.split("\t")), number, line))
        elif not line.strip():
            end_run()
        elif cell_run and len(line.strip()) <= _MAX_CONTINUATION:
            # A header cell broken over two lines continues here.
            text, at = cell_run[-1]
            cell_run[-1] = (text + line.strip(), at)
            run_lines.append(line)
        else:
            end_table()
            blocks.append(Para(line.strip(), number))
    end_table()
    return blocks
