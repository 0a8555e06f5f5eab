"""The ruled table's grid (importers/ocr/grid.py): whatever the merges, the
cells found are the cells drawn; a line the scan broke does not join two
cells into one that is then taken as a number."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from nianbao.importers.ocr import engine as ocr
from nianbao.importers.ocr import grid, layout


def _drawn(seed: int) -> tuple[Image.Image, set[tuple[int, int, int, int]]]:
    """A table of random row heights and column widths with a few random
    merged blocks, drawn as a scanner sees it (2-pixel lines, blurred);
    and its cells as (row, column, rows, columns)."""
    rng = random.Random(seed)
    heights = [rng.randint(36, 90) for _ in range(rng.randint(3, 9))]
    widths = [rng.randint(50, 160) for _ in range(rng.randint(3, 10))]
    owner = {(r, k): (r, k, 1, 1) for r in range(len(heights)) for k in range(len(widths))}
    for _ in range(rng.randint(0, 4)):
        r, k = rng.randrange(len(heights)), rng.randrange(len(widths))
        rs, ks = rng.randint(1, len(heights) - r), rng.randint(1, min(3, len(widths) - k))
        block = [(i, j) for i in range(r, r + rs) for j in range(k, k + ks)]
        if all(owner[p][2:] == (1, 1) for p in block):
            for p in block:
                owner[p] = (r, k, rs, ks)
    ys = [40 + sum(heights[:i]) for i in range(len(heights) + 1)]
    xs = [40 + sum(widths[:i]) for i in range(len(widths) + 1)]
    picture = Image.new("L", (xs[-1] + 40, ys[-1] + 40), 255)
    draw = ImageDraw.Draw(picture)
    for r in range(len(heights) + 1):  # a line across wherever the places above and below are not one cell
        for k in range(len(widths)):
            if r in (0, len(heights)) or owner[r - 1, k] != owner[r, k]:
                draw.line((xs[k], ys[r], xs[k + 1], ys[r]), fill=0, width=2)
    for k in range(len(widths) + 1):
        for r in range(len(heights)):
            if k in (0, len(widths)) or owner[r, k - 1] != owner[r, k]:
                draw.line((xs[k], ys[r], xs[k], ys[r + 1]), fill=0, width=2)
    return picture.filter(ImageFilter.GaussianBlur(0.6)), set(owner.values())


@pytest.mark.parametrize("seed", range(12))
def test_the_cells_found_are_the_cells_drawn(seed: int) -> None:
    picture, cells = _drawn(seed)
    found = grid.find(np.asarray(picture), 20)
    assert len(found) == 1
    assert {(c.row, c.column, c.rows, c.columns) for c in found[0].cells} == cells
    covered = [(r, k) for c in found[0].cells for r in range(c.row, c.row + c.rows) for k in range(c.column, c.column + c.columns)]
    assert len(covered) == len(set(covered)) == found[0].row_count * found[0].column_count  # every place once


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("cut", ["top", "bottom"])
def test_a_table_cut_by_a_page_break_keeps_its_first_and_last_rows(seed: int, cut: str) -> None:
    """A table that goes on from the last page has no line above its first
    row (one that goes on to the next, none below its last): its lines down
    end there, and the row is still the table's, its cells found (a row at
    the top of page 7 was read as loose text, and its numbers lost)."""
    picture, cells = _drawn(seed)
    array = np.asarray(picture)
    rows = np.where((array < 128).sum(axis=1) > array.shape[1] // 2)[0]  # the lines across
    if cut == "top":
        array = np.vstack([np.full((30, array.shape[1]), 255, np.uint8), array[rows.min() + 4 :]])
    else:
        array = np.vstack([array[: rows.max() - 3], np.full((30, array.shape[1]), 255, np.uint8)])
    found = grid.find(array, 20)
    assert len(found) == 1 and {(c.row, c.column, c.rows, c.columns) for c in found[0].cells} == cells


def test_a_value_cell_merged_unlike_the_cell_above_is_blank_and_said() -> None:
    """A ruling line lost between two numbers joins their cells: the
    number read there could be either's, so the cell is left blank."""
    above = grid.Cell(100, 0, 160, 40, 0, 1)
    above_right = grid.Cell(160, 0, 220, 40, 0, 2)
    joined = grid.Cell(100, 40, 220, 80, 1, 1, 1, 2)
    covering = {(0, 1): above, (0, 2): above_right, (1, 1): joined, (1, 2): joined}
    assert not layout._merged_alike(covering, joined)
    wide_above = grid.Cell(100, 0, 220, 40, 0, 1, 1, 2)  # 表二's 「本年处理决定数量」 over its number
    assert layout._merged_alike({(0, 1): wide_above, (0, 2): wide_above, (1, 1): joined, (1, 2): joined}, joined)
    problems: list = []
    page = ocr.Page((), 0.0)
    box = ocr.Box(120, 45, 200, 75, "35", 0.99)
    assert layout._value(page, joined, box, True, "35", False, "「行政许可」行第1列", 7, 2, problems) == ""
    assert any("连成了一格" in p.message and p.line == 7 and p.page == 2 for p in problems)


def test_a_first_row_with_its_numbers_missed_is_a_row_not_a_header() -> None:
    """Under a line the page break cut, the first row's numbers were not
    read: a label and nothing under the columns of numbers makes it a row of
    the table (its cells then read again and reported), while a header row
    has its columns' names there."""
    label, first, second = grid.Cell(0, 0, 100, 40, 0, 0), grid.Cell(100, 0, 160, 40, 0, 1), grid.Cell(160, 0, 220, 40, 0, 2)
    table = grid.Grid(0, 0, 220, 40, (label, first, second), 1, 3)
    assert layout._unread(table, {label: "5.属于三类内部事务信息", first: "", second: ""}, {1, 2}, 0)
    assert not layout._unread(table, {label: "信息内容", first: "自然人", second: "总计"}, {1, 2}, 0)
    assert not layout._unread(table, {label: "", first: "", second: ""}, {1, 2}, 0)
