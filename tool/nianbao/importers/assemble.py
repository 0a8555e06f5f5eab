"""Blocks -> a report source in the canonical layout.

The one rule: never invent, drop or move a number. A row is placed only
when its values line up one-to-one with the template's columns; any other
row is written with empty cells and its original text kept verbatim in a
comment beside the table, and reported with its place in the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .. import names
from .. import template as tpl
from ..write import render_front_matter, render_table
from .blocks import Block, Para, Row, TableBlock
from .region import guess as guess_region

_PERIOD = re.compile(r"统计期限为\s*(\d{4})\s*年")
_BLANK = str.maketrans("", "", " \t\u00a0\u3000")
_NUMERIC = re.compile(r"^[+\-]?[\d.,]+(万元|元|件)?$")
_MD_LEAD = re.compile(r"^(\s*)([#>+=-]|\d+[.)](?=\s)|\*)")
_MD_INLINE = re.compile(r"([\\`*_\[\]|<])")


class ImportFailure(Exception):
    """The input is not a report nianbao can import."""


@dataclass(frozen=True)
class ImportProblem:
    line: int
    message: str


@dataclass
class Imported:
    text: str
    slug: str
    year: int
    template: int
    organ: str
    problems: list[ImportProblem] = field(default_factory=list)


@dataclass
class _Grid:
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    # Where the header rows put each column label: positions in the row.
    positions: dict[str, set[int]] = field(default_factory=dict)

    def columns_at(self, table: tpl.TableSpec) -> dict[str, int] | None:
        """Column key -> position, when the headers name every column once."""
        if any(len(self.positions.get(c.key, ())) != 1 for c in table.leaf_columns):
            return None
        at = {c.key: next(iter(self.positions[c.key])) for c in table.leaf_columns}
        return at if len(set(at.values())) == len(at) else None


def _clean(cell: str) -> str:
    return cell.strip(" \t\u00a0\u3000\n")


def escape_markdown(line: str) -> str:
    """Keep narrative as plain text: no Markdown construct may creep in."""
    line = _MD_INLINE.sub(r"\\\1", line.rstrip())
    return _MD_LEAD.sub(lambda m: m[1] + "\\" + m[2], line, count=1)


def _version_labels() -> dict[int, set[str]]:
    labels: dict[int, set[str]] = {}
    for version in tpl.VERSIONS:
        spec = tpl.load(version)
        labels[version] = {
            tpl.normalize_label(x)
            for t in spec.tables
            for h in (*t.rows, *t.columns)
            if not h.is_group
            for x in (h.label, *h.aliases)
        } | {tpl.normalize_label(t.corner) for t in spec.tables}
    return {v: labels[v] - set().union(*(labels[o] for o in labels if o != v)) for v in labels}


def detect_template(blocks: list[Block]) -> int | None:
    """The version whose own labels the tables use most; None if no table."""
    only = _version_labels()
    seen = [tpl.normalize_label(c) for b in blocks if isinstance(b, TableBlock) for r in b.rows for c in r.cells]
    scores = {v: sum(1 for c in seen if c in only[v]) for v in only}
    best = max(scores, key=lambda v: scores[v])
    return best if scores[best] else None


def assemble(
    blocks: list[Block],
    *,
    organ: str | None = None,
    kind: str | None = None,
    published: date | None = None,
    source_url: str | None = None,
    region: tuple[str, tuple[str, ...]] | None = None,
) -> Imported:
    """`region`: (code, names) when known; else guessed from the organ."""
    problems: list[ImportProblem] = []
    title, title_end = _title(blocks)
    parsed = names.parse_title(title)
    if parsed is None:
        raise ImportFailure(f"标题「{title}」不是「（机关名称）YYYY年政府信息公开工作年度报告」的形式")
    title_organ, year = parsed
    first_line = blocks[0].line
    if not title_organ:
        hint = "已按 --organ 填写" if organ else "请用 --organ 指定机关名称"
        problems.append(ImportProblem(first_line, f"标题未写明机关名称（{hint}）"))
    organ = organ or title_organ
    version = detect_template(blocks)
    if version is None:
        raise ImportFailure("没有找到任何统计表格")
    spec = tpl.load(version)
    preamble, sections = _sections(blocks[title_end:], spec, problems)
    for para in preamble + [p for _, _, body in sections for p in body if isinstance(p, Para)]:
        match = _PERIOD.search(para.text)
        if match and int(match[1]) != year:
            problems.append(ImportProblem(para.line, f"统计期限写的是{match[1]}年，标题写的是{year}年"))
    out = [f"# {escape_markdown(title)}", ""]
    out += _narrative(preamble)
    for key, heading, body in sections:
        out += [f"## {heading}", ""]
        out += _narrative([b for b in body if isinstance(b, Para)])
        rows = [r for b in body if isinstance(b, TableBlock) for r in b.rows]
        if spec.tables_in(key):
            for table, grid in _place(spec, key, rows, problems):
                out += [render_table(table, grid.rows, grid.unplaced), ""]
        elif rows:
            for row in rows:
                problems.append(ImportProblem(row.line, f"「{heading}」一节不应有表格，此行原文保留在正文中"))
                out += [escape_markdown(row.text.replace("\t", " ")), ""]
    slug = names.report_slug(organ, year) if organ else f"report-{year}"
    region = region or (guess_region(organ) if organ else None)
    if region is None:
        problems.append(ImportProblem(first_line, "未能从机关名称确定行政区划，请在前置元数据中填写 region（code 与 names）"))
    front = {
        "organ": organ,
        "kind": kind or (names.guess_kind(organ) if organ else "政府部门"),
        "year": year,
        "template": version,
        "region": {"code": region[0], "names": list(region[1])} if region else None,
        "published": published,
        "source_url": source_url,
        "slug": slug,
    }
    text = render_front_matter(front) + "\n" + "\n".join(out).rstrip("\n") + "\n"
    return Imported(text, slug, year, version, organ, problems)


def _title(blocks: list[Block]) -> tuple[str, int]:
    parts: list[str] = []
    for i, block in enumerate(blocks[:6]):
        if not isinstance(block, Para):
            break
        parts.append(block.text.strip())
        if "政府信息公开工作年度报告" in block.text:
            return "".join(parts), i + 1
    raise ImportFailure("找不到报告标题（「……年政府信息公开工作年度报告」）")


def _sections(
    blocks: list[Block], spec: tpl.Template, problems: list[ImportProblem]
) -> tuple[list[Para], list[tuple[str, str, list[Block]]]]:
    preamble: list[Para] = []
    sections: list[tuple[str, str, list[Block]]] = []
    expected = list(spec.sections)
    for block in blocks:
        heading = isinstance(block, Para) and next((s for s in expected if s.matches(block.text)), None)
        if heading:
            expected = expected[expected.index(heading) + 1 :]
            sections.append((heading.key, block.text.strip(), []))
        elif sections:
            sections[-1][2].append(block)
        elif isinstance(block, Para):
            preamble.append(block)
        else:
            problems.append(ImportProblem(block.line, "表格出现在第一个章节之前，原文保留在导言中"))
            preamble += [Para(r.text.replace("\t", " "), r.line) for r in block.rows]
    return preamble, sections


def _narrative(paras: list[Para]) -> list[str]:
    out: list[str] = []
    for para in paras:
        out += [escape_markdown(para.text), ""]
    return out


def _corner_of(cells: list[str], tables: tuple[tpl.TableSpec, ...]) -> tpl.TableSpec | None:
    norms = {tpl.normalize_label(c) for c in cells if c}
    for table in tables:
        if tpl.normalize_label(table.corner) in norms:
            return table
    return None


def _place(
    spec: tpl.Template, section: str, rows: list[Row], problems: list[ImportProblem]
) -> list[tuple[tpl.TableSpec, _Grid]]:
    tables = spec.tables_in(section)
    other = tpl.load(2019 if spec.version == 2021 else 2021)
    grids = {t.key: _Grid() for t in tables}
    current = tables[0] if len(tables) == 1 else None
    for row in rows:
        cells = [_clean(c) for c in row.cells]
        if not any(cells):
            continue
        named = _corner_of(cells, tables)
        if named and len(tables) > 1:
            current = named
            grids[named.key].positions.clear()
            continue
        foreign = _corner_of(cells, other.tables_in(section))
        if foreign and len(tables) > 1:
            problems.append(
                ImportProblem(row.line, f"「{foreign.label}」属于{other.version}年版模板，其后各行原文保留")
            )
            current = None
            continue
        transposed = current is not None and current.official_layout == "transposed"
        if transposed and _is_header(cells, tables, other):
            continue
        label_at = _label_index(cells, tables, current)
        if label_at is not None:
            at, table, head = label_at
            current = table
            _put(table, grids[table.key], head, cells, at, row, problems)
        elif transposed and _all_numeric(cells):
            _put_transposed(current, grids[current.key], cells, row, problems)
        elif _is_header(cells, tables, other):
            if current is not None:
                for i, text in enumerate(cells):
                    column = current.match_column(text) if text else None
                    if column:
                        grids[current.key].positions.setdefault(column.key, set()).add(i)
            continue
        else:
            target = current or tables[0]
            grids[target.key].unplaced.append(("", f"第{row.line}行：{_verbatim(row)}"))
            problems.append(ImportProblem(row.line, f"无法归入「{target.label}」的任何一行，原文已保留：{_verbatim(row)}"))
    return [(t, grids[t.key]) for t in tables if grids[t.key].rows or grids[t.key].unplaced]


def _label_index(
    cells: list[str], tables: tuple[tpl.TableSpec, ...], current: tpl.TableSpec | None
) -> tuple[int, tpl.TableSpec, tpl.Header] | None:
    """The last cell that names a data row (group labels before it are skipped)."""
    order = ([current] if current else []) + [t for t in tables if t is not current]
    for i in range(len(cells) - 1, -1, -1):
        if not cells[i] or _NUMERIC.match(cells[i].translate(_BLANK)):
            continue
        for table in order:
            head = table.match_row(cells[i])
            if head:
                return i, table, head
    return None


def _all_numeric(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(_NUMERIC.match(c.translate(_BLANK)) for c in filled)


def _is_header(cells: list[str], tables: tuple[tpl.TableSpec, ...], other: tpl.Template) -> bool:
    """A row of column headings (of either version), which carries no number."""
    known: set[str] = set()
    for table in (*tables, *other.tables):
        known |= {tpl.normalize_label(x) for h in (*table.columns, *table.rows) for x in (h.label, *h.aliases)}
        known |= {tpl.normalize_label(table.corner)}
        if table.head:
            known.add(tpl.normalize_label(table.head))
    known = {tpl.normalize_label(k) for k in known}
    return all(tpl.normalize_label(c) in known for c in cells if c)


def _verbatim(row: Row) -> str:
    return row.text.replace("\n", "⏎")


def _trim(values: list[str]) -> list[str]:
    while values and not values[-1]:
        values.pop()
    return values


def _put(
    table: tpl.TableSpec, grid: _Grid, head: tpl.Header, cells: list[str], at: int, row: Row,
    problems: list[ImportProblem],
) -> None:
    """Place the values after the label cell `at`: under the header's column
    positions when the headers give each column one place and the row has
    nothing elsewhere; else only when the values line up one to one."""
    columns = table.leaf_columns
    if head.key in grid.rows:
        problems.append(ImportProblem(row.line, f"「{head.label}」行重复出现，第二次的原文已保留"))
        grid.unplaced.append((head.key, f"第{row.line}行：{_verbatim(row)}"))
        return
    positions = grid.columns_at(table)
    if positions and min(positions.values()) > at:
        used = set(positions.values())
        if all(not cells[i] for i in range(at + 1, len(cells)) if i not in used) and max(used) < len(cells):
            grid.rows[head.key] = {key: cells[i] for key, i in positions.items()}
            return
    values = cells[at + 1 :]
    # Empty cells right after the label are merged label columns in one
    # layout and blank values in another: only a row that needs no such
    # guess is placed.
    shifted = _trim(list(values))
    while shifted and not shifted[0]:
        shifted.pop(0)
    if len(shifted) == len(columns):
        grid.rows[head.key] = {c.key: v for c, v in zip(columns, shifted)}
        return
    grid.rows[head.key] = {}
    grid.unplaced.append((head.key, f"第{row.line}行：{_verbatim(row)}"))
    problems.append(
        ImportProblem(
            row.line,
            f"「{head.label}」行有 {len(shifted)} 个值，模板有 {len(columns)} 列，无法确定对应关系：各格留空，原文已保留",
        )
    )


def _put_transposed(
    table: tpl.TableSpec, grid: _Grid, cells: list[str], row: Row, problems: list[ImportProblem]
) -> None:
    """The official one-row layout (表四): rows of the model laid end to end."""
    values = _trim(list(cells))
    while values and not values[0]:
        values.pop(0)
    rows, columns = table.leaf_rows, table.leaf_columns
    if len(values) != len(rows) * len(columns) or grid.rows:
        grid.unplaced.append(("", f"第{row.line}行：{_verbatim(row)}"))
        problems.append(
            ImportProblem(
                row.line,
                f"「{table.label}」数据行有 {len(values)} 个值，模板有 {len(rows) * len(columns)} 格：原文已保留",
            )
        )
        return
    for i, head in enumerate(rows):
        chunk = values[i * len(columns) : (i + 1) * len(columns)]
        grid.rows[head.key] = {c.key: v for c, v in zip(columns, chunk)}
