"""A report's headline figures (template.yaml's `figures:`) from its cells,
their sums over many reports, and how every page and file shows them: one
rounding for every rate, and a blank cell is unknown, never 0, in every
figure, sum, average and chart."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..model import template as tpl

Value = int | float | None  # None: unknown (a blank cell), or not in the report's template

UNKNOWN = "未填"  # a figure with a blank cell
NONE = "—"  # not in the report's template, or a rate of nothing


def headline() -> tuple[tpl.Figure, ...]:
    """The figures every report's row shows, in order (not the breakdown)."""
    return tuple(f for f in tpl.figures() if not f.breakdown)


def breakdown() -> tuple[tpl.Figure, ...]:
    return tuple(f for f in tpl.figures() if f.breakdown)


def charted() -> tpl.Figure:
    """The figure the charts draw."""
    return next(f for f in tpl.figures() if f.chart)


def of_report(version: int, cells: dict[tuple[str, str, str], int | float | None]) -> dict[str, Value]:
    """Every figure of a report on template `version`, from its cells by
    (table, row, column): a count is unknown when any of its cells is blank;
    a figure the version lacks is left out."""
    spec = tpl.load(version)
    out: dict[str, Value] = {}
    for figure in spec.figures:
        if figure.rate:
            out[figure.key] = percent(out[figure.of or ""], out[figure.per or ""])
            continue
        table = spec.table(figure.table or "")
        parts = [cells.get((table.key, row, column)) for row in table.leaves("rows", figure.row or "")
                 for column in table.leaves("columns", figure.column)]
        out[figure.key] = None if any(p is None for p in parts) else sum(p for p in parts if p is not None)
    return out


def percent(of: Value, per: Value) -> float | None:
    """`of` over `per` in percent, rounded half up to one decimal (81.25 ->
    81.3, everywhere); None when either is unknown or `per` is 0."""
    if of is None or not per:
        return None
    return float((Decimal(str(of)) * 100 / Decimal(str(per))).quantize(Decimal("0.1"), ROUND_HALF_UP))


def shown(value: Value, figure: tpl.Figure, applies: bool = True) -> str:
    """A figure as a page shows it: 「未填」 when unknown, 「—」 when it does
    not apply (or a rate of nothing), a rate with its percent sign."""
    if not applies:
        return NONE
    if value is None:
        return NONE if figure.rate else UNKNOWN
    if figure.rate:
        return f"{value:.1f}%"
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Sum:
    """A figure summed over reports: of those whose template has it, how
    many gave it (`known`) and how many left a cell blank (`unknown`)."""

    value: Value
    known: int
    unknown: int

    @property
    def average(self) -> float | None:
        """Per report that gave it, rounded half up to one decimal."""
        if not self.known or self.value is None:
            return None
        return float((Decimal(str(self.value)) / self.known).quantize(Decimal("0.1"), ROUND_HALF_UP))


def summed(reports: Iterable[dict[str, Value]]) -> dict[str, Sum]:
    """Every figure over `reports` (each a report's figures): a count adds
    the reports that gave it; a rate is taken over the reports that gave
    both its counts, so that a blank never lowers it."""
    rows = list(reports)
    out: dict[str, Sum] = {}
    for figure in tpl.figures():
        having = [r for r in rows if figure.key in r]
        if figure.rate:
            pairs = [r for r in having if r[figure.of or ""] is not None and r[figure.per or ""] is not None]
            of = sum(r[figure.of or ""] or 0 for r in pairs)
            per = sum(r[figure.per or ""] or 0 for r in pairs)
            out[figure.key] = Sum(percent(of, per), len(pairs), len(having) - len(pairs))
            continue
        known = [r[figure.key] for r in having if r[figure.key] is not None]
        out[figure.key] = Sum(sum(v for v in known if v is not None) if known else None, len(known), len(having) - len(known))
    return out
