"""relation: an arithmetic relation between the cells of each row (or each
column) of one or more tables, optionally with the same organ's report on
the year before (`previous: true`, names prefixed prev_).

Example::

    rule:
      id: NB104
      name: t4-totals
      title: 表四合计不符
      severity: error
      message: 「{row}」的「总计」为 {left}，但维持、纠正、其他、尚未审结之和为 {right}
      check:
        kind: relation
        table: t4
        for_each: row
        left: total
        op: '=='
        right: upheld + corrected + other + pending
        at: total
    passes:
    - {row: 行政复议, cells: ['1', '0', '0', '0', '1']}
    fails:
    - {row: 行政复议, cells: ['1', '0', '0', '0', '0']}
    says:
    - '「行政复议」的「总计」为 0，但维持、纠正、其他、尚未审结之和为 1'
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from ...model import template as tpl
from ...model.finding import Finding
from ..context import Context, finding
from ..expressions import expression
from ..rules import Rule
from . import ParamError
from . import Params as Base

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}


@dataclass(frozen=True)
class Params(Base):
    for_each: str  # row | column
    left: str | int | float
    op: str
    right: str | int | float
    at: str  # the key (of the other axis) of the cell a finding points at
    table: str | None = None
    tables: list[str] | None = None
    when: dict[str, Any] | None = None  # meta fields that must hold (kind: 乡镇街道)
    previous: bool = False

    @property
    def scope(self) -> str:  # type: ignore[override]
        return "pair" if self.previous else "report"


def validate(rule: Rule[Params]) -> Rule[Params]:
    params: Params = rule.params
    tables = params.tables or [params.table or ""]
    axis = params.for_each
    if axis not in ("row", "column"):
        raise ParamError("for_each", "for_each 须为 row 或 column")
    if params.op not in OPS:
        raise ParamError("op", f"op 须为 {' '.join(OPS)} 之一")

    def check(name: str) -> None:
        """For each row: names are columns; for each column: names are rows."""
        base = name.removeprefix("prev_") if params.previous else name
        for version in rule.templates:
            spec = tpl.load(version)
            for key in tables:
                try:
                    table = spec.table(key)
                except KeyError:
                    raise ValueError(f"{version}年版模板没有表「{key}」") from None
                if base not in {h.key for h in (table.columns if axis == "row" else table.rows)}:
                    raise ValueError(f"{version}年版模板的表「{key}」没有「{name}」")

    exprs = {}
    for side in ("at", "left", "right"):
        try:
            if side == "at":
                check(params.at)
            else:
                exprs[side] = expression(getattr(params, side), check)
        except ValueError as exc:
            raise ParamError(side, str(exc)) from None
    return replace(rule, params=replace(params, tables=tables), expressions=exprs)


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params
    if any(getattr(ctx.report.meta, k) != v for k, v in (params.when or {}).items()):
        return
    previous = ctx.previous
    if params.previous and previous is None:
        return
    axis = params.for_each
    left, right = rule.expressions["left"], rule.expressions["right"]
    used = tuple(dict.fromkeys(left.names + right.names))
    holds = OPS[params.op]
    for table_key in params.tables or ():
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
            row, column = (head.key, params.at) if axis == "row" else (params.at, head.key)
            cell = table.cells.get((row, column))
            line, col = (cell.line, cell.col) if cell else (table.row_lines.get(row, table.line), 1)
            labels = {"row": spec.row(row).label, "column": spec.column(column).label}
            yield finding(rule, ctx.report, line, col, (table_key, row, column), left=lhs, right=rhs, **labels, **values)
