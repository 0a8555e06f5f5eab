"""A ruled table's cells on a page image, found by its lines before a single
character is read.

The ruling lines are the ink that runs on, across or down, longer than any
stroke of a character; the cells are the white regions they enclose. A
merged cell is one region over several rows or columns (a line segment
missing between them), so merges come out of the picture itself, whatever
the header's nesting. Rows and columns are where cells start and end,
gathered across the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LINE = 200  # grey below which a pixel may be part of a ruling line (a scanned line is faint and grey)
MIN_ROWS = 2
MIN_COLUMNS = 2  # one is a frame around text, or a one-column list


@dataclass(frozen=True)
class Cell:
    """A region enclosed by ruling lines, in the upright page's pixels: its
    bounds and the rows and columns of the table it covers (end exclusive)."""

    x0: int
    y0: int
    x1: int
    y1: int
    row: int
    column: int
    rows: int = 1
    columns: int = 1


@dataclass(frozen=True)
class Grid:
    """A ruled table: its bounds and its cells, top to bottom, left to right."""

    x0: int
    y0: int
    x1: int
    y1: int
    cells: tuple[Cell, ...]
    row_count: int
    column_count: int

    def holds(self, x: float, y: float) -> bool:
        """Whether a point stands inside the table's lines (a heading that
        touches its top line stands outside)."""
        return (min(c.x0 for c in self.cells) <= x <= max(c.x1 for c in self.cells)
                and min(c.y0 for c in self.cells) <= y <= max(c.y1 for c in self.cells))


def find(grey: Any, stroke: float) -> list[Grid]:
    """The ruled tables of an upright grey page (a numpy array), top to
    bottom. `stroke`: the height of a line of text in pixels; a run of ink
    longer than 1.25 of it, across or down, is a ruling line, not a
    character's stroke."""
    import cv2
    import numpy as np

    dark = (grey < LINE).astype(np.uint8)
    run = max(int(1.25 * stroke), 12)
    across = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((1, 2 * run), np.uint8))
    down = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8))
    # A scan's line fades or breaks for a pixel or two: bridge it, along the line only.
    across = cv2.dilate(across, np.ones((3, 9), np.uint8))
    down = cv2.dilate(down, np.ones((9, 3), np.uint8))
    lines = across | down
    count, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    grids = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if w < 4 * run or h < 2 * run:
            continue  # a rule under a heading, a box around a word
        region = labels[y : y + h, x : x + w] == i
        # A table cut by a page break has no line above its first row (or
        # below its last): its lines down still end there, and close it.
        region[0, :] = region[-1, :] = True
        grid = _cells(~region, x, y, stroke)
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: g.y0)


def slant(grey: Any) -> float | None:
    """Degrees the page's long ruling lines lean (clockwise down the page,
    as a text box's top edge leans), or None without such lines: a table's
    lines are straighter and longer than any line of text, and a page of
    short numbers tells its slant badly by their boxes."""
    import cv2
    import numpy as np

    dark = (grey < LINE).astype(np.uint8)
    width = dark.shape[1]
    across = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((1, max(width // 20, 20)), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(across, connectivity=8)
    angles = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if w < width // 4 or h > w // 10:
            continue
        rows, columns = np.nonzero(labels[y : y + h, x : x + w] == i)
        angles.append(float(np.degrees(np.arctan(np.polyfit(columns, rows, 1)[0]))))
    return float(np.median(angles)) if angles else None


def _cells(white: Any, left: int, top: int, stroke: float) -> Grid | None:
    """The cells of one table from the white inside its lines (a boolean
    array of the table's bounds), or None if they make no grid."""
    import cv2
    import numpy as np

    count, labels, stats, _ = cv2.connectedComponentsWithStats(white.astype(np.uint8), connectivity=4)
    height, width = white.shape
    regions = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        touches = x == 0 or y == 0 or x + w == width or y + h == height
        if touches or w < stroke or h < 0.8 * stroke:
            continue  # outside the border, or a gap between two strokes of a line
        regions.append((i, x, y, x + w, y + h))
    if not regions:
        return None
    gap = max(stroke / 2, 6)
    rows = _edges([r[2] for r in regions] + [r[4] for r in regions], gap)
    columns = _edges([r[1] for r in regions] + [r[3] for r in regions], gap)
    if len(rows) - 1 < MIN_ROWS or len(columns) - 1 < MIN_COLUMNS:
        return None
    cells = []
    for i, x0, y0, x1, y1 in regions:
        row, end = _nearest(rows, y0), _nearest(rows, y1)
        column, last = _nearest(columns, x0), _nearest(columns, x1)
        if end <= row or last <= column:
            continue
        held = [[bool(labels[int((rows[r] + rows[r + 1]) / 2), int((columns[k] + columns[k + 1]) / 2)] == i)
                 for k in range(column, last)] for r in range(row, end)]
        if all(all(line) for line in held) and stats[i, cv2.CC_STAT_AREA] >= FILLED * (x1 - x0) * (y1 - y0):
            cells.append(Cell(x0 + left, y0 + top, x1 + left, y1 + top, row, column, end - row, last - column))
            continue
        # Not a rectangle: two cells run together where a scan broke the line between them.
        for r, k, rs, ks in _rectangles(held):
            r, k = r + row, k + column
            cells.append(Cell(int(columns[k]) + left, int(rows[r]) + top, int(columns[k + ks]) + left,
                              int(rows[r + rs]) + top, r, k, rs, ks))
    covered = {(r, k) for c in cells for r in range(c.row, c.row + c.rows) for k in range(c.column, c.column + c.columns)}
    for r in range(len(rows) - 1):  # a place whose lines the scan lost, or the picture cut: a cell of the grid still
        for k in range(len(columns) - 1):
            if (r, k) not in covered:
                cells.append(Cell(int(columns[k]) + left, int(rows[r]) + top, int(columns[k + 1]) + left,
                                  int(rows[r + 1]) + top, r, k))
    cells.sort(key=lambda c: (c.row, c.column))
    return Grid(left, top, left + width, top + height, tuple(cells), len(rows) - 1, len(columns) - 1)


FILLED = 0.9  # a region of white filling less of its bounds than this is not one cell


def _rectangles(held: list[list[bool]]) -> list[tuple[int, int, int, int]]:
    """The parts of a region over the grid's positions (held[row][column])
    as rectangles (row, column, rows, columns): runs across each row, and
    the same run in the rows below joined to it."""
    runs: list[list[int]] = []  # row, column, rows, columns
    for r, line in enumerate(held):
        k = 0
        while k < len(line):
            if not line[k]:
                k += 1
                continue
            end = k
            while end < len(line) and line[end]:
                end += 1
            above = next((run for run in runs if run[0] + run[2] == r and run[1] == k and run[3] == end - k), None)
            if above:
                above[2] += 1
            else:
                runs.append([r, k, 1, end - k])
            k = end
    return [(r, k, rs, ks) for r, k, rs, ks in runs]


def _edges(values: list[int], gap: float) -> list[float]:
    """Cells' starts and ends gathered into the lines between rows (or
    columns): values within `gap` of each other are one line (a cell ends a
    line's width before the next begins)."""
    groups: list[list[int]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= gap:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def _nearest(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))
