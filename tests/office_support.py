"""Writing a report the way offices publish it (Word, a CMS page), from a
real report imported from its published text. Tables are laid out as in
the official template, merged header cells included, using the builder's
own official layout (nianbao.portal.layout)."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from docx import Document

from nianbao.model import template as tpl
from nianbao.model.report import Report, Table
from nianbao.portal.layout import Grid, Head, official

Placed = tuple[int, int, str, int, int]  # row, column, text, rowspan, colspan


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def paragraphs(text: str) -> list[str]:
    return [unescape(p.strip()) for p in text.split("\n\n") if p.strip()]


def grid_rows(grid: Grid, table: Table, with_caption: bool) -> list[list[tuple[str, int, int]]]:
    def raw(row: str, column: str) -> str:
        cell = table.cells.get((row, column))
        return cell.raw if cell else ""

    rows = [[(c.text, c.colspan, c.rowspan) if isinstance(c, Head) else (raw(c.row, c.column), 1, 1) for c in row]
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
            out.append(grid_rows(official(spec), report.tables[spec.key], with_caption=spec.section == "proactive"))
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


def _html_table(rows: list[list[tuple[str, int, int]]]) -> str:
    out = ['<table border="1" cellspacing="0">']
    for row in rows:
        cells = "".join(
            f'<td{f" colspan={c}" if c > 1 else ""}{f" rowspan={r}" if r > 1 else ""}><p><span>{escape(text)}</span></p></td>'
            for text, c, r in row
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_html(report: Report, path: Path, published: str) -> None:
    """A page in the style of a county government's CMS."""
    body = [f'<div class="title"><h1>{escape(report.title)}</h1></div>', '<div class="TRS_Editor" id="zoom">']
    body += [f"<p>{escape(t)}</p>" for t in paragraphs(report.preamble)]
    for section in report.sections:
        body.append(f"<p><strong>{escape(section.heading)}</strong></p>")
        body += [f'<p style="text-indent:2em">{escape(t)}</p>' for t in paragraphs(section.body)]
        body += [_html_table(rows) for rows in tables_of(report, section.key or "")]
    body.append("</div>")
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{escape(report.title)}_政府信息公开年报</title>
<script>var _hmt = _hmt || [];</script><style>.nav{{color:red}}</style></head>
<body>
<div class="header"><div class="logo">巨鹿县人民政府</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<table class="xxgk-meta"><tr><td>索引号：</td><td>11130529MB0L12345X/2026-00012</td><td>发布机构：</td><td>{escape(report.meta.organ)}</td></tr>
<tr><td>主题分类：</td><td>政务公开</td><td>发布日期：</td><td>{published}</td></tr></table>
<div class="article">{"".join(body)}</div>
<div class="share">分享到：微信 微博</div>
<div class="footer">主办单位：巨鹿县人民政府办公室 网站标识码：1305290001 冀ICP备00000000号</div>
</body></html>
"""
    path.write_text(page, encoding="utf-8")


def pdf_table(placed: list[Placed], width: int, start: int, end: int, cell_style, ruled: bool = True, widths=None, wrap: bool = False):  # noqa: ANN001, ANN202, E501
    """Rows start..end of a placed table; a span cut by the break goes on
    empty. `ruled`: drawn with ruling lines, as most offices do; `widths`:
    of the columns, else as reportlab sizes them; `wrap`: every text wraps
    in its cell (header cells stacked over two lines in narrow columns)."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [["" for _ in range(width)] for _ in range(end - start)]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, "black")] if ruled else []
    commands.append(("FONT", (0, 0), (-1, -1), "STSong-Light", cell_style.fontSize))
    for r, c, text, rowspan, colspan in placed:
        first, last = max(r, start), min(r + rowspan, end) - 1
        if last < first:
            continue
        if r >= start:
            data[r - start][c] = Paragraph(escape(text), cell_style) if wrap or len(text) * cell_style.fontSize > 48 else text
        if last > first or colspan > 1:
            commands.append(("SPAN", (c, first - start), (c + colspan - 1, last - start)))
    return Table(data, style=TableStyle(commands), colWidths=widths)


def write_pdf(report: Report, path: Path, break_table: str = "t3") -> None:
    """A text-layer PDF (reportlab, CJK font STSong-Light); the table
    `break_table` is placed so that a page break falls inside it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=9, leading=13, wordWrap="CJK")
    cell_style = ParagraphStyle("cell", parent=style, fontSize=6, leading=7)
    story = [Paragraph(escape(report.title), style)]
    story += [Paragraph(escape(t), style) for t in paragraphs(report.preamble)]
    version = tpl.load(report.meta.template)
    for section in report.sections:
        story.append(Paragraph(escape(section.heading), style))
        story += [Paragraph(escape(t), style) for t in paragraphs(section.body)]
        for spec, rows in zip([s for s in version.tables_in(section.key or "") if s.key in report.tables],
                              tables_of(report, section.key or "")):
            placed, width = place(rows)
            cuts = [0, len(rows) // 2, len(rows)] if spec.key == break_table else [0, len(rows)]
            for part, (start, end) in enumerate(zip(cuts, cuts[1:])):
                if part:
                    story.append(PageBreak())  # the page break falls inside the table
                story.append(pdf_table(placed, width, start, end, cell_style))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
