"""The generic check kinds rules.yaml can use: one function per kind.

A check reads one report (and, for rules across years, the same organ's
previous report) and yields findings located at the offending cell or text.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from rapidfuzz import fuzz

from .. import names as organ_names
from .. import template as tpl
from ..model import Number, Report
from .finding import Finding
from .rules import Rule

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}
PERIOD = re.compile(r"统计期限为\s*(\d{4})\s*年")


@dataclass(frozen=True)
class Context:
    report: Report
    previous: Report | None
    settings: dict[str, Any]
    # Sums along rows and columns, shared by the rules that read them.
    _sums: dict[tuple[bool, str, str, str], dict[str, Number | None]] = field(default_factory=dict, repr=False)

    def values(self, report: Report, spec: tpl.TableSpec, axis: str, key: str) -> dict[str, Number | None]:
        """Values along one row (axis="row") or column of `report` (this
        one or the previous), group keys summed. Not to be changed."""
        memo = (report is self.report, spec.key, axis, key)
        if memo not in self._sums:
            self._sums[memo] = _axis_values(report, spec, axis, key)
        return self._sums[memo]


def _text(value: Number | None) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


def make(
    rule: Rule, path: str, line: int, col: int, col_utf16: int, cell: tuple[str, str, str] | None = None, **values: Any
) -> Finding:
    fields = {k: _text(v) if isinstance(v, int | Decimal) else v for k, v in values.items()}
    message = rule.message.format_map(_Missing(fields))
    table, row, column = cell or (None, None, None)
    return Finding(rule.id, rule.name, rule.severity, message, path, line, col, table, row, column, col_utf16=col_utf16)


def finding(
    rule: Rule, report: Report, line: int, col: int, cell: tuple[str, str, str] | None = None, **values: Any
) -> Finding:
    """A finding at a place of the report's source."""
    text = report.lines[line - 1] if 0 < line <= len(report.lines) else ""
    utf16 = len(text[: col - 1].encode("utf-16-le")) // 2 + 1
    return make(rule, report.path, line, col, utf16, cell, **values)


class _Missing(dict):
    """Placeholders a message names but a finding lacks stay visible."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _axis_values(report: Report, spec: tpl.TableSpec, axis: str, key: str) -> dict[str, Number | None]:
    """Values along one row (axis="row") or column, group keys summed."""
    table = report.tables.get(spec.key)
    cells = table.cells if table else {}
    leaves, groups = (spec.leaf_columns, spec.column_groups) if axis == "row" else (spec.leaf_rows, spec.row_groups)
    out: dict[str, Number | None] = {}
    for head in leaves:
        cell = cells.get((key, head.key) if axis == "row" else (head.key, key))
        out[head.key] = cell.value if cell else None
    for group, parts in groups:
        values = [out[k] for k in parts]
        out[group] = None if None in values else sum(values)  # type: ignore[arg-type]
    return out


def check_relation(rule: Rule, ctx: Context) -> Iterator[Finding]:
    params = rule.params
    if any(getattr(ctx.report.meta, k) != v for k, v in (params.get("when") or {}).items()):
        return
    previous = ctx.previous
    if params.get("previous") and previous is None:
        return
    axis = params["for_each"]
    left, right = rule.expressions["left"], rule.expressions["right"]
    used = tuple(dict.fromkeys(left.names + right.names))
    holds = OPS[params["op"]]
    for table_key in params["tables"]:
        table = ctx.report.tables.get(table_key)
        if table is None:
            continue
        spec = ctx.report.template.table(table_key)
        prev, before = None, set()
        if previous is not None and table_key in previous.tables:
            prev = previous.template.table(table_key)
            before = {h.key for h in (prev.rows if axis == "row" else prev.columns)}
        for head in spec.leaf_rows if axis == "row" else spec.leaf_columns:
            values = ctx.values(ctx.report, spec, axis, head.key)
            if head.key in before:
                prior = ctx.values(previous, prev, axis, head.key)  # type: ignore[arg-type]
                values = values | {f"prev_{k}": v for k, v in prior.items()}
            if None in map(values.get, used):
                continue
            lhs, rhs = left.evaluate(values), right.evaluate(values)
            if lhs is None or rhs is None or holds(lhs, rhs):
                continue
            row, column = (head.key, params["at"]) if axis == "row" else (params["at"], head.key)
            cell = table.cells.get((row, column))
            line, col = (cell.line, cell.col) if cell else (table.row_lines.get(row, table.line), 1)
            labels = {"row": spec.row(row).label, "column": spec.column(column).label}
            yield finding(rule, ctx.report, line, col, (table_key, row, column), left=lhs, right=rhs, **labels, **values)


def check_parse(rule: Rule, ctx: Context) -> Iterator[Finding]:
    codes = set(rule.params["codes"])
    for p in ctx.report.problems:
        if p.code in codes:
            cell = (p.table, p.row, p.column) if p.table and p.row and p.column else None
            yield finding(rule, ctx.report, p.line, p.col, cell, detail=p.message)


def check_blank(rule: Rule, ctx: Context) -> Iterator[Finding]:
    version = ctx.report.template
    for table in ctx.report.tables.values():
        spec = version.table(table.key)
        for (row, column), cell in table.cells.items():
            if cell.blank:
                labels = {"row": spec.row(row).label, "column": spec.column(column).label}
                yield finding(rule, ctx.report, cell.line, cell.col, (table.key, row, column), **labels)


def check_sections(rule: Rule, ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    official = report.template.sections
    found = [s for s in report.sections if s.key]
    keys = [s.key for s in found]
    for spec in official:
        if spec.key not in keys:
            yield finding(rule, report, report.title_line, 1, detail=f"缺少章节「{spec.label}」")
    order = [s.key for s in official]
    for before, after in zip(found, found[1:]):
        if order.index(after.key) < order.index(before.key):  # type: ignore[arg-type]
            yield finding(rule, report, after.line, 1, detail=f"章节「{after.heading}」应在「{before.heading}」之前")


def check_section_heading(rule: Rule, ctx: Context) -> Iterator[Finding]:
    version = ctx.report.template
    for section in ctx.report.sections:
        if section.key is None:
            yield finding(rule, ctx.report, section.line, 1, heading=section.heading, label="一至六中的某一章节")
            continue
        label = version.section(section.key).label
        if tpl.normalize_label(section.heading) != tpl.normalize_label(label):
            yield finding(rule, ctx.report, section.line, 1, heading=section.heading, label=label)


def check_template_year(rule: Rule, ctx: Context) -> Iterator[Finding]:
    meta = ctx.report.meta
    required = tpl.version_for_year(meta.year)
    if meta.template != required:
        notice = tpl.load(required).notice
        line = meta.lines.get("template", 1)
        yield finding(rule, ctx.report, line, 1, year=meta.year, required=required, notice=notice, used=meta.template)


def check_title(rule: Rule, ctx: Context) -> Iterator[Finding]:
    report, meta = ctx.report, ctx.report.meta
    if not report.title:
        return
    parsed = organ_names.parse_title(report.title)
    expected = f"「{meta.organ or '（机关名称）'}{meta.year}年政府信息公开工作年度报告」"
    if parsed is None:
        detail = f"标题「{report.title}」不是{expected}的形式"
    elif not parsed[0]:
        detail = f"标题「{report.title}」未写明机关名称，应为{expected}"
    elif parsed[1] != meta.year:
        detail = f"标题中的年份为{parsed[1]}年，报告年度为{meta.year}年"
    elif meta.organ and not _same_organ(parsed[0], meta.organ):
        detail = f"标题中的机关名称「{parsed[0]}」与元数据 organ「{meta.organ}」不一致"
    else:
        return
    yield finding(rule, report, report.title_line, 3, detail=detail)


def _same_organ(a: str, b: str) -> bool:
    """One name contains the other: 「巨鹿县小吕寨镇」 and 「小吕寨镇」 agree."""
    a, b = organ_names.fold(a), organ_names.fold(b)
    return a in b or b in a


def check_period(rule: Rule, ctx: Context) -> Iterator[Finding]:
    for number, line in ctx.report.text_lines:
        for match in PERIOD.finditer(line):
            if int(match[1]) != ctx.report.meta.year:
                yield finding(rule, ctx.report, number, match.start(1) + 1, stated=match[1], year=ctx.report.meta.year)


def check_deadline(rule: Rule, ctx: Context) -> Iterator[Finding]:
    meta = ctx.report.meta
    if meta.published is None:
        return
    month, day = (int(x) for x in str(ctx.settings["deadlines"][meta.kind]).split("-"))
    deadline = date(meta.year + 1, month, day)
    if meta.published > deadline:
        line = meta.lines.get("published", 1)
        yield finding(rule, ctx.report, line, 1, published=meta.published.isoformat(), kind=meta.kind,
                      deadline=deadline.isoformat())


def check_text_requires(rule: Rule, ctx: Context) -> Iterator[Finding]:
    section = ctx.report.section(rule.params["section"])
    if section is None:
        return
    if not any(re.search(p, section.body) for p in rule.params["patterns"]):
        yield finding(rule, ctx.report, section.line, 1)


def _namespace(report: Report) -> dict[str, SimpleNamespace]:
    version = report.template
    out = {}
    for key in report.tables:
        spec = version.table(key)
        rows = {h.key: SimpleNamespace(**_axis_values(report, spec, "row", h.key)) for h in spec.leaf_rows}
        out[key] = SimpleNamespace(**rows)
    return out


def check_text_number(rule: Rule, ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    namespace: dict[str, SimpleNamespace] | None = None
    for i, pattern in enumerate(rule.params["patterns"]):
        regex = re.compile(pattern["regex"])
        expr = rule.expressions[str(i)]
        for number, line in report.text_lines:
            for match in regex.finditer(line):
                namespace = namespace if namespace is not None else _namespace(report)
                value = expr.evaluate(namespace)  # None: a table or cell the report lacks, or left blank
                if value is None or int(match[1]) == value:
                    continue
                yield finding(rule, report, number, match.start(1) + 1, phrase=match[0], what=pattern["what"],
                              table_value=value)


def check_similarity(rule: Rule, ctx: Context) -> Iterator[Finding]:
    if ctx.previous is None:
        return
    ratio = fuzz.ratio(ctx.previous.narrative(), ctx.report.narrative())
    if ratio >= ctx.settings.get("similarity_threshold", 90):
        first = ctx.report.sections[0].line if ctx.report.sections else ctx.report.title_line
        yield finding(rule, ctx.report, first, 1, prev_year=ctx.previous.meta.year, ratio=f"{ratio:.0f}")


# The "waivers" kind is the engine's: it runs once every other rule has.
KINDS: dict[str, Callable[[Rule, Context], Iterator[Finding]]] = {
    name.removeprefix("check_"): fn for name, fn in globals().items() if name.startswith("check_")
}
