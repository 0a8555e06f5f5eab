"""What a check reads (the report, its predecessor, the settings) and how it
makes a finding located at a place of the report's source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from ..model import template as tpl
from ..model.finding import Finding
from ..model.report import Number, Report
from ..model.sentences import sentences
from . import patterns

if TYPE_CHECKING:
    from .expressions import Expression
    from .rules import Rule, Settings


@dataclass(frozen=True)
class Context:
    report: Report
    previous: Report | None  # the same organ's report on the year before, for rules across years
    settings: Settings
    # Sums along rows and columns, shared by the rules that read them.
    _sums: dict[tuple[bool, str, str, str], dict[str, Number | None]] = field(default_factory=dict, repr=False)

    def values(self, report: Report, spec: tpl.TableSpec, axis: str, key: str) -> dict[str, Number | None]:
        """Values along one row (axis="row") or column of `report` (this
        one or the previous), group keys summed. Not to be changed."""
        memo = (report is self.report, spec.key, axis, key)
        if memo not in self._sums:
            self._sums[memo] = axis_values(report, spec, axis, key)
        return self._sums[memo]

    def section_lines(self, key: str) -> list[tuple[int, str]]:
        """The numbered text lines (report.text_lines) of one section, its
        heading left out."""
        starts = sorted(s.line for s in self.report.sections)
        section = self.report.section(key)
        if section is None:
            return []
        end = next((line for line in starts if line > section.line), 1 << 30)
        return [(n, text) for n, text in self.report.text_lines if section.line < n < end]

    @cached_property
    def compact_lines(self) -> list[tuple[int, Compact]]:
        """The numbered text lines without the spaces beside Chinese
        (compacted), made once for every rule that reads them so."""
        return [(n, compacted(text)) for n, text in self.report.text_lines]

    @cached_property
    def cells(self) -> dict[str, SimpleNamespace]:
        """The report's tables as names for an expression of 表.行.列
        paths (t3.new.total), group rows and columns summed."""
        version = self.report.template
        out = {}
        for key in self.report.tables:
            spec = version.table(key)
            rows = {h.key: axis_values(self.report, spec, "row", h.key) for h in spec.leaf_rows}
            for group, leaves in spec.row_groups:
                columns = rows[leaves[0]].keys()
                parts = {c: [rows[leaf][c] for leaf in leaves] for c in columns}
                own = axis_values(self.report, spec, "row", group)
                rows[group] = {c: group_value(v, own.get(c)) for c, v in parts.items()}
            out[key] = SimpleNamespace(**{row: SimpleNamespace(**values) for row, values in rows.items()})
        return out


    @cached_property
    def least(self) -> dict[str, SimpleNamespace]:
        """The tables as lower bounds, for what a blank leaves unknown: a
        cell as written; a blank that is the total of a template sum
        (forms/template.yaml: 总计 of a row, （七）总计 of a column) at
        least its written parts; any other blank at least 0 (a count).
        A figure the text states below its bound is wrong whatever the
        blanks hold (「予以公开及部分公开258件」 where the filled cells
        of the row already make 275)."""
        version = self.report.template
        out = {}
        for key, table in self.report.tables.items():
            spec = version.table(key)
            rows, columns = [h.key for h in spec.leaf_rows], [h.key for h in spec.leaf_columns]
            grid = {(r, c): (cell.value if (cell := table.cells.get((r, c))) else None) for r in rows for c in columns}
            for total in spec.sums:
                if len(total.left) != 1:
                    continue
                for across in (rows if total.axis == "columns" else columns):
                    place = (across, total.left[0]) if total.axis == "columns" else (total.left[0], across)
                    if grid.get(place) is None:
                        added = [(across, k) if total.axis == "columns" else (k, across) for k in total.right]
                        grid[place] = sum(grid.get(part) or 0 for part in added)
            least: dict[str, dict[str, Number]] = {r: {c: grid[r, c] or 0 for c in columns} for r in rows}
            for group, parts in spec.column_groups:
                for r in rows:
                    own = table.cells.get((r, group))
                    least[r][group] = max(sum(least[r][k] for k in parts), own.value if own and own.value is not None else 0)
            for group, leaves in spec.row_groups:
                least[group] = {}
                for c in least[leaves[0]]:
                    own = table.cells.get((group, c))
                    least[group][c] = max(sum(least[leaf][c] for leaf in leaves), own.value if own and own.value is not None else 0)
            out[key] = SimpleNamespace(**{row: SimpleNamespace(**values) for row, values in least.items()})
        return out

    def figure(self, expression: Expression) -> tuple[Number | None, bool]:
        """An expression's value (and True), or where a blank leaves it
        unknown, its lower bound (and False); (None, False) when a table is
        missing."""
        exact = expression.evaluate(self.cells)
        if exact is not None:
            return exact, True
        return expression.evaluate(self.least), False


def stated(value: Number, exact: bool) -> str:
    """A table's figure as a finding states it: 「为 3」, or for a lower bound 「至少为 275（…）」."""
    if exact:
        return f"为 {_text(value)}"
    return f"至少为 {_text(value)}（表中有未填的格，这是已填各格之和）"


_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_LOOSE = re.compile(rf"(?<=[{_CJK}])\s+(?=\S)|(?<=\S)\s+(?=[{_CJK}])")


@dataclass(frozen=True)
class Compact:
    """A line without the spaces a PDF or an editor puts beside Chinese
    (「受理申请 17 件」 reads as 「受理申请17件」, which the rules' patterns
    say), and where each of its characters stands in the line."""

    text: str
    where: tuple[int, ...]
    line: str

    def col(self, at: int) -> int:
        """The line's column (1-based) of the compact text's position `at`."""
        return self.where[min(at, len(self.where) - 1)] + 1 if self.where else 1

    def words(self, start: int, end: int) -> str:
        """The line's own words from the compact text's `start` to `end`."""
        return self.line[self.where[start] : self.where[end - 1] + 1] if end > start else ""


def compacted(line: str) -> Compact:
    kept: list[str] = []
    where: list[int] = []
    last = 0
    for gap in _LOOSE.finditer(line):
        kept.append(line[last : gap.start()])
        where.extend(range(last, gap.start()))
        last = gap.end()
    kept.append(line[last:])
    where.extend(range(last, len(line)))
    return Compact("".join(kept), tuple(where), line)


BOILERPLATE_MAX = 300  # a template sentence is short; a longer "sentence" (no 。 for pages) is the organ's own text


def own_words(text: str, boilerplate: list[str]) -> str:
    """A section's text without its tables, spaces and boilerplate sentences
    (any of the `boilerplate` patterns): what copying is measured on."""
    lines = [line for line in text.split("\n") if not line.lstrip().startswith(("|", "<!--"))]
    return "".join(
        s for _, s in sentences("".join("".join(lines).split()))
        if len(s) > BOILERPLATE_MAX or not any(patterns.search(b, s) for b in boilerplate)
    )


def axis_values(report: Report, spec: tpl.TableSpec, axis: str, key: str) -> dict[str, Number | None]:
    """Values along one row (axis="row") or column, group keys summed."""
    table = report.tables.get(spec.key)
    cells = table.cells if table else {}
    leaves, groups = (spec.leaf_columns, spec.column_groups) if axis == "row" else (spec.leaf_rows, spec.row_groups)
    out: dict[str, Number | None] = {}
    for head in leaves:
        cell = cells.get((key, head.key) if axis == "row" else (head.key, key))
        out[head.key] = cell.value if cell else None
    for group, parts in groups:
        own = cells.get((group, key) if axis == "column" else (key, group))
        out[group] = group_value([out[k] for k in parts], own.value if own else None)
    return out


def group_value(parts: list[Number | None], own: Number | None) -> Number | None:
    """A group's value: the sum of its parts; where a part is not there, the
    group's own total as the report wrote it (a group printed as one row)."""
    if None in parts:
        return own
    return sum(parts)  # type: ignore[arg-type]


def _text(value: Number | None) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


class _Missing(dict):
    """Placeholders a message names but a finding lacks stay visible."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def make(
    rule: Rule, path: str, line: int, col: int, col_utf16: int, cell: tuple[str, str, str] | None = None, **values: Any
) -> Finding:
    """A finding of `rule`, its message filled with `values`."""
    fields = {k: _text(v) if isinstance(v, int | Decimal) else v for k, v in values.items()}
    message = rule.message.format_map(_Missing(fields))
    table, row, column = cell or (None, None, None)
    return Finding(rule.id, rule.name, rule.severity, message, path, line, col, table, row, column, col_utf16=col_utf16,
                   title=rule.title)


def finding(
    rule: Rule, report: Report, line: int, col: int, cell: tuple[str, str, str] | None = None, **values: Any
) -> Finding:
    """A finding at a place of the report's source."""
    text = report.lines[line - 1] if 0 < line <= len(report.lines) else ""
    utf16 = len(text[: col - 1].encode("utf-16-le")) // 2 + 1
    return make(rule, report.path, line, col, utf16, cell, **values)
