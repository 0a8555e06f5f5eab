"""Recognised pages -> blocks: lines of boxes into paragraphs and table
rows, a ruled table cell by cell by its grid (grid.py), the columns of a
table without lines from its header and its fullest row. Never a guess: a
cell that is not a number (「O」 for 0, a smudge) or is read with too little
confidence stays blank, and it, a doubtful reading and a second look
(engine.reread, engine.read_rows) are reported with page and position."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from statistics import median

from ...model import template as tpl
from ..blocks import Block, ImportProblem, Para, Row, TableBlock
from ..labels import key
from ..paragraphs import is_furniture
from . import grid
from .engine import NUMBER, Box, Page, digits, read_rows, reread

CONFIDENCE = 0.8  # below this a number is reported for checking against the scan
UNREADABLE = 0.6  # below this it is no reading at all: the cell stays blank
_VALUE = re.compile(r"^(?:增加|减少|增|减)?[+\-－]?[0-9０-９](?:[0-9０-９,，.．]*[0-9０-９])?(?:万元|元|件)?$")  # as cells are written
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*([0-9]{1,3})[-—–－\s]*$")
_CELL_LIKE = re.compile(r"^[0-9０-９OoDQUIil|\]SsBZzbgq.．,，+\-－]{1,8}$")  # a number, or what a number is misread as


@cache
def _column_labels() -> frozenset[str]:
    """Every leaf column label of both templates (a table's header cells)."""
    return frozenset(
        key(text)
        for version in tpl.versions()
        for table in tpl.load(version).tables
        for column in table.leaf_columns
        for text in (column.label, *column.aliases)
    )


def _lines(boxes: tuple[Box, ...] | list[Box]) -> list[list[Box]]:
    """Boxes gathered into lines, top to bottom, each left to right."""
    if not boxes:
        return []
    size = median(b.height for b in boxes)
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        if lines and abs(box.cy - median(b.cy for b in lines[-1])) < size * 0.5:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _cells(box: Box) -> list[Box]:
    """A box holding several numbers (「0 0」) as one box per number."""
    parts = box.text.split()
    if len(parts) < 2 or not all(_CELL_LIKE.match(p) for p in parts):
        return [box]
    width = (box.x1 - box.x0) / max(len(box.text), 1)
    out, at = [], 0
    for part in parts:
        start = box.text.index(part, at)
        out.append(Box(box.x0 + start * width, box.y0, box.x0 + (start + len(part)) * width, box.y1, part, box.confidence))
        at = start + len(part)
    return out


@dataclass
class _Columns:
    """Where a table's columns are. From its header cells at first: a column
    runs from where its header cell starts to where the next one starts. Once
    a row has a number in every column, from that row: a column runs halfway
    to its neighbours' numbers (numbers left-, centre- or right-aligned)."""

    headers: list[Box] = field(default_factory=list)
    values: list[Box] = field(default_factory=list)  # a row that filled every column
    open: bool = True  # more header lines may add to the headers
    seen: dict[int, list[Box]] = field(default_factory=dict)  # the numbers read in each column

    def add(self, headers: list[Box]) -> None:
        boxes = sorted([*self.headers, *headers], key=lambda b: b.x0)
        size = median(b.height for b in boxes)
        self.headers = [b for i, b in enumerate(boxes) if i == 0 or b.x0 - boxes[i - 1].x0 > size]  # one header, two lines

    def count(self) -> int:
        return len(self.values or self.headers)

    def learn(self, numbers: list[Box]) -> None:
        """A row with a number in every column shows where the columns are."""
        if len(numbers) >= max(self.count(), 1) and (not self.values or len(numbers) >= len(self.values)):
            self.values = sorted(numbers, key=lambda b: b.cx)
            self.seen = {}

    def of(self, box: Box, pad: float) -> int | None:
        """The column the box stands in; None left of the first."""
        if self.values:
            centres = [b.cx for b in self.values]
            first = centres[0] - ((centres[1] - centres[0]) / 2 if len(centres) > 1 else 2 * pad)
            if box.cx < first:
                return None
            return min(range(len(centres)), key=lambda i: abs(centres[i] - box.cx))
        found = None
        for i, head in enumerate(self.headers):
            if box.cx >= head.x0 - pad:
                found = i
        return found

    def where(self, column: int) -> tuple[float, float] | None:
        """Where numbers stand in a column, from those read in it so far."""
        boxes = self.seen.get(column) or self.values[column : column + 1] or self.headers[column : column + 1]
        return (median(b.x0 for b in boxes) - 3, max(b.x1 for b in boxes) + 3) if boxes else None


class Layout:
    """Reads recognised pages into blocks, in order; a table's columns carry
    on from one page to the next."""

    def __init__(self) -> None:
        self.columns: _Columns | None = None
        self.problems: list[ImportProblem] = []

    def page(self, page: Page, number: int, line: int) -> list[Block]:
        """The page's blocks, its lines numbered from `line`."""
        out: list[Block] = []
        tables = list(page.grids)
        loose = [b for b in page.boxes if not any(g.holds(b.cx, b.cy) for g in tables)]
        lines = [[c for b in boxes for c in _cells(b)] for boxes in _lines(loose)]
        numbers = [[b for b in boxes if NUMBER.match(b.text)] for boxes in lines]
        heads = [[b for b in boxes if key(b.text) in _column_labels()] for boxes in lines]
        for i, boxes in enumerate(lines):
            while tables and tables[0].y0 < median(b.cy for b in boxes):
                out.append(_ruled_table(page, tables.pop(0), line, number, self.problems))
                line += len(out[-1].rows)  # type: ignore[union-attr]
                self.columns = None
            text = " ".join(b.text for b in boxes)
            if i == len(lines) - 1 and len(boxes) == 1 and (page_number := _PAGE_NUMBER.match(text)):
                text = f"- {page_number[1]} -"  # a page number whose dashes the scan lost
            headers = heads[i]
            cells = [b for b in boxes if _CELL_LIKE.match(b.text.replace(" ", ""))]
            row = None
            if is_furniture(text):
                pass
            elif headers and not cells:
                if self.columns is None or not self.columns.open:
                    self.columns = _Columns()
                self.columns.add(headers)
            elif not cells:
                if _is_heading(text):
                    self.columns = None  # the next section's table has columns of its own
            else:
                if self.columns and self.columns.count() and _in_table(boxes, cells, self.columns):
                    self.columns.open = False
                    if not self.columns.values:  # the fullest row of the table shows its columns
                        end = next((j for j in range(i, len(lines)) if heads[j] and not numbers[j]), len(lines))
                        self.columns.learn(max(numbers[i:end], key=len))
                    self.columns.learn(numbers[i])
                    row = _row(page, boxes, self.columns, line, number, self.problems)
                row = row or _loose_row(page, boxes, line, number, self.problems)
                if row is None:
                    for cell in cells:
                        _check(cell, line, number, self.problems, kept=True)
            out.append(TableBlock((row,), line) if row else Para(text, line, number))
            line += 1
        for table in tables:  # a table that ends the page
            out.append(_ruled_table(page, table, line, number, self.problems))
            line += len(out[-1].rows)  # type: ignore[union-attr]
            self.columns = None
        return out


def _ruled_table(page: Page, table: grid.Grid, line: int, number: int, problems: list[ImportProblem]) -> TableBlock:
    """A ruled table read cell by cell: each row with every cell of the
    grid, a merged cell's text in its first row and column and None in the
    others (as a PDF's ruled table is read). The boxes read on the page go
    to the cell they stand in; a value cell (in a column of numbers, below
    the header) is taken as `_cell` takes it: a sure number as read, any
    other reading, none or a box across its ruling lines read again on the
    cell's own crop, and never a guess."""
    held: dict[grid.Cell, list[Box]] = {}
    across: set[grid.Cell] = set()  # cells given part of a box that ran over their ruling lines
    for box in (b for b in page.boxes if table.holds(b.cx, b.cy)):
        under = [c for c in table.cells if c.y0 <= box.cy <= c.y1 and c.x0 < box.x1 - 4 and box.x0 + 4 < c.x1]
        pieces = _characters(box) if len(under) > 1 else [box]
        for piece in pieces:
            home = min(table.cells, key=lambda c: _distance(c, piece.cx, piece.cy))
            held.setdefault(home, []).append(piece)
            if len(pieces) > 1:
                across.add(home)
    texts = {cell: _joined([b.text for line in _lines(held.get(cell, [])) for b in line]) for cell in table.cells}
    numeric = [c for c in table.cells if NUMBER.match(texts[c].replace(" ", "")) and c.columns == 1]
    body = min((c.row for c in numeric), default=table.row_count)
    values = set(_value_columns(table, texts, numeric, body))
    while body > 0 and _unread(table, texts, values, body - 1):
        body -= 1  # a row above the first number read is the table's too when it has a label and nothing was read in its cells
    covering: dict[tuple[int, int], grid.Cell] = {
        (r, k): c for c in table.cells for r in range(c.row, c.row + c.rows) for k in range(c.column, c.column + c.columns)
    }
    heads = {k: next((t for r in range(body - 1, -1, -1) if (t := texts[covering[r, k]] if (r, k) in covering else "")), "")
             for k in values}  # the lowest header over each column of numbers
    boxes: dict[grid.Cell, Box | None] = {}
    numbers: list[list[grid.Cell]] = []  # each row's value cells
    for r in range(table.row_count):
        origins = [covering[r, k] for k in range(table.column_count) if (r, k) in covering and (covering[r, k].row, covering[r, k].column) == (r, k)]
        numbers.append([c for c in origins if r >= body and c.column in values and not _CHINESE.search(texts[c])])
        boxes.update({c: held[c][0] if len(held.get(c, [])) == 1 and c not in across else None for c in numbers[-1]})
    sure = {c for c, box in boxes.items() if box is not None and _sound(box) and box.confidence >= CONFIDENCE
            and NUMBER.match(box.text) and not page.under_seal(box)}
    readings = read_rows(page, [row if set(row) - sure else [] for row in numbers])  # a row with a cell not sure, read as a line
    rows = []
    for r in range(table.row_count):
        labels = [covering[(r, k)] for k in range(table.column_count) if (r, k) in covering and k not in values]
        label = next((f"「{texts[c]}」行" for c in reversed(labels) if texts[c]), f"表格第{r + 1}行")
        start = len(problems)
        cells: list[str | None] = []
        for k in range(table.column_count):
            cell = covering.get((r, k))
            if cell is None:
                cells.append("")
            elif (cell.row, cell.column) != (r, k):
                cells.append(None)
            elif cell in boxes:
                name = f"{label}第{k - min(values) + 1}列" + (f"（{heads[k]}）" if heads[k] else "")
                alike = _merged_alike(covering, cell)
                cells.append(_value(page, cell, boxes[cell], cell in sure, readings[r].get(cell), alike, name, line + r, number, problems))
            else:
                for box in held.get(cell, []) if r >= body else []:  # a number among labels: said if doubtful, kept as read
                    if _CELL_LIKE.match(box.text):
                        _check(box, line + r, number, problems, kept=True)
                cells.append(texts[cell])
        _fold_unread(problems, start, label)
        read = "\t".join(texts[c] if c is not None and (c.row, c.column) == (r, k) else ""
                         for k, c in ((k, covering.get((r, k))) for k in range(table.column_count)))
        unlabelled = r >= body and min(values, default=1) == 0  # 表四: a line of numbers alone, its label cell None
        rows.append(Row((None, *cells) if unlabelled else tuple(cells), line + r, read, number, spans_known=True))
    return TableBlock(tuple(rows), line)


def _unread(table: grid.Grid, texts: dict[grid.Cell, str], values: set[int], row: int) -> bool:
    """Whether a row is one of the table's, its numbers all missed (the
    first row on a page, under a line the page break cut): it has a label,
    and nothing was read in its cells under the columns of numbers (a
    header row has its columns' names there)."""
    starting = [c for c in table.cells if c.row == row]
    return (any(texts[c] for c in starting if c.column not in values)
            and bool(values) and not any(texts[c] for c in starting if c.column in values))


def _value_columns(table: grid.Grid, texts: dict[grid.Cell, str], numeric: list[grid.Cell], body: int) -> list[int]:
    """The columns of numbers: each with a number read below the header,
    and, from the right up to the first column of labels, each with no text
    there (a column whose lone 「1」s the page's reading missed)."""
    first = table.column_count
    for k in reversed(range(table.column_count)):
        below = [c for c in table.cells if c.column == k and c.row >= body]
        if not any(c in numeric for c in below) and any(_CHINESE.search(texts[c]) for c in below):
            break
        first = k
    return sorted({c.column for c in numeric} | set(range(first, table.column_count) if numeric else ()))


def _value(page: Page, cell: grid.Cell, box: Box | None, sure: bool, reading: str | None, merged_alike: bool,
           name: str, line: int, number: int, problems: list[ImportProblem]) -> str:
    """A value cell of a ruled table. Taken without a word: a number the
    page's reading was sure of (its row's reading, if it was read, the
    same), or the row's reading where the page had none or letters. Two
    sure readings that differ: blank, both reported. A cell merged unlike
    its neighbours (`merged_alike` false: a line the scan broke joined two
    cells, and their numbers with them): blank, reported. Anything else is
    read again on the cell's own crop (`_cell`), and reported."""
    if not merged_alike:
        problems.append(ImportProblem(line, f"{name}与相邻的格连成了一格（扫描件上两格之间的框线缺失或断开），"
                                      "分不清数字属于哪一格：此格留空，请核对扫描件", number))
        return ""
    if reading is not None and box is not None and NUMBER.match(box.text) and digits(box.text) != reading and (
            box.confidence >= UNREADABLE):
        problems.append(ImportProblem(line, f"{name}在整页中识别为「{box.text}」（置信度 {box.confidence:.2f}），"
                                      f"按行识别为「{reading}」，两次不一致：此格留空，请核对扫描件", number))
        return ""
    if sure and box is not None:
        return box.text
    sealed = page.under_seal(box or _place(cell))  # under a seal a reading is taken only when two agree
    if reading is not None and (not sealed or box is not None and digits(box.text) == reading):
        return reading
    return _cell(page, box, (cell.x0 + 2, cell.x1 - 2), (cell.y0 + 2, cell.y1 - 2), name, line, number, problems, placed=True)[1]


def _merged_alike(covering: dict[tuple[int, int], grid.Cell], cell: grid.Cell) -> bool:
    """Whether a value cell is one cell of the table as drawn: not merged,
    or merged as the cell above it (表二's 「本年处理决定数量」 over its
    number, across three columns) or the one left of it is."""
    if cell.rows == 1 and cell.columns == 1:
        return True
    above, left = covering.get((cell.row - 1, cell.column)), covering.get((cell.row, cell.column - 1))
    return (cell.columns > 1 and cell.rows == 1 and above is not None and (above.column, above.columns) == (cell.column, cell.columns)
            or cell.rows > 1 and cell.columns == 1 and left is not None and (left.row, left.rows) == (cell.row, cell.rows))


def _place(cell: grid.Cell) -> Box:
    return Box(cell.x0, cell.y0, cell.x1, cell.y1, "", 0.0)


_WIDE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]")  # Chinese characters and full-width punctuation


def _joined(texts: list[str]) -> str:
    """A cell's texts, in reading order, as one: Chinese wrapped in a
    narrow cell joins without a space, anything else with one."""
    out = ""
    for text in texts:
        wide = out and _WIDE.match(out[-1]) and _WIDE.match(text[0])
        out += text if not out or wide else " " + text
    return out


def _characters(box: Box) -> list[Box]:
    """A box read across several cells (the recogniser ran over their
    ruling lines) as one box per character, each where it stands in the
    box, spaces left out."""
    width = (box.x1 - box.x0) / max(len(box.text), 1)
    return [Box(box.x0 + i * width, box.y0, box.x0 + (i + 1) * width, box.y1, char, box.confidence)
            for i, char in enumerate(box.text) if not char.isspace()]


def _distance(cell: grid.Cell, x: float, y: float) -> float:
    """How far a point stands outside a cell (0 inside it)."""
    return max(cell.x0 - x, 0, x - cell.x1) + max(cell.y0 - y, 0, y - cell.y1)


@cache
def _sections() -> tuple[tpl.SectionSpec, ...]:
    return tuple(s for version in tpl.versions() for s in tpl.load(version).sections)


def _is_heading(text: str) -> bool:
    """Whether a line is a section's heading, in either template."""
    return any(s.matches(text) for s in _sections())


def _in_table(boxes: list[Box], cells: list[Box], columns: _Columns) -> bool:
    """Whether a line with numbers is a row of the table: it has a label (in
    Chinese) left of the columns, or numbers in half of them. A site's
    address and page number stamped at the foot of a scan has neither."""
    pad = median(b.height for b in boxes) / 2
    labelled = any(columns.of(b, pad) is None and _CHINESE.search(b.text) for b in boxes)
    return labelled or 2 * len(cells) >= columns.count()


def _sound(cell: Box) -> bool:
    """Whether a cell's reading can be taken: a number (a unit or 增减
    allowed), read with some confidence."""
    return bool(_VALUE.match(cell.text)) and cell.confidence >= UNREADABLE


def _check(cell: Box, line: int, page: int, problems: list[ImportProblem], kept: bool = False) -> bool:
    """Whether the cell can be taken (`_sound`); if not, or barely, say so.
    `kept`: the cell stays in a line of text as read, not blanked."""
    at = f"位置（{cell.x0:.0f}, {cell.y0:.0f}）"
    fate = "原文照录" if kept else "此格留空"
    if not _VALUE.match(cell.text):
        problems.append(ImportProblem(line, f"{at}识别出「{cell.text}」，不是数字：{fate}，请核对扫描件", page))
        return False
    if cell.confidence < UNREADABLE:
        problems.append(ImportProblem(line, f"{at}「{cell.text}」的识别置信度只有 {cell.confidence:.2f}，不可靠：{fate}，请核对扫描件", page))
        return False
    if cell.confidence < CONFIDENCE:
        problems.append(ImportProblem(line, f"{at}「{cell.text}」的识别置信度只有 {cell.confidence:.2f}，请核对扫描件", page))
    return True


def _row(
    page: Page, boxes: list[Box], columns: _Columns, line: int, number: int, problems: list[ImportProblem]
) -> Row | None:
    """A table row with its cells under the header cells' columns, or None
    when the boxes right of the label do not fall one to a column."""
    pad = median(b.height for b in boxes) / 2
    label = " ".join(b.text for b in boxes if columns.of(b, pad) is None)
    placed: dict[int, Box] = {}
    for box in boxes:
        column = columns.of(box, pad)
        if column is None:
            continue
        if column in placed:
            return None
        placed[column] = box
    top, bottom = min(b.y0 for b in boxes), max(b.y1 for b in boxes)
    values, start, row = [], len(problems), f"「{label or '（无标签）'}」行"
    for column in range(columns.count()):
        read, value = _cell(page, placed.get(column), columns.where(column), (top, bottom), f"{row}第{column + 1}列", line, number, problems)
        values.append(value)
        if read is not None:
            placed[column] = read
        if read is not None and NUMBER.match(value):
            columns.seen.setdefault(column, []).append(read)
    _fold_unread(problems, start, row)
    text = "\t".join([label, *(placed[c].text if c in placed else "" for c in range(columns.count()))])
    return Row((label or None, *values), line, text, number, spans_known=True)  # no label: no label cell


def _loose_row(page: Page, boxes: list[Box], line: int, number: int, problems: list[ImportProblem]) -> Row | None:
    """A line of numbers alone under no header the reader knows (表四's
    header cells, stacked or run together), one of them missed or misread:
    its cells placed by the ruling lines across it, or else by the line's
    own even spacing, so that the one cell stays blank and the others keep
    their places. None when neither shows the cells, when a box does not
    stand inside one cell of its own, or when every cell holds a number
    read soundly (the line is read as text, as it stands)."""
    if len(boxes) < 3 or not all(_CELL_LIKE.match(b.text) or b.text == "。" for b in boxes):
        return None
    top, bottom = min(b.y0 for b in boxes), max(b.y1 for b in boxes)
    spans = _ruled_spans(page, boxes, (top + bottom) / 2) or _even_spans(boxes)
    if spans is None:
        return None
    placed: dict[int, Box] = {}
    for box in boxes:
        home = [i for i, (x0, x1) in enumerate(spans) if x0 - 2 <= box.x0 and box.x1 <= x1 + 2]
        if len(home) != 1 or home[0] in placed:
            return None  # a box across a rule, or two in one cell: no cells to trust
        placed[home[0]] = box
    if len(placed) == len(spans) and all(_sound(b) for b in boxes):
        return None
    values, start, row = [], len(problems), f"位置（{spans[0][0]:.0f}, {top:.0f}）只有数字的一行"
    for column, (x0, x1) in enumerate(spans):
        values.append(_cell(page, placed.get(column), (x0 + 3, x1 - 3), (top, bottom), f"{row}第{column + 1}格", line, number, problems)[1])
    _fold_unread(problems, start, row)
    return Row((None, *values), line, " ".join(b.text for b in boxes), number, spans_known=True)


def _ruled_spans(page: Page, boxes: list[Box], y: float) -> list[tuple[float, float]] | None:
    """The ruled cells across a line, every one (a cell missed at either end
    is still a cell), between its ruling lines. A cell much wider or
    narrower than most at either end is a label's or a scanner's edge, and
    left out; one in the middle means these are not one row of cells."""
    rules = sorted(r.at for r in page.rules[0] if r.start <= y <= r.end)
    size = median(b.height for b in boxes)
    spans = [(a, b) for a, b in zip(rules, rules[1:]) if b - a > size]
    if not spans:
        return None
    usual = median(b - a for a, b in spans)
    odd = [not 0.6 * usual <= b - a <= 1.6 * usual for a, b in spans]
    while odd and odd[0]:
        odd, spans = odd[1:], spans[1:]
    while odd and odd[-1]:
        odd, spans = odd[:-1], spans[:-1]
    return None if any(odd) else spans


def _even_spans(boxes: list[Box]) -> list[tuple[float, float]] | None:
    """Where a line's cells stand when its numbers are evenly spaced: each
    centre one whole step (fitted over the line) from the next, or two or
    three where cells were missed; None if any stands off its place."""
    centres = [b.cx for b in boxes]
    step = median(b - a for a, b in zip(centres, centres[1:]))
    if step <= 0:
        return None
    slots = [round((c - centres[0]) / step) for c in centres]
    step = (centres[-1] - centres[0]) / slots[-1] if slots[-1] else step
    steps = [b - a for a, b in zip(slots, slots[1:])]
    if any(not 1 <= n <= 3 for n in steps) or any(abs(c - centres[0] - n * step) > 0.2 * step for c, n in zip(centres, slots)):
        return None
    return [(centres[0] + (i - 0.5) * step, centres[0] + (i + 0.5) * step) for i in range(slots[-1] + 1)]


def _cell(
    page: Page, box: Box | None, span: tuple[float, float] | None, rows: tuple[float, float],
    name: str, line: int, number: int, problems: list[ImportProblem], placed: bool = False,
) -> tuple[Box | None, str]:
    """One cell's box and value ("" for blank). A cell with nothing read,
    or with letters read (「I」 for 1), gets a second look, which is taken
    and reported. A number read unsurely gets one too: the same number
    again confirms it; another leaves the cell blank, both readings
    reported (never a choice between two readings). `placed`: the cell's
    bounds are its ruling lines, so a sure reading of just its crop is as
    good as a first reading and is not reported."""
    number_read = box is not None and bool(_VALUE.match(box.text))
    place = box or (Box(span[0], rows[0], span[1], rows[1], "", 0.0) if span else None)
    sealed = place is not None and page.under_seal(place)
    unsure = number_read and box is not None and (box.confidence < CONFIDENCE or sealed)
    misread = box is not None and not number_read and bool(_CELL_LIKE.match(box.text))
    again = _second_look(page, box, span, rows) if (box is None or misread or unsure) and page.picture is not None else None
    if again is not None and box is not None and number_read:
        if again.text == box.text:
            return again, again.text
        problems.append(ImportProblem(
            line, f"{name}先识别为「{box.text}」（置信度 {box.confidence:.2f}），再次识别为「{again.text}」，"
            "两次不一致：此格留空，请核对扫描件", number,
        ))
        return box, ""
    if again is not None and not number_read and again.confidence < CONFIDENCE and (box is None or sealed):
        # Nothing read first (or letters, under a seal): a second look must be as sure as a first reading
        problems.append(ImportProblem(line, f"{name}再次识别为「{again.text}」，置信度只有 {again.confidence:.2f}，"
                                      "不够可靠：此格留空，请核对扫描件", number))
        return box, ""
    if again is None and sealed and box is not None:
        problems.append(ImportProblem(line, f"{name}在印章下，识别为「{box.text}」，再次识别未能确认：此格留空，请核对扫描件", number))
        return box, ""
    if again is not None and placed and again.confidence >= CONFIDENCE:
        return again, again.text
    if again is not None:
        first = f"先识别为「{box.text}」，" if box is not None else "第一次没有识别出内容，"
        problems.append(ImportProblem(line, f"{name}{first}再次识别为「{again.text}」，请核对扫描件", number))
        box = again
    if box is None:
        problems.append(ImportProblem(line, f"{name}{UNREAD}", number))
        return None, ""
    if not _check(box, line, number, problems):
        return box, ""  # never a guess: 「O」 is not 0, a smudge is not a number
    return box, box.text


UNREAD = "没有识别出内容：此格留空，请核对扫描件"


def _fold_unread(problems: list[ImportProblem], start: int, row: str) -> None:
    """A row's cells with nothing read (the problems since `start`), said
    once for the row with their columns: a row left empty in the original
    reads so too, and a person checks it once, not cell by cell."""
    unread = [p for p in problems[start:] if p.message.startswith(row) and p.message.endswith(UNREAD)]
    if len(unread) < 2:
        return
    columns = "、".join(p.message[len(row) : -len(UNREAD)] for p in unread)
    problems[start:] = [replace(unread[0], message=f"{row}{columns}没有识别出内容（原文中空着的格也是如此）：这些格留空，请核对扫描件"),
                        *(p for p in problems[start:] if p not in unread)]


def _second_look(page: Page, box: Box | None, span: tuple[float, float] | None, rows: tuple[float, float]) -> Box | None:
    """A cell read again on its own: where its column's values stand and
    where its box was read; failing that, inside its ruled cell, but only
    across the line's own height (a ruling line the scan lost must not
    bring in the next row's number)."""
    top, bottom = rows
    if span is None and box is None:
        return None
    x0, x1 = span or (box.x0, box.x1)  # type: ignore[union-attr]
    if box is not None:
        x0, x1 = min(x0, box.x0 - 2), max(x1, box.x1 + 2)
    again = reread(page, x0, top - 2, x1, bottom + 2)
    ruled = None if again else page.cell((x0 + x1) / 2, (top + bottom) / 2)
    if ruled:
        reach = (bottom - top) / 4
        again = reread(page, ruled[0] + 3, max(ruled[1] + 3, top - reach), ruled[2] - 3, min(ruled[3] - 3, bottom + reach))
    return again
