"""Digits that lost their separators (「21710000218」 is 217/1/0/0/0/0/218):
the splits that the table's own sums allow.

A split gives every cell a number written without a leading zero; only the
splits that satisfy each sum lying wholly inside the split cells are kept.
The caller takes a split only when exactly one is left.
"""

from __future__ import annotations

from collections.abc import Iterator
from math import comb

from ..model import template as tpl

MAX_SPLITS = 300_000  # beyond this many ways to cut a run, it is not worth trying
MAX_DIGITS = 15


def _cuts(digits: str, parts: int) -> Iterator[tuple[str, ...]]:
    if parts == 1:
        if digits and (digits == "0" or digits[0] != "0") and len(digits) <= MAX_DIGITS:
            yield (digits,)
        return
    first_max = 1 if digits[:1] == "0" else min(MAX_DIGITS, len(digits) - parts + 1)
    for size in range(1, first_max + 1):
        for rest in _cuts(digits[size:], parts - 1):
            yield (digits[:size], *rest)


def splits(digits: str, cells: list[tuple[str, str]], table: tpl.TableSpec) -> list[tuple[str, ...]]:
    """The ways to cut `digits` into `cells` ((row, column) keys, in reading
    order) that satisfy every sum of `table` lying wholly within them. Where
    no sum touches the cells nothing can be checked, and no cut is offered
    but the one a run of zeros of the right length is."""
    if digits == "0" * len(cells):
        return [("0",) * len(cells)]
    if not touched(table, cells) or len(digits) < len(cells) or comb(len(digits) - 1, len(cells) - 1) > MAX_SPLITS:
        return []
    return [cut for cut in _cuts(digits, len(cells)) if agrees(dict(zip(cells, map(int, cut))), {}, table)]


def touched(table: tpl.TableSpec, cells: list[tuple[str, str]]) -> bool:
    """Whether any sum of the table involves these cells."""
    rows = {r for r, _ in cells}
    columns = {c for _, c in cells}
    return any(
        any(k in (columns if total.axis == "columns" else rows) for k in total.left + total.right)
        for total in table.sums
    )


def agrees(split: dict[tuple[str, str], int], known: dict[tuple[str, str], int], table: tpl.TableSpec) -> bool:
    """Whether a split satisfies every sum that touches it and whose other
    cells are all known."""
    values = {**known, **split}
    rows = {r for r, _ in split}
    columns = {c for _, c in split}
    for total in table.sums:
        lines = rows if total.axis == "columns" else columns
        for line in lines:
            left = [(line, k) if total.axis == "columns" else (k, line) for k in total.left]
            right = [(line, k) if total.axis == "columns" else (k, line) for k in total.right]
            if not any(cell in split for cell in left + right):
                continue
            if all(cell in values for cell in left + right):
                if sum(values[c] for c in left) != sum(values[c] for c in right):
                    return False
    return True


def broken(table: tpl.TableSpec, values: dict[tuple[str, str], int]) -> list[tuple[tpl.Sum, str, int, int]]:
    """The sums of `table` that the known values break: (sum, the row or
    column it was checked on, left total, right total)."""
    out = []
    rows = {r for r, _ in values}
    columns = {c for _, c in values}
    for total in table.sums:
        for line in sorted(rows if total.axis == "columns" else columns):
            left = [(line, k) if total.axis == "columns" else (k, line) for k in total.left]
            right = [(line, k) if total.axis == "columns" else (k, line) for k in total.right]
            if all(cell in values for cell in left + right):
                a, b = sum(values[c] for c in left), sum(values[c] for c in right)
                if a != b:
                    out.append((total, line, a, b))
    return out


def stated(digits: str, parts: int, numbers: set[str]) -> list[tuple[str, ...]]:
    """The cuts of `digits` into `parts` numbers all but one of which (and at
    least two) the report's own text states (「现行有效行政规范性文件698件」
    「制发88件」): for a table without sums, the text is the only other witness."""
    if parts < 2 or len(digits) > MAX_DIGITS + parts or comb(len(digits) - 1, parts - 1) > MAX_SPLITS:
        return []
    needed = max(2, parts - 1)
    return [cut for cut in _cuts(digits, parts) if sum(part in numbers for part in cut) >= needed]

