"""Writing a report the way offices publish it (Word, a CMS page), from a
real report imported from its published text. Tables are laid out as in
the official template, merged header cells included, using the builder's
own official layout (nianbao.build.layout)."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

from nianbao import template as tpl
from nianbao.build.layout import Grid, Head, official
from nianbao.model import Report

Placed = tuple[int, int, str, int, int]  # row, column, text, rowspan, colspan


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def paragraphs(text: str) -> list[str]:
    return [unescape(p.strip()) for p in text.split("\n\n") if p.strip()]


def grid_rows(grid: Grid, with_caption: bool) -> list[list[tuple[str, int, int]]]:
    rows = [[(c.text, c.colspan, c.rowspan) if isinstance(c, Head) else (c.raw, 1, 1) for c in row]
            for row in [*grid.header, *grid.body]]
    if with_caption:
        rows.insert(0, [(grid.caption, sum(c[1] for c in rows[0]), 1)])
    return rows


def place(rows: list[list[tuple[str, int, int]]]) -> tuple[list[Placed], int]:
    """Cells at their grid positions, honouring rowspan and colspan."""
    taken: set[tuple[int, int]] = set()
    placed: list[Placed] = []
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, colspan, rowspan in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, text, rowspan, colspan))
            taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
            c += colspan
            width = max(width, c)
    return placed, width


def tables_of(report: Report, section: str) -> list[list[list[tuple[str, int, int]]]]:
    version = tpl.load(report.meta.template)
    out = []
    for spec in version.tables_in(section):
        if spec.key in report.tables:
            out.append(grid_rows(official(spec, report.tables[spec.key]), with_caption=spec.section == "proactive"))
    return out


def write_docx(report: Report, path: Path) -> None:
    doc = Document()
    doc.add_paragraph(report.title)
    for text in paragraphs(report.preamble):
        doc.add_paragraph(text)
    for section in report.sections:
        doc.add_paragraph(section.heading)
        for text in paragraphs(section.body):
            doc.add_paragraph(text)
        for rows in tables_of(report, section.key or ""):
            placed, width = place(rows)
            table = doc.add_table(rows=len(rows), cols=width)
            for r, c, text, rowspan, colspan in placed:
                cell = table.cell(r, c)
                if rowspan > 1 or colspan > 1:
                    cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
                cell.text = text
    doc.save(str(path))
