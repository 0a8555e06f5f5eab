"""A table in the official layout: header rows with colspan and rowspan,
grouped row headers, one keyed slot per number.

Everything comes from template.yaml (the header trees and the table's
official_layout); the page templates only print the grid. The grid is the
same for every report of a template version, so it is made once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import template as tpl


@dataclass(frozen=True)
class Head:
    text: str
    colspan: int = 1
    rowspan: int = 1
    scope: str = "col"


@dataclass(frozen=True)
class Slot:
    """Where one number of the report goes."""

    table: str
    row: str
    column: str


@dataclass
class Grid:
    key: str
    caption: str
    header: list[list[Head]]
    body: list[list[Head | Slot]] = field(default_factory=list)
    labels: int = 0  # columns of row labels: one, and it can stay in view while the numbers scroll

    @property
    def slots(self) -> list[Slot]:
        return [c for row in self.body for c in row if isinstance(c, Slot)]


@dataclass(frozen=True)
class _Node:
    text: str
    children: tuple[_Node, ...] = ()

    @property
    def width(self) -> int:
        return sum(c.width for c in self.children) or 1

    @property
    def depth(self) -> int:
        return 1 + max((c.depth for c in self.children), default=0)


def _tree(headers: tuple[tpl.Header, ...]) -> tuple[_Node, ...]:
    by_key = {h.key: h for h in headers}

    def node(head: tpl.Header) -> _Node:
        return _Node(head.label, tuple(node(by_key[k]) for k in head.children))

    return tuple(node(h) for h in headers if h.parent is None)


def _header_rows(forest: tuple[_Node, ...], corner: str, corner_width: int) -> list[list[Head]]:
    height = max(n.depth for n in forest)
    rows: list[list[Head]] = [[] for _ in range(height)]
    if corner_width:
        rows[0].append(Head(corner, colspan=corner_width, rowspan=height))

    def place(node: _Node, level: int) -> None:
        span = 1 if node.children else height - level
        rows[level].append(Head(node.text, colspan=node.width, rowspan=span))
        for child in node.children:
            place(child, level + 1)

    for node in forest:
        place(node, 0)
    return rows


def _row_heads(spec: tpl.TableSpec) -> dict[str, list[Head]]:
    """For each leaf row, the row-header cells that open on it."""
    depth = max(h.depth for h in spec.rows) + 1
    by_key = {h.key: h for h in spec.rows}
    heads: dict[str, list[Head]] = {}
    for leaf in spec.leaf_rows:
        chain = []
        key: str | None = leaf.key
        while key is not None:
            chain.append(by_key[key])
            key = by_key[key].parent
        cells = []
        for head in reversed(chain):
            if head.is_group:
                leaves = spec.leaves("rows", head.key)
                if leaves[0] == leaf.key:
                    cells.append(Head(head.label, rowspan=len(leaves), scope="rowgroup"))
            else:
                cells.append(Head(head.label, colspan=depth - head.depth, scope="row"))
        heads[leaf.key] = cells
    return heads


def _transposed(spec: tpl.TableSpec) -> tuple[_Node, ...]:
    """表四: every leaf row of the model carries all the columns under it."""
    columns = _tree(spec.columns)

    def attach(node: _Node) -> _Node:
        return _Node(node.text, tuple(attach(c) for c in node.children) if node.children else columns)

    return tuple(attach(n) for n in _tree(spec.rows))


def official(spec: tpl.TableSpec) -> Grid:
    if spec.official_layout == "transposed":
        header = _header_rows(_transposed(spec), spec.head or "", 1 if spec.head else 0)
        body: list[Head | Slot] = [Slot(spec.key, r.key, c.key) for r in spec.leaf_rows for c in spec.leaf_columns]
        return Grid(spec.key, spec.label, header, [body])
    forest = _tree(spec.columns)
    if spec.columns_title:
        forest = (_Node(spec.columns_title, forest),)
    label_width = max(h.depth for h in spec.rows) + 1
    grid = Grid(spec.key, spec.label, _header_rows(forest, spec.head or "", label_width), labels=label_width)
    heads = _row_heads(spec)
    for leaf in spec.leaf_rows:
        cells: list[Head | Slot] = [*heads[leaf.key]]
        cells += [Slot(spec.key, leaf.key, c.key) for c in spec.leaf_columns]
        grid.body.append(cells)
    return grid
