"""Source file -> Report: front matter, Markdown body, tables as keyed cells.

The parser is forgiving where a person's typing varies (spec §7) and strict
where a guess could move a number: what it cannot place becomes a Problem
with its line and column, and what it cannot read at all a SourceError.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import MISSING, fields
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import pyromark
import yaml

from ..base.escape import quoted
from ..base.paths import reason
from . import template as tpl
from .report import Cell, Meta, Original, Problem, Report, Section, Table, Waiver
from .values import read

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 120  # a slug names a folder of the site and a kept original: file names end at 255 bytes
UNPLACED = re.compile(r"^<!--\s*原文\s+(?P<table>[a-z0-9_]+)(?:\.(?P<row>[a-z0-9_]+))?\s(?P<text>.*?)\s*-->\s*$")
REQUIRED = tuple(f.name for f in fields(Meta) if f.default is MISSING and f.default_factory is MISSING)  # in Meta's order


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 4 << 20  # a report is some tens of kilobytes; more is not a report


class _FrontMatterLoader(_YAML_LOADER):  # type: ignore[misc,valid-type]
    """YAML as front matter allows it: a key once per mapping, dates that
    exist (anchors and aliases are refused before loading: _front_matter)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool | date | None):
                raise yaml.constructor.ConstructorError(None, None, "键须为文本", key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"键「{key}」重复（第 {seen[key]} 行已有）", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 2  # the file's line: the front matter starts on line 2
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> date:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise yaml.constructor.ConstructorError(None, None, f"日期「{node.value}」不存在", node.start_mark) from None


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_timestamp)


class SourceError(Exception):
    """A source nianbao cannot read at all (exit code 2)."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message

    def __reduce__(self) -> tuple[type, tuple[str, int, str]]:
        return SourceError, (self.path, self.line, self.message)  # linter workers send it back


class RowText(NamedTuple):
    """One pipe-table line split into cells, each with its column."""

    line: int
    cells: tuple[tuple[str, int], ...]


@cache
def _markdown() -> pyromark.Markdown:
    # Only where headings and tables lie is read here (pulldown-cmark, with
    # byte ranges); the text itself is rendered later, raw HTML escaped.
    return pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)


def read_text(path: Path) -> str:
    """Read and decode a source file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(str(path), 1, f"无法读取文件：{reason(exc)}") from None
    return decode(data, str(path))


def decode(data: bytes, name: str) -> str:
    """Source bytes -> text: UTF-8 (BOM allowed), LF or CRLF."""
    if not data.strip():
        raise SourceError(name, 1, "文件为空")
    if len(data) > MAX_BYTES:
        raise SourceError(name, 1, f"文件过大（{len(data) >> 20} MB）：报告源文件不超过 {MAX_BYTES >> 20} MB")
    if b"\x00" in data[:8192]:
        raise SourceError(name, 1, "这是二进制文件，不是 UTF-8 文本的报告源文件")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(name, line, "不是 UTF-8 编码（可用 nianbao import --encoding 转换）") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_file(path: Path | str) -> Report:
    path = Path(path)
    return parse(read_text(path), str(path))


def parse(text: str, path: str = "<string>") -> Report:
    lines = text.split("\n")
    front, body_start = _front_matter(lines, path)
    problems: list[Problem] = []
    meta = _meta(front, lines[:body_start], path, problems)
    version = tpl.load(meta.template)
    body_lines = ["" if i < body_start else line for i, line in enumerate(lines)]
    unplaced = _take_unplaced(body_lines)
    blocks = _blocks("\n".join(body_lines))
    return _Builder(path, lines, version, meta, problems, unplaced).build(blocks, body_start)


class _Block(NamedTuple):
    """A heading or a table of the body: 0-based first line, end line
    (exclusive), heading level and text."""

    kind: str
    start: int
    end: int
    level: int = 0
    text: str = ""


_NEWLINE = re.compile(b"\n")


def _blocks(body: str) -> list[_Block]:
    """Headings and tables in order, located by line, also inside lists and
    quotes. A heading's text is its source as written, markup included."""
    data = body.encode()
    newlines = [m.start() for m in _NEWLINE.finditer(data)]

    def lines(span: dict[str, int]) -> tuple[int, int]:
        first, last = span["start"], span["end"]
        return bisect_left(newlines, first), bisect_left(newlines, max(first, last - 1)) + 1

    out = []
    # Raw HTML is text in nianbao's Markdown, but pulldown-cmark always reads
    # HTML blocks, which would swallow headings and tables: without "<" none
    # can start, and byte offsets stay as they are.
    events = iter(_markdown().events_with_range(body.replace("<", "x")))
    for event, span in events:
        # Only a heading or a table opens with a dict; most events are cells.
        opens = event.get("Start") if type(event) is dict else None
        if type(opens) is not dict:
            continue
        if "Table" in opens:
            out.append(_Block("table", *lines(span)))
        elif "Heading" in opens:
            inner: list[int] = []  # byte offsets of what the heading contains
            for event, part in events:
                if type(event) is dict and type(event.get("End")) is dict and "Heading" in event["End"]:
                    break
                inner += (part["start"], part["end"])
            text = data[min(inner) : max(inner)].decode() if inner else ""
            out.append(_Block("heading", *lines(span), int(opens["Heading"]["level"][1:]), text))
    return out


def _front_matter(lines: list[str], path: str) -> tuple[dict[str, Any], int]:
    if not lines or lines[0].strip() != "---":
        raise SourceError(path, 1, "缺少 YAML 前置元数据：文件须以一行 --- 开头")
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        raise SourceError(path, 1, "YAML 前置元数据没有结束行 ---")
    text = "\n".join(lines[1:end])
    try:
        for event in yaml.parse(text, Loader=_YAML_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise SourceError(path, event.start_mark.line + 2, "前置元数据不能使用 YAML 锚点和别名（& 和 *）")
        data = yaml.load(text, Loader=_FrontMatterLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(exc, "problem", None) or "格式错误"
        raise SourceError(path, line, f"YAML 前置元数据无法解析：{reason}") from None
    except ValueError:  # a number of thousands of digits: Python will not even read it
        raise SourceError(path, 2, "YAML 前置元数据中有位数过多的数字") from None
    if not isinstance(data, dict):
        raise SourceError(path, 2, "YAML 前置元数据须为“键: 值”的映射")
    return data, end + 1


def _key_lines(front_lines: list[str]) -> dict[str, int]:
    """Line of each top-level key, so messages can point at it."""
    out: dict[str, int] = {}
    for i, line in enumerate(front_lines, start=1):
        match = re.match(r"^([A-Za-z_]+):", line)
        if match:
            out.setdefault(match[1], i)
    return out


def _meta(front: dict[str, Any], front_lines: list[str], path: str, problems: list[Problem]) -> Meta:
    lines = _key_lines(front_lines)

    def fail(key: str, message: str) -> SourceError:
        return SourceError(path, lines.get(key, 1), message)

    for key in REQUIRED:
        if front.get(key) in (None, "") and key != "organ":
            raise fail(key, f"前置元数据缺少必填项 {key}")
    year, version = front["year"], front["template"]
    if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
        raise fail("year", f"year 须为四位年份，而不是「{quoted(year)}」")
    if version not in tpl.versions():
        raise fail("template", f"template 须为 {tpl.versions_text()}，而不是「{version}」")
    kind = str(front["kind"])
    if kind not in tpl.organ_kinds():
        allowed = "、".join(tpl.organ_kinds())
        raise fail("kind", f"kind 须为 {allowed} 之一，而不是「{kind}」")
    slug = str(front["slug"])
    if not SLUG.match(slug):
        raise fail("slug", f"slug 须为小写 ASCII 字母、数字和连字符，而不是「{quoted(slug)}」")
    if len(slug) > SLUG_MAX:
        raise fail("slug", f"slug 太长（{len(slug)} 个字符），最多 {SLUG_MAX} 个")
    if not isinstance(front.get("organ") or "", str):
        raise fail("organ", f"organ 须为机关名称（文字），而不是「{quoted(front['organ'])}」")
    organ = str(front.get("organ") or "").strip()
    if not organ:
        problems.append(Problem("organ-missing", "未写明发布报告的机关名称", lines.get("organ", 1)))  # read by organs in letters too
    published = front.get("published")
    if published is not None and type(published) is not date:  # a datetime too
        raise fail("published", f"published 须为日期（YYYY-MM-DD），而不是「{published}」")
    region = front.get("region") or {}
    names = region.get("names") or [] if isinstance(region, dict) else None
    if (
        not isinstance(region, dict) or not isinstance(region.get("code") or "", str | int) or isinstance(region.get("code"), bool)
        or not isinstance(names, list) or not all(isinstance(n, str) for n in names)
    ):
        raise fail("region", "region 须为包含 code（行政区划代码）与 names（各级地名的列表）的映射")
    if not isinstance(front.get("source_url") or "", str):
        raise fail("source_url", f"source_url 须为网址（文字），而不是「{quoted(front['source_url'])}」")
    return Meta(
        organ=organ,
        kind=kind,
        year=year,
        template=version,
        slug=slug,
        region_code=str(region["code"]) if region.get("code") else None,
        region_names=tuple(str(n) for n in region.get("names") or ()),
        published=published,
        source_url=front.get("source_url"),
        original=_original(front.get("original"), path, lines.get("original", 1)),
        waivers=_waivers(front.get("waivers"), path, front_lines, lines.get("waivers", 1)),
        lines=lines,
    )


_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _original(raw: Any, path: str, line: int) -> Original | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("file"), str) or not _SHA256.match(str(raw.get("sha256"))):
        raise SourceError(path, line, "original 须为包含 file（原文件名）和 sha256（64 位十六进制）的映射")
    kept = raw.get("kept")
    if kept is not None and (not isinstance(kept, str) or ".." in Path(kept).parts or Path(kept).is_absolute()):
        raise SourceError(path, line, "original.kept 须为源文件所在目录之下的相对路径")
    return Original(raw["file"], raw["sha256"], kept)


def _waivers(raw: Any, path: str, front_lines: list[str], line: int) -> tuple[Waiver, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise SourceError(path, line, "waivers 须为列表")
    # Item i starts at the i-th "- " line under `waivers:`.
    starts = [n for n in range(line + 1, len(front_lines) + 1) if re.match(r"^\s*-\s", front_lines[n - 1])]
    out = []
    for i, item in enumerate(raw):
        at = starts[i] if i < len(starts) else line
        if not isinstance(item, dict) or not item.get("rule") or not item.get("reason"):
            raise SourceError(path, at, "每条 waiver 须有 rule 和 reason")
        cell = item.get("cell")
        out.append(Waiver(str(item["rule"]), str(item["reason"]), str(cell) if cell else None, at))
    return tuple(out)


def _take_unplaced(lines: list[str]) -> list[tuple[int, str, str, str]]:
    """Lift the importer's verbatim-row comments out of the Markdown:
    (line, table key, row key or "", text)."""
    found = []
    for i, line in enumerate(lines):
        match = UNPLACED.match(line)
        if match:
            found.append((i + 1, match["table"], match["row"] or "", match["text"]))
            lines[i] = ""
    return found


_PIPE = re.compile(r"(?<!\\)\|")


def split_row(line: str, number: int) -> RowText:
    """Split a pipe-table line, keeping each cell's 1-based column."""
    escaped = "\\|" in line
    pieces = _PIPE.split(line) if escaped else line.split("|")
    cells = []
    start = 1
    for raw in pieces:
        text = raw.lstrip()
        cells.append((text.rstrip().replace("\\|", "|") if escaped else text.rstrip(), start + len(raw) - len(text)))
        start += len(raw) + 1
    if len(cells) > 1:
        if not cells[-1][0]:
            cells.pop()  # after the trailing pipe
        if not pieces[0].strip():
            cells.pop(0)  # before the leading pipe
    return RowText(number, tuple(cells))


class _Builder:
    def __init__(
        self,
        path: str,
        lines: list[str],
        version: tpl.Template,
        meta: Meta,
        problems: list[Problem],
        unplaced: list[tuple[int, str, str, str]],
    ) -> None:
        self.path, self.lines, self.tpl, self.meta = path, lines, version, meta
        self.problems = problems
        self.unplaced = unplaced
        self.others = tpl.others(version.version)

    def problem(self, code: str, message: str, line: int, col: int = 1, **where: str) -> None:
        self.problems.append(Problem(code, message, line, col, **where))

    def build(self, blocks: list[_Block], body_start: int) -> Report:
        title, title_line = "", body_start + 1
        sections: list[Section] = []
        tables: dict[str, Table] = {}
        table_ranges: list[tuple[int, int]] = []
        pending_section: Section | None = None
        for block in blocks:
            if block.kind == "heading":
                text, line = block.text.strip(), block.start + 1
                if block.level == 1 and not title:
                    title, title_line = text, line
                elif block.level == 2:
                    pending_section = self._section(text, line, sections)
                    sections.append(pending_section)
            else:
                table_ranges.append((block.start, block.end))
                self._table(block.start, block.end, pending_section, tables)
        if not title:
            self.problem("no-title", "缺少报告标题（以 # 开头的一级标题）", body_start + 1)
        self._bodies(sections, table_ranges, title_line)
        for spec in self.tpl.tables:
            if spec.key not in tables:
                sec = next((s for s in sections if s.key == spec.section), None)
                line = sec.line if sec else title_line
                self.problem("missing-table", f"缺少表格「{spec.label}」", line, table=spec.key)
        preamble_end = sections[0].line - 1 if sections else len(self.lines)
        preamble = "\n".join(self.lines[title_line:preamble_end]).strip("\n")
        for line, table_key, row, text in self.unplaced:
            if table_key in tables:
                tables[table_key].unplaced.append((row, text))
            else:
                self.problem("unknown-table", f"原文注释指向不存在的表格 {table_key}", line)
        return Report(
            path=self.path,
            meta=self.meta,
            template=self.tpl,
            title=title,
            title_line=title_line,
            preamble=preamble,
            sections=sections,
            tables=tables,
            problems=self.problems,
            body_line=body_start + 1,
            lines=self.lines,
        )

    def _section(self, text: str, line: int, sections: list[Section]) -> Section:
        for spec in self.tpl.sections:
            if spec.matches(text):
                if any(s.key == spec.key for s in sections):
                    self.problem("duplicate-section", f"章节「{text}」重复", line)
                return Section(spec.key, text, line, "")
        return Section(None, text, line, "")

    def _bodies(self, sections: list[Section], ranges: list[tuple[int, int]], title_line: int) -> None:
        in_table = {n for start, end in ranges for n in range(start, end)}
        for n, line in enumerate(self.lines):
            starts_run = n == 0 or not self.lines[n - 1].lstrip().startswith("|")
            if n >= title_line and n not in in_table and line.lstrip().startswith("|") and starts_run:
                self.problem("broken-table", "以 | 开头的几行没能读成表格：表头、分隔行与各行的列数须一致", n + 1)
        for i, sec in enumerate(sections):
            end = sections[i + 1].line - 1 if i + 1 < len(sections) else len(self.lines)
            kept = [n for n in range(sec.line, end) if n not in in_table and not UNPLACED.match(self.lines[n])]
            while kept and not self.lines[kept[0]]:
                kept.pop(0)
            while kept and not self.lines[kept[-1]]:
                kept.pop()
            sec.body = "\n".join(self.lines[n] for n in kept)
            sec.body_lines = tuple(n + 1 for n in kept)

    def _table(self, start: int, end: int, section: Section | None, tables: dict[str, Table]) -> None:
        rows = [split_row(self.lines[n], n + 1) for n in range(start, end)]
        header, body = rows[0], rows[2:]
        corner = header.cells[0][0] if header.cells else ""
        spec = self._which_table(corner, section, header.line)
        if spec is None:
            return
        if spec.key in tables:
            self.problem("duplicate-table", f"表格「{spec.label}」重复", header.line, table=spec.key)
            return
        table = Table(spec.key, header.line, end_line=end)
        tables[spec.key] = table
        columns = [spec.column(key) if key else None for key in self._columns(spec, header)]
        seen: set[str] = set()
        for row in body:
            self._row(spec, table, columns, row, seen)
        for head in spec.leaf_rows:
            if head.key not in seen and head.parent not in seen:
                self.problem(
                    "missing-row", f"表格「{spec.label}」缺少「{head.label}」行", end, table=spec.key, row=head.key
                )
        self._group_rows(spec, table, seen)

    def _group_rows(self, spec: tpl.TableSpec, table: Table, seen: set[str]) -> None:
        """A group written as one row: said once when its rows are not
        there (not asked row by row); compared with them when they are."""
        for group, leaves in spec.row_groups:
            if group not in seen:
                continue
            line = table.row_lines[group]
            label = spec.row(group).label
            absent = [spec.row(k).label for k in leaves if k not in seen]
            if absent:
                self.problem(
                    "group-only",
                    f"原文只有「{label}」一行合计，没有分项（{'、'.join(f'「{a}」' for a in absent)}）",
                    line, table=spec.key, row=group,
                )
                continue
            for column in spec.leaf_columns:
                own = table.cells.get((group, column.key))
                parts = [table.cells.get((k, column.key)) for k in leaves]
                if own is None or own.value is None or any(p is None or p.value is None for p in parts):
                    continue
                total = sum(p.value for p in parts if p is not None and p.value is not None)
                if own.value != total:
                    self.problem(
                        "group-mismatch",
                        f"「{label}」行「{column.label}」列为 {own.raw.strip()}，分项之和为 {total}",
                        line, own.col, table=spec.key, row=group, column=column.key,
                    )

    def _which_table(self, corner: str, section: Section | None, line: int) -> tpl.TableSpec | None:
        if section is None or section.key is None:
            self.problem("unknown-table", "表格不在任何模板章节之下", line)
            return None
        candidates = self.tpl.tables_in(section.key)
        if len(candidates) == 1:
            return candidates[0]
        for spec in candidates:
            if tpl.normalize_label(corner) == tpl.normalize_label(spec.corner):
                return spec
        other = next(
            (o for o in self.others if any(tpl.normalize_label(corner) == tpl.normalize_label(s.corner) for s in o.tables)),
            None,
        )
        if other is not None:
            self.problem(
                "other-template", f"表格「{corner}」属于{other.version}年版模板，本报告声明使用{self.tpl.version}年版", line
            )
        else:
            self.problem("unknown-table", f"无法识别的表格「{corner}」（表头第一格应为表名）", line)
        return None

    def _columns(self, spec: tpl.TableSpec, header: RowText) -> list[str | None]:
        keys: list[str | None] = []
        substituted: set[str] = set()
        for text, col in header.cells[1:]:
            head = spec.match_column(text)
            if head is None:
                stands_for = self._unknown("column", spec, text, header.line, col)
                keys.append(None)
                if stands_for:
                    substituted.add(stands_for)
            elif head.key in keys:
                keys.append(None)
                self.problem("duplicate-column", f"列「{text}」重复", header.line, col, table=spec.key)
            else:
                keys.append(head.key)
        for head in spec.leaf_columns:
            if head.key not in keys and head.key not in substituted:
                self.problem(
                    "missing-column",
                    f"表格「{spec.label}」缺少「{head.label}」列",
                    header.line,
                    table=spec.key,
                    column=head.key,
                )
        return keys

    def _unknown(self, axis: str, spec: tpl.TableSpec, text: str, line: int, col: int) -> str | None:
        """Report a label this template lacks; return its key when it is the
        other version's label for a row or column this template also has."""
        name = "列" if axis == "column" else "行"
        found = (
            (version, table.match_column(text) if axis == "column" else table.match_row(text))
            for version in self.others
            for table in version.tables
            if table.key == spec.key
        )
        other, head = next(((version, head) for version, head in found if head), (None, None))
        if other and head:
            self.problem(
                "other-template",
                f"{name}「{text}」属于{other.version}年版模板，本报告声明使用{self.tpl.version}年版",
                line,
                col,
                table=spec.key,
            )
            own = spec.leaf_rows if axis == "row" else spec.leaf_columns
            return head.key if head.key in {h.key for h in own} else None
        self.problem(f"unknown-{axis}", f"表格「{spec.label}」中没有{name}「{text}」", line, col, table=spec.key)
        return None

    def _row(
        self, spec: tpl.TableSpec, table: Table, columns: list[tpl.Header | None], row: RowText, seen: set[str]
    ) -> None:
        if not row.cells:
            return
        label, label_col = row.cells[0]
        head = spec.match_row(label) or spec.match_group(label)
        if head is None:
            stands_for = self._unknown("row", spec, label, row.line, label_col)
            if stands_for:
                seen.add(stands_for)
            return
        if head.key in seen:
            self.problem("duplicate-row", f"行「{label}」重复", row.line, label_col, table=spec.key, row=head.key)
            return
        seen.add(head.key)
        table.row_lines[head.key] = row.line
        values = row.cells[1:]
        if len(values) > len(columns):
            for text, col in values[len(columns) :]:
                self.problem("extra-cell", f"「{label}」行多出一格「{text}」", row.line, col, table=spec.key, row=head.key)
        if len(values) < len(columns):
            line_end = len(self.lines[row.line - 1]) + 1
            self.problem(
                "short-row",
                f"「{label}」行只有 {len(values)} 格，表头有 {len(columns)} 列",
                row.line,
                line_end,
                table=spec.key,
                row=head.key,
            )
        for column, (text, col) in zip(columns, values):
            if column is None:
                continue
            reading = read(text, column.type, column.unit)
            if reading.error:
                self.problem(
                    "bad-number",
                    f"「{label}」行「{column.label}」列：{reading.error}",
                    row.line,
                    col,
                    table=spec.key,
                    row=head.key,
                    column=column.key,
                )
            table.cells[(head.key, column.key)] = Cell(spec.key, head.key, column.key, text, reading.value, row.line, col)
