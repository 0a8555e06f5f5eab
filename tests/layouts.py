"""One report in many layouts: the ways real offices, crawlers, PDF
extractors and OCR tools lay out the same report.

A report (a source of content/reports, or a report of the import corpus's
truth) becomes a `Doc`: title, paragraphs per section, and each table's rows
as (label, values). Each layout renders a Doc as an input file; importing it
must give the report's own cells, or leave a cell blank with a located
warning, never another number. Transformations of the text (half-width
punctuation, shortened and garbled labels, page furniture) apply to any
layout.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from nianbao.model import template as tpl
from nianbao.model.report import Report

Cells = dict[tuple[str, str, str], str]


@dataclass(frozen=True)
class Table:
    spec: tpl.TableSpec
    caption: str  # the corner/caption written above or in the header row
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (label, values); a group label has no values


@dataclass(frozen=True)
class Doc:
    title: str
    year: int
    preamble: tuple[str, ...]
    sections: tuple[tuple[str, tuple[str, ...], tuple[Table, ...]], ...]  # (heading, paragraphs, tables)
    cells: Cells  # what the import must give (raw text, "" blank)


def _paragraphs(body: str) -> tuple[str, ...]:
    out = []
    for block in re.split(r"\n\s*\n", body):
        text = "".join(line for line in block.splitlines() if not line.startswith(("|", "<!--")))
        text = text.replace("\\", "").strip()
        if text:
            out.append(text)
    return tuple(out)


def _tables(spec: tpl.Template, section: str, cells: Cells) -> tuple[Table, ...]:
    out = []
    for table in spec.tables_in(section):
        rows: list[tuple[str, tuple[str, ...]]] = []
        for head in table.rows:
            if head.is_group:
                rows.append((head.label, ()))
            else:
                rows.append((head.label, tuple(cells[(table.key, head.key, c.key)] for c in table.leaf_columns)))
        columns = tuple(c.label for c in table.columns)
        out.append(Table(table, table.corner, columns, tuple(rows)))
    return tuple(out)


def from_report(report: Report) -> Doc:
    spec = report.template
    cells: Cells = {}
    for table in spec.tables:
        tab = report.tables.get(table.key)
        for head in table.leaf_rows:
            for column in table.leaf_columns:
                cell = tab.cells.get((head.key, column.key)) if tab else None
                cells[(table.key, head.key, column.key)] = "" if cell is None or cell.blank else cell.raw.strip()
    by_key = {s.key: s for s in report.sections}
    sections = tuple(
        (section.label, _paragraphs(by_key[section.key].body) if section.key in by_key else (), _tables(spec, section.key, cells))
        for section in spec.sections
    )
    return Doc(report.title, report.meta.year, _paragraphs(report.preamble), sections, cells)


def from_truth(report: dict) -> Doc:
    """A report of tests/fixtures/import/truth.yaml (cells not listed are 0)."""
    spec = tpl.load(report["template"])
    cells: Cells = {}
    for table in spec.tables:
        for head in table.leaf_rows:
            values = report["cells"].get(f"{table.key}.{head.key}", [0] * len(table.leaf_columns))
            for column, value in zip(table.leaf_columns, values):
                cells[(table.key, head.key, column.key)] = str(value)
    sections = tuple(
        (s.label, tuple(report["sections"].get(s.key, [])), _tables(spec, s.key, cells)) for s in spec.sections
    )
    return Doc(report["title"], report["year"], tuple(report["preamble"]), sections, cells)


# -- layouts ---------------------------------------------------------------

Layout = Callable[[Doc], tuple[str, bytes]]


def _lines(doc: Doc, table_lines: Callable[[Table], list[str]], blank_between: bool = True) -> list[str]:
    out = [doc.title, ""]
    out += [p for para in doc.preamble for p in (para, "")]
    for heading, paragraphs, tables in doc.sections:
        out += [heading, ""]
        out += [p for para in paragraphs for p in (para, "")]
        for table in tables:
            out += table_lines(table) + ([""] if blank_between else [])
    return out


def _text(lines: list[str]) -> tuple[str, bytes]:
    return ".txt", ("\n".join(lines) + "\n").encode("utf-8")


def _header(table: Table) -> list[str]:
    return [table.caption, *table.columns]


def row_per_line(doc: Doc) -> tuple[str, bytes]:
    """「label v v v」 a row a line; a blank cell is 「-」 as many offices print it."""
    def lines(t: Table) -> list[str]:
        return [" ".join(_header(t))] + [" ".join([label, *(v or "-" for v in values)]) for label, values in t.rows]
    return _text(_lines(doc, lines))


def tabs(doc: Doc) -> tuple[str, bytes]:
    def lines(t: Table) -> list[str]:
        return ["\t".join(_header(t))] + ["\t".join([label, *values]) if values else label for label, values in t.rows]
    return _text(_lines(doc, lines))


def pipes(doc: Doc) -> tuple[str, bytes]:
    """「| label | v | v |」 without a Markdown rule line."""
    def lines(t: Table) -> list[str]:
        return ["| " + " | ".join(_header(t)) + " |"] + [
            "| " + " | ".join([label, *values]) + " |" for label, values in t.rows if values
        ]
    return _text(_lines(doc, lines))


def markdown(doc: Doc) -> tuple[str, bytes]:
    def lines(t: Table) -> list[str]:
        width = 1 + len(t.spec.leaf_columns)
        head = [t.caption, *(c.label for c in t.spec.leaf_columns)]
        return ["| " + " | ".join(head) + " |", "|" + "---|" * width] + [
            "| " + " | ".join([label, *values]) + " |" for label, values in t.rows if values
        ]
    suffix, data = _text(_lines(doc, lines))
    return ".md", data


def cell_per_line(doc: Doc) -> tuple[str, bytes]:
    """The label on a line, then each value on a line of its own; a blank
    cell is an empty line; rows separated by nothing."""
    def lines(t: Table) -> list[str]:
        out = list(_header(t))
        for label, values in t.rows:
            out += [label, *values] if values else [label]
        return out
    return _text(_lines(doc, lines, blank_between=True))


def blank_separated(doc: Doc) -> tuple[str, bytes]:
    """Every cell, the label too, followed by an empty line; a blank cell is
    one more empty line."""
    def lines(t: Table) -> list[str]:
        out: list[str] = []
        for label, values in t.rows:
            if not values:
                continue
            out += [label, ""]
            for value in values:
                out += [value, ""] if value else [""]
        return out
    return _text(_lines(doc, lines, blank_between=False))


def pdf_wrapped(doc: Doc) -> tuple[str, bytes]:
    """As text copied from a PDF: long labels wrapped at 12 characters with
    the values after the last piece, the vertical header 「三、本年度办理结果」
    one character a line inside 表三, a page number between rows."""
    def lines(t: Table) -> list[str]:
        out = [" ".join(_header(t))]
        for n, (label, values) in enumerate(t.rows):
            if label == "三、本年度办理结果":
                continue
            pieces = [label[i : i + 12] for i in range(0, len(label), 12)]
            out += pieces[:-1]
            out.append(" ".join([pieces[-1], *(v or "-" for v in values)]) if values else pieces[-1])
            if t.spec.key == "t3" and n in (4, 10):
                out += list("三、本年度办理结果"[n // 4 * 3 : n // 4 * 3 + 3])
            if t.spec.key == "t3" and n == 12:
                out += ["- 3 -"]
        return out
    return _text(_lines(doc, lines))


def one_line_glued(doc: Doc) -> tuple[str, bytes]:
    """A crawler's dump: the whole report on one line, each row's cells glued."""
    def lines(t: Table) -> list[str]:
        return ["".join(_header(t))] + ["".join([label, *values]) for label, values in t.rows]
    text = "".join(line for line in _lines(doc, lines) if line)
    return ".txt", (text + "\n").encode("utf-8")


def one_line_spaced(doc: Doc) -> tuple[str, bytes]:
    """The whole report on one line, everything separated by single spaces."""
    def lines(t: Table) -> list[str]:
        return [" ".join(_header(t))] + [" ".join([label, *(v or "-" for v in values)]) for label, values in t.rows]
    text = " ".join(line for line in _lines(doc, lines) if line)
    return ".txt", (text + "\n").encode("utf-8")


def ocr_markdown(doc: Doc) -> tuple[str, bytes]:
    """An OCR tool's Markdown: 表三 one small table a row under 「数据1…」
    headers, numbered labels written 「1. 属于…」, group labels glued in front."""
    def lines(t: Table) -> list[str]:
        out: list[str] = []
        group = ""
        for label, values in t.rows:
            if not values:
                group = label
                continue
            written = re.sub(r"^([0-9])\.", r"\1. ", label)
            if group and t.spec.key == "t3":
                written, group = f"{group} {written}", ""
            heads = ["项目", *(f"数据{i + 1}" for i in range(len(values)))]
            out += ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads),
                    "| " + " | ".join([written, *values]) + " |", ""]
        return out
    suffix, data = _text(_lines(doc, lines))
    return ".md", data


def _html(doc: Doc) -> str:
    parts = [f"<html><head><meta charset='{{charset}}'><title>{doc.title}</title></head><body>",
             f"<h1>{doc.title}</h1>"]
    parts += [f"<p>{p}</p>" for p in doc.preamble]
    for heading, paragraphs, tables in doc.sections:
        parts.append(f"<p><strong>{heading}</strong></p>")
        parts += [f"<p>{p}</p>" for p in paragraphs]
        for t in tables:
            k = len(t.spec.leaf_columns)
            rows = [f"<tr><td>{t.caption}</td>" + "".join(f"<td>{c.label}</td>" for c in t.spec.leaf_columns) + "</tr>"]
            # 表三: a group's label in a cell spanning its rows (rowspan); other rows span both label columns.
            spans = _group_spans(t)
            covered = 0
            for label, values in t.rows:
                if not values:
                    continue
                cells = "".join(f"<td>{v or '&nbsp;'}</td>" for v in values)
                if t.spec.key != "t3":
                    rows.append(f"<tr><td>{label}</td>{cells}</tr>")
                elif label in spans:
                    group, size = spans[label]
                    covered = size - 1
                    rows.append(f"<tr><td rowspan='{size}'>{group}</td><td>{label}</td>{cells}</tr>")
                elif covered:
                    covered -= 1
                    rows.append(f"<tr><td>{label}</td>{cells}</tr>")
                else:
                    rows.append(f"<tr><td colspan='2'>{label}</td>{cells}</tr>")
            parts.append(f"<table data-columns='{k}'>" + "".join(rows) + "</table>")
    return "".join(parts) + "</body></html>"


def _group_spans(t: Table) -> dict[str, tuple[str, int]]:
    """The first child row of each group whose children are all leaves -> (group label, rows)."""
    out: dict[str, tuple[str, int]] = {}
    for head in t.spec.rows:
        children = [t.spec.row(c) for c in head.children]
        if children and not any(c.is_group for c in children):
            out[children[0].label] = (head.label, len(children))
    return out


def html(doc: Doc) -> tuple[str, bytes]:
    return ".html", _html(doc).replace("{charset}", "utf-8").encode("utf-8")


def html_gbk(doc: Doc) -> tuple[str, bytes]:
    return ".html", _html(doc).replace("{charset}", "gbk").encode("gb18030")


def docx(doc: Doc) -> tuple[str, bytes]:
    """A Word document; 表三's group labels in cells merged down their rows,
    other rows' labels in cells merged across both label columns."""
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(doc.title)
    for para in doc.preamble:
        document.add_paragraph(para)
    for heading, paragraphs, tables in doc.sections:
        document.add_paragraph(heading)
        for para in paragraphs:
            document.add_paragraph(para)
        for t in tables:
            data = [(label, values) for label, values in t.rows if values]
            k = len(t.spec.leaf_columns)
            lead = 2 if t.spec.key == "t3" else 1  # 表三: a group column, merged down each group's rows
            grid = document.add_table(rows=len(data) + 1, cols=k + lead)
            grid.cell(0, 0).text = t.caption
            if lead == 2:
                grid.cell(0, 0).merge(grid.cell(0, 1))
            for j, column in enumerate(t.spec.leaf_columns):
                grid.cell(0, j + lead).text = column.label
            spans = _group_spans(t) if lead == 2 else {}
            covered = 0
            for i, (label, values) in enumerate(data, start=1):
                grid.cell(i, lead - 1).text = label
                for j, value in enumerate(values):
                    grid.cell(i, j + lead).text = value
                if lead == 1:
                    continue
                if label in spans:
                    group, size = spans[label]
                    grid.cell(i, 0).text = group
                    grid.cell(i, 0).merge(grid.cell(i + size - 1, 0))
                    covered = size - 1
                elif covered:
                    covered -= 1
                else:
                    merged = grid.cell(i, 0).merge(grid.cell(i, 1))
                    merged.text = label
    out = io.BytesIO()
    document.save(out)
    return ".docx", out.getvalue()


LAYOUTS: dict[str, Layout] = {
    "row_per_line": row_per_line,
    "tabs": tabs,
    "pipes": pipes,
    "markdown": markdown,
    "cell_per_line": cell_per_line,
    "blank_separated": blank_separated,
    "pdf_wrapped": pdf_wrapped,
    "one_line_glued": one_line_glued,
    "one_line_spaced": one_line_spaced,
    "ocr_markdown": ocr_markdown,
    "html": html,
    "html_gbk": html_gbk,
    "docx": docx,
}


# -- transformations of the text -------------------------------------------

_HALF = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "“": '"', "”": '"'})


def half_width(doc: Doc) -> Doc:
    """Labels and headings with half-width punctuation."""
    def table(t: Table) -> Table:
        return replace(t, rows=tuple((label.translate(_HALF), values) for label, values in t.rows))
    return replace(doc, sections=tuple((h.translate(_HALF), p, tuple(map(table, ts))) for h, p, ts in doc.sections))


SHORT = {"（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部分公开",
         "5.要求行政机关确认或重新出具已获取信息": "5.要求确认或重新出具已获取信息"}
GARBLED = {"1.信访举报投诉类申请": "1.信访举报投拆类申请", "2.没有现成信息需要另行制作": "2.没有现成信息需另行制作"}


def short_garbled(doc: Doc) -> Doc:
    """Shortened labels and labels with a character written wrong or dropped."""
    def table(t: Table) -> Table:
        return replace(t, rows=tuple((GARBLED.get(SHORT.get(l, l), SHORT.get(l, l)), v) for l, v in t.rows))
    return replace(doc, sections=tuple((h, p, tuple(map(table, ts))) for h, p, ts in doc.sections))


def numbered_with_comma(doc: Doc) -> Doc:
    """Sub-row labels numbered 「1、」 instead of 「1.」."""
    def table(t: Table) -> Table:
        return replace(t, rows=tuple((re.sub(r"^([0-9])\.", r"\1、", l), v) for l, v in t.rows))
    return replace(doc, sections=tuple((h, p, tuple(map(table, ts))) for h, p, ts in doc.sections))


TRANSFORMS: dict[str, Callable[[Doc], Doc]] = {
    "half_width": half_width,
    "short_garbled": short_garbled,
    "numbered_with_comma": numbered_with_comma,
}


def write(doc: Doc, layout: str, folder: Path, name: str = "report") -> Path:
    suffix, data = LAYOUTS[layout](doc)
    path = folder / f"{name}{suffix}"
    path.write_bytes(data)
    return path
