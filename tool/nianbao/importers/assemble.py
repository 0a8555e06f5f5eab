"""An extractor's paragraphs and rows -> a report source in the canonical layout.

The title gives organ and year (else --organ, --year or the statistics
period); the tables' own labels give the template version; short numbered
lines holding a section's words are its headings; everything else is read
by the table reader (tables.py) or kept as narrative, in order.

The one rule: never invent, drop or move a number. What the table reader
cannot place is written with empty cells and its input kept verbatim in a
comment beside the table, and reported with its place in the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from ..base.paths import ORIGINALS
from ..model import names
from ..model import template as tpl
from ..model.provenance import Place
from ..model.report import Meta, Original
from ..model.write import render_front_matter, render_table
from . import glue
from .blocks import Extracted, ImportFailure, ImportProblem, Para, Row, TableBlock, is_text_box
from .labels import key, labels
from .paragraphs import is_furniture, join, looks_wrapped
from .region import guess as guess_region
from .segment import rejoin, split
from .tables import Grid, TableReader, pieces_of

_PERIOD = re.compile(names.PERIOD.pattern + r"|(\d{4})\s*年\s*1\s*月\s*1\s*日\s*起?\s*(?:至|到|—|－|-)\s*(?:\d{4}\s*年\s*)?12\s*月\s*31\s*日")
_MD_LEAD = re.compile(r"^(\s*)([#>+=-]|\d+[.)](?=\s)|\*)")
_MD_INLINE = re.compile(r"([\\`*_\[\]|<])")
TITLE_LINES = 4  # a title broken over at most this many lines


@dataclass
class Imported:
    text: str
    slug: str
    year: int
    template: int
    organ: str
    problems: list[ImportProblem] = field(default_factory=list)
    spans: list[Place] = field(default_factory=list)  # where each piece of the input went, in the input's order
    original: dict[str, str] | None = None  # the document imported: file, sha256 (and where a copy is kept)


Item = Para | Row


def escape_markdown(line: str) -> str:
    """Keep narrative as plain text: no Markdown construct may creep in."""
    line = _MD_INLINE.sub(r"\\\1", line.rstrip())
    return _MD_LEAD.sub(lambda m: m[1] + "\\" + m[2], line, count=1)


def _items(blocks: list[Para | TableBlock]) -> list[Item]:
    out: list[Item] = []
    for block in blocks:
        first = not any(isinstance(item, Row) or item.text.strip() for item in out)
        if isinstance(block, TableBlock) and is_text_box([row.cells for row in block.rows]):
            for row in block.rows:
                text = next((c for c in row.cells if c and c.strip()), "")
                out += split(Para(text, row.line, row.page), first and not out)
        elif isinstance(block, TableBlock):
            out += block.rows
        else:
            out += split(block, first)
    return out


def _texts(item: Item) -> list[str]:
    return [p.text for group in pieces_of(item) for p in group if p.kind == "text"]


@cache
def _version_labels() -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for version in tpl.versions():
        spec = tpl.load(version)
        found[version] = {key(x) for t in spec.tables for h in (*t.rows, *t.columns) for x in (h.label, *h.aliases)}
    return {v: found[v] - set().union(*(found[o] for o in found if o != v)) for v in found}


def detect_template(items: list[Item], year: int | None) -> int | None:
    """The version whose own labels the tables use most; else the one the
    year requires; None when nothing in the input is a table label."""
    only = _version_labels()
    seen = [key(t) for item in items for t in _texts(item)]
    scores = {v: sum(1 for t in seen if t in only[v]) for v in only}
    best = max(scores, key=lambda v: scores[v])
    if scores[best]:
        return best
    if year is not None and any(labels(tpl.version_for_year(year)).row(t) for t in seen):
        return tpl.version_for_year(year)
    return None


def _heading(text: str, spec: tpl.Template) -> tpl.SectionSpec | None:
    """The section a line heads, however worded; None for any other line."""
    stripped = re.sub(r"^[#*\s【\[]+|[*\s】\]]+$", "", text)
    return next((s for s in spec.sections if s.matches(stripped, renumbered=True)), None) if stripped else None


def _row_text(item: Item) -> str:
    """An item's text as it stood: a row's cells joined by spaces."""
    if isinstance(item, Para):
        return item.text
    return " ".join(c.strip() for c in item.cells if c and c.strip())


def _line_text(item: Item) -> str:
    if isinstance(item, Para):
        return item.text
    cells = [c.strip() for c in item.cells if c and c.strip()]
    return cells[0] if len(cells) == 1 else ""


def _title(items: list[Item], stated: str | None) -> tuple[str, set[int]] | None:
    """The title and the items it takes: the line that ends in 「…年度报告」,
    with as few lines before it as make a title naming the organ (a title
    broken over lines; a running header above it stays out)."""
    texts = [(i, _line_text(item).strip()) for i, item in enumerate(items[:40])]
    texts = [(i, t) for i, t in texts if t]
    for end, (_, last) in enumerate(texts):
        if "报告" not in last:
            continue
        found = None
        for start in range(end, max(end - TITLE_LINES, -1), -1):
            parts = texts[start : end + 1]
            joined = "".join(t for _, t in parts)
            parsed = names.parse_title(joined)
            if parsed and (parsed[0] or found is None):
                found = (joined, {i for i, _ in parts})
                if parsed[0]:
                    break
        if found:
            return found
    if stated and names.parse_title(stated):
        return stated, set()
    return None


def _year_in_text(items: list[Item]) -> int | None:
    for item in items:
        if isinstance(item, Para):
            match = _PERIOD.search(item.text)
            if match:
                return int(match[1] or match[2])
    return None


@dataclass
class _Sections:
    preamble: list[Para] = field(default_factory=list)
    headings: dict[str, Para] = field(default_factory=dict)
    bodies: dict[str, list[Para]] = field(default_factory=dict)
    spans: list[Place] = field(default_factory=list)  # where each piece of the input went

    def went(self, item: Item, kind: str, to: str, text: str | None = None) -> None:
        text = item.text if text is None else text
        if text.strip():
            self.spans.append(Place(item.line, item.page, item.col if isinstance(item, Para) else 0, kind, to, text))


def _read(
    items: list[Item], spec: tpl.Template, title: str, skip: set[int], problems: list[ImportProblem]
) -> tuple[_Sections, dict[str, Grid]]:
    """Walk the document once: headings, table rows and narrative, in order.
    The title again further down is a running header, left out."""
    out = _Sections()
    reader = TableReader(labels(spec.version))
    remaining = list(spec.sections)
    current: tpl.SectionSpec | None = None
    for i, item in enumerate(items):
        if i in skip:
            out.went(item, "title", "title", _row_text(item))
            continue
        text = _line_text(item)
        if text and names.fold(text) == names.fold(title):
            out.went(item, "drop", "running title", _row_text(item))
            continue
        titled = out.headings and "年度报告" in text and len(text) <= 60 and "，" not in text  # a title, not a sentence
        other = names.parse_title(text) if titled else None
        if other and other[1] and names.fold(text) != names.fold(title):
            raise ImportFailure(f"第{item.line}行又有一个标题「{text.strip()}」：文件中有不止一份报告，请分开后再逐份导入")
        section = _heading(text, spec) if text else None
        if section and section in remaining and not reader.is_row_label(text):
            reader.end_region()
            if any(s.key in out.headings for s in spec.sections[spec.sections.index(section) + 1 :]):
                problems.append(ImportProblem(item.line, f"章节「{text.strip()}」在原文中的位置与模板的顺序不同（按模板顺序写出）", item.page))
            remaining = [s for s in remaining if s is not section]
            current = section
            out.headings[section.key] = Para(text.strip(), item.line, item.page)
            out.bodies[section.key] = []
            out.went(item, "heading", section.key, _row_text(item))
            continue
        has_tables = current is None or bool(spec.tables_in(current.key))
        if reader.feed(item, strict=not has_tables):
            continue
        body = out.preamble if current is None else out.bodies[current.key]
        where = current.key if current else "preamble"
        if isinstance(item, Para) and is_furniture(item.text):
            out.went(item, "drop", "page")
            continue
        if isinstance(item, Row):
            verbatim = _row_text(item)
            if not verbatim:
                continue
            out.went(item, "para", where, verbatim)
            if has_tables and current is not None:
                # In a section with tables, a row no table takes may be a row of its table misread: a person looks.
                message = f"表格中的这一行既不是模板中的行，也不是表头，原文保留在正文中：{verbatim}"
                problems.append(ImportProblem(item.line, message, item.page))
            # Elsewhere (a layout table around text) the line is simply text, kept: nothing to do.
            body.append(Para(verbatim, item.line, item.page))
        else:
            out.went(item, "para", where)
            body.append(item)
    narrative = "\n".join(p.text for p in out.preamble + [p for body in out.bodies.values() for p in body])
    grids = reader.finish(narrative)
    problems += reader.problems
    out.spans += reader.spans
    return out, grids


def _complete(spec: tpl.Template, grids: dict[str, Grid], problems: list[ImportProblem], last_line: int) -> None:
    """Every table that was begun gets all its rows (missing ones blank), and
    where rows are missing the report says so: at the end, the text was cut off."""
    begun = [t for t in spec.tables if t.key in grids and grids[t.key].rows]
    absent = [spec.table_name(t) for t in spec.tables if t not in begun]
    if absent:
        problems.append(ImportProblem(last_line, f"原文中没有找到{'、'.join(absent)}"))
    for table in begun:
        grid = grids[table.key]
        # The rows of a group the original printed as one row of its own are not missing: the group stands for them.
        printed = {g for g, _ in table.row_groups if any(grid.rows.get(g, {}).values())}
        for group in sorted(printed):
            if not any(k in grid.rows for k in table.leaves("rows", group)):
                problems.append(ImportProblem(
                    last_line, f"原文把「{table.row(group).label}」印成一行合计，没有分项：按合计写入，分项不补空行"))
        missing = [h for h in table.leaf_rows if h.key not in grid.rows and h.parent not in printed]
        if not missing:
            continue
        last = grid.last_row
        tail = last is not None and all(table.leaf_rows.index(h) > last[0] for h in missing)
        if tail and table is begun[-1] and last is not None:
            problems.append(
                ImportProblem(last_line, f"{spec.table_name(table)}在「{last[1]}」行之后中断，原文可能不完整：其后各行留空")
            )
        else:
            problems.extend(_missing(spec.table_name(table), table.leaf_rows, missing, grid, last_line))
        for head in missing:
            grid.rows[head.key] = {}


def _missing(name: str, leaves: tuple[tpl.Header, ...], missing: list[tpl.Header], grid: Grid,
             last_line: int) -> list[ImportProblem]:
    """Rows of a table the original lacks, said run by run at the row read
    just before (or after) them, with its page: where a person looks."""
    runs: list[list[tpl.Header]] = []
    for head in missing:
        index = leaves.index(head)
        if runs and leaves.index(runs[-1][-1]) == index - 1:
            runs[-1].append(head)
        else:
            runs.append([head])
    problems = []
    for run in runs:
        first, last = leaves.index(run[0]), leaves.index(run[-1])
        before = next((h for h in reversed(leaves[:first]) if h.key in grid.where), None)
        after = next((h for h in leaves[last + 1 :] if h.key in grid.where), None)
        near = before or after
        line, page = grid.where[near.key] if near is not None else (last_line, None)
        at = f"，应在「{before.label}」行之后" if before else f"，应在「{after.label}」行之前" if after else ""
        labels = "、".join(f"「{h.label}」" for h in run[:3]) + ("等" if len(run) > 3 else "")
        problems.append(ImportProblem(line, f"{name}缺少 {len(run)} 行（{labels}）{at}：各格留空", page))
    return problems


def _check_sums(spec: tpl.Template, grids: dict[str, Grid], problems: list[ImportProblem], line: int) -> None:
    """After OCR: the tables' own sums, so that a misread digit is looked at."""
    for table in spec.tables:
        grid = grids.get(table.key)
        if grid is None or not table.sums:
            continue
        values = {
            (row, column): int(raw)
            for row, cells in grid.rows.items()
            for column, raw in cells.items()
            if raw.strip().isascii() and raw.strip().isdigit()
        }
        for total, where, left, right in glue.broken(table, values):
            axis = table.row(where).label if total.axis == "columns" else table.column(where).label
            problems.append(
                ImportProblem(line, f"{spec.table_name(table)}「{axis}」：按勾稽关系应相等的两边为 {left} 和 {right}，可能有数字识别错误，请核对扫描件")
            )


def assemble(
    extracted: Extracted,
    *,
    organ: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    published: date | None = None,
    source_url: str | None = None,
    region: tuple[str, tuple[str, ...]] | None = None,
    original: dict[str, Any] | None = None,
) -> Imported:
    """`region`: (code, names) when known; else guessed from the organ."""
    items = _items(extracted.blocks)
    if not items:
        raise ImportFailure("没有任何文字")
    problems = list(extracted.problems)
    first_line = items[0].line
    found = _title(items, extracted.title)
    if found:
        title, title_items = found
        title_organ, title_year = names.parse_title(title) or ("", 0)
        if year and year != title_year:
            problems.append(ImportProblem(first_line, f"标题写的是{title_year}年，已按 --year 写作{year}年"))
        year = year or title_year
        if not title_organ:
            hint = "已按 --organ 填写" if organ else "请用 --organ 指定机关名称"
            problems.append(ImportProblem(first_line, f"标题未写明机关名称（{hint}）"))
        organ = organ or title_organ
    else:
        title_items = set()
        year = year or _year_in_text(items)
        missing = [what for what, value in (("--organ 指定机关名称", organ), ("--year 指定年度", year)) if not value]
        if missing:
            raise ImportFailure(
                "找不到报告标题（「……年政府信息公开工作年度报告」）" + ("，正文中也没有统计期限" if not year else "")
                + "：请用 " + "、".join(missing)
            )
        title = f"{organ}{year}年政府信息公开工作年度报告"
        problems.append(ImportProblem(first_line, f"原文没有标题，已按机关和年度写作「{title}」"))
    assert year is not None
    version = detect_template(items, year)
    if version is None:
        raise ImportFailure("没有找到任何统计表格")
    spec = tpl.load(version)
    sections, grids = _read(items, spec, title, title_items, problems)
    _complete(spec, grids, problems, items[-1].line)
    if extracted.scanned:
        _check_sums(spec, grids, problems, items[-1].line)
    wrapped = extracted.wrapped or looks_wrapped(
        sections.preamble + [p for body in sections.bodies.values() for p in body]
    )
    for para in sections.preamble + [p for body in sections.bodies.values() for p in body]:
        match = _PERIOD.search(para.text)
        stated = match and int(match[1] or match[2])
        if stated and stated != year:
            problems.append(ImportProblem(para.line, f"统计期限写的是{stated}年，标题写的是{year}年", para.page))
    out = [f"# {escape_markdown(title)}", ""]
    out += _narrative(sections.preamble, wrapped)
    for section in spec.sections:
        tables = [t for t in spec.tables_in(section.key) if t.key in grids]
        heading = sections.headings.get(section.key)
        if heading is None and not tables:
            continue
        if heading is None:
            problems.append(ImportProblem(first_line, f"原文中找不到「{section.label}」的章节标题，已按模板补上"))
        written = heading.text if heading else section.label
        if heading and not section.matches(heading.text):
            # numbered otherwise in the original (「三、政府信息公开行政复议、行政诉讼情况」 for 四): the template's heading
            problems.append(ImportProblem(heading.line, f"章节标题「{heading.text}」的编号与模板不同，按内容写作「{section.label}」", heading.page))
            written = section.label
        out += [f"## {escape_markdown(written)}", ""]
        out += _narrative(sections.bodies.get(section.key, []), wrapped)
        for table in tables:
            out += [render_table(table, grids[table.key].rows, grids[table.key].unplaced), ""]
    slug = names.report_slug(organ, year) if organ else f"report-{year}"
    region = region or (guess_region(organ) if organ else None)
    if region is None:
        problems.append(ImportProblem(first_line, "未能从机关名称确定行政区划，请在前置元数据中填写 region（code 与 names）"))
    record = _original(original, slug)
    front = Meta(
        organ=organ or "",
        kind=kind or (names.guess_kind(organ) if organ else "政府部门"),
        year=year,
        template=version,
        slug=slug,
        region_code=region[0] if region else None,
        region_names=tuple(region[1]) if region else (),
        published=published or extracted.published,
        source_url=source_url or extracted.source_url,
        original=Original(record["file"], record["sha256"], record.get("kept")) if record else None,
    )
    text = render_front_matter(front) + "\n" + "\n".join(out).rstrip("\n") + "\n"
    dropped = [Place(line, None, 0, "drop", "crawler header", text) for line, text in extracted.dropped]
    spans = sorted(dropped + sections.spans, key=lambda s: (s.page or 0, s.line))
    return Imported(text, slug, year, version, organ or "", problems, spans, record)


def _original(original: dict[str, Any] | None, slug: str) -> dict[str, str] | None:
    """The front matter's record of the document imported (and where a copy
    is kept, when one is)."""
    if not original:
        return None
    out = {"file": original["file"], "sha256": original["sha256"]}
    if original.get("keep"):
        out["kept"] = f"{ORIGINALS}/{slug}{Path(original['file']).suffix.lower()}"
    return out


def _narrative(paras: list[Para], wrapped: bool) -> list[str]:
    out: list[str] = []
    for para in join(rejoin(paras), wrapped):
        out += [escape_markdown(para.text), ""]
    return out
