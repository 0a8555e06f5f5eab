"""The tolerant table reader: lines and rows in any layout -> the template's cells.

Every line is cut into pieces: text runs and values (a number, or a dash
someone typed), each with its place in the input. Text is matched to the
template's labels (labels.py); a row label opens a row, and the values that
follow fill it, whether they stand on the label's line, on a line of their
own before the label's last piece, one per line, or glued together. Header
cells, split headers and vertical headers carry no value and are passed
over. A line with text that is none of these is narrative, and is left to
the assembler.

The one rule: never invent, drop or move a number. A row is placed only when
its values line up one to one with the template's columns (digits that lost
their separators only when the table's sums admit exactly one split, see
glue.py); any other row keeps its cells empty, its input kept verbatim and
reported with its place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from ..model import template as tpl
from ..model.provenance import Place
from . import glue
from .blocks import ImportProblem, Para, Row
from .labels import Labels, Match, is_generic, key
from .paragraphs import is_furniture

D = "0-9０-９"
_VALUE = re.compile(rf"^(?:增加|减少|增|减)?[+\-－]?[{D}][{D},，.．]*(?:万元|元|件)?$|^[-—–－/／]+$")
_GLUED = re.compile(rf"^(?P<text>.*?[^{D}\s.．,，+\-－])(?P<digits>[{D}]+(?:[.．][{D}]+)?)$")
_DIGITS = re.compile(rf"^[{D}]+$")
_ANY_DIGIT = re.compile(rf"[{D}]")
_SENTENCE = re.compile(r"[。；;！!？?]")
SHORT = 60  # a line this short with values in it is a table row, even if its label is unknown
JOINED_MAX = 120  # characters of words side by side tried as one label (the longest label is 45)


@dataclass(frozen=True)
class Piece:
    kind: str  # text | value | blank | gap
    text: str
    line: int
    page: int | None
    explicit: bool = False  # a cell of a table row, not a word of a text line
    col: int = 0  # where it starts in its line


@dataclass(frozen=True)
class _Step:
    """What one piece of an item is, as the reader plans to take it."""

    kind: str  # row | cont | corner | header | value | blank | gap
    piece: Piece
    match: Match | None = None
    table: tpl.TableSpec | None = None
    text: str = ""
    taken: tuple[Piece, ...] = ()  # the input's pieces it stands for (a label joined from several)


@dataclass
class Grid:
    """What was read for one table: raw cells by row and column key, and
    input kept verbatim where it could not be placed."""

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    last_row: tuple[int, str] | None = None  # (template index, label) of the last row read
    where: dict[str, tuple[int, int | None]] = field(default_factory=dict)  # each row read: its (line, page) in the input


@dataclass
class _Open:
    match: Match
    read: str  # the label's folded text read so far
    first: Piece
    spans_known: bool
    values: list[Piece] = field(default_factory=list)
    before: list[Piece] = field(default_factory=list)  # values just before the label
    lines: dict[int, str] = field(default_factory=dict)  # the input lines it came from
    overflowed: bool = False  # values after it went on to the next row

    def source(self, item: Para | Row) -> None:
        self.lines.setdefault(item.line, item.text)

    @property
    def verbatim(self) -> str:
        return "⏎".join(self.lines.values())


@dataclass
class _Unlabelled:
    """A table row of values whose label is not in it (OCR Markdown's
    「| 0 | 0 | 0 | 0 | 0 | 0 | 0 |」), after the row `after` (template index)."""

    table: tpl.TableSpec
    after: int
    values: list[Piece]
    line: int
    page: int | None
    text: str


@dataclass
class _Glued:
    table: tpl.TableSpec
    cells: list[tuple[str, str]]
    splits: list[tuple[str, ...]]
    first: Piece
    verbatim: str
    zeros: bool  # a run of zeros, one a cell: nothing to check
    tokens: int  # the runs of digits it was read from
    pieces: list[Piece] = field(default_factory=list)

    def what(self, spec: tpl.Template) -> str:
        rows = {r for r, _ in self.cells}
        return f"「{self.table.row(self.cells[0][0]).label}」行" if len(rows) == 1 else spec.table_name(self.table)


def _ascii_digits(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


_DATES = re.compile(r"[0-9]+(?:\.[0-9]+)?\s*(?:年|月|日|号|时|%|％)")  # not counts: no witness for a cell
_NUMBERING = re.compile(rf"(?<![{D}.．])([{D}]{{1,2}}[.．、])\s+(?=[\u4e00-\u9fff])")


def _words(text: str, line: int, page: int | None, explicit: bool, col: int = 0) -> list[Piece]:
    pieces: list[Piece] = []
    # 「1. 属于国家秘密」 (OCR tools put a space after the dot): the number is the label's, never a value
    for found in re.finditer(r"\S+", _NUMBERING.sub(r"\1", text)):
        word, at = found.group(), col + found.start()
        glued = None if is_generic(word) else _GLUED.match(word)
        if _VALUE.match(word):
            pieces.append(Piece("value", word, line, page, explicit, at))
        elif glued:
            pieces.append(Piece("text", glued["text"], line, page, explicit, at))
            pieces.append(Piece("value", glued["digits"], line, page, explicit, at + len(glued["text"])))
        else:
            pieces.append(Piece("text", word, line, page, explicit, at))
    return pieces


def pieces_of(item: Para | Row) -> list[list[Piece]]:
    """The item's pieces, grouped: a group of text pieces may be joined into one label."""
    if isinstance(item, Para):
        if not item.text.strip():
            return [[Piece("gap", "", item.line, item.page)]]
        return [_words(item.text, item.line, item.page, False, item.col)]
    groups: list[list[Piece]] = []
    at = 0  # where the cell starts in the row's cells joined by spaces: pieces keep the row's order
    for cell in item.cells:
        if cell is None:
            continue
        if not cell.strip(" \t\u00a0\u3000\n"):
            groups.append([Piece("blank", "", item.line, item.page, True, at)])
        else:
            groups.append(_words(cell.replace("\n", " "), item.line, item.page, True, at))
        at += len(cell) + 1
    return groups


class TableReader:
    """Feed it the document's items in order; `finish` gives the grids."""

    def __init__(self, labels: Labels) -> None:
        self.labels = labels
        self.spec = labels.spec
        self.grids: dict[str, Grid] = {}
        self.problems: list[ImportProblem] = []
        self._open: _Open | None = None
        self._orphans: list[Piece] = []
        self._table: tpl.TableSpec | None = None  # the table being read
        self._in_table = False
        self._glued: list[_Glued] = []
        self._orphan_lines: dict[int, str] = {}
        self._empty_run = 0  # rows closed in a row without any value
        self._explicit: set[str] = set()  # tables with labelled table rows (pipes, cells)
        self._unlabelled: list[_Unlabelled] = []
        self._after: dict[str, int] = {}  # table -> template index of the last row read with values
        self._groups: dict[tuple[str, str], tuple[Piece, str]] = {}  # group rows read with values: where, as written
        self.spans: list[Place] = []  # where each piece of the input went (provenance.Place)
        self._fates: dict[int, Piece] = {}  # id -> piece, for every value piece given a place or kept

    # -- reading ---------------------------------------------------------

    def is_row_label(self, text: str) -> bool:
        match = self.labels.row(text)
        return bool(match and match.how == "exact")

    def feed(self, item: Para | Row, strict: bool = False) -> bool:
        """Read the item if it belongs to a table; False leaves it to the
        narrative. `strict` (a section with no table of its own): only a row
        with a label and values, or what follows one, is a table's."""
        if isinstance(item, Para) and is_furniture(item.text):
            if self._in_table:
                self.spans.append(Place(item.line, item.page, item.col, "drop", "page", item.text))
            return self._in_table
        plan = self._plan(pieces_of(item))
        if plan is None:
            return False if strict and not self._in_table else self._not_tabular(item)
        kinds = {step.kind for step in plan}
        if strict and not self._in_table and not ({"row", "value"} <= kinds):
            return False
        if kinds == {"gap"} and self._open is None:
            return False
        if kinds <= {"header", "gap"} and not self._in_table and isinstance(item, Para):
            if not any(step.kind == "header" and self.labels.is_strong_header(step.text) for step in plan):
                return False
        labelled = [i for i, step in enumerate(plan) if step.kind == "row" and step.match and not step.match.head.is_group]
        if isinstance(item, Row) and not labelled and self._unlabelled_row(item, plan):
            return True
        if isinstance(item, Row) and labelled:
            match = plan[labelled[0]].match
            assert match is not None
            self._explicit.add(match.table.key)
            # A table row is a unit: its cells belong to its own label, not to the row before.
            self._close()
            plan = [step for i, step in enumerate(plan) if i >= labelled[0] or step.kind != "blank"]
        for step in plan:
            for piece in step.taken:
                self._take(piece, "label", step.match.table.key + "." + step.match.head.key if step.match else "")
            self._step(step, item)
        if isinstance(item, Row):
            self._in_table = True
        return True

    def _take(self, piece: Piece, kind: str, to: str) -> None:
        """Record where a piece went; each piece goes once."""
        if not piece.text:
            return
        if id(piece) in self._fates:
            raise AssertionError(f"piece taken twice: {piece}")
        self._fates[id(piece)] = piece
        self.spans.append(Place(piece.line, piece.page, piece.col, kind, to, piece.text))

    def _place(self, pieces: list[Piece], to: str) -> None:
        for piece in pieces:
            if piece.kind == "value":
                self._take(piece, "cell", to)

    def _kept(self, pieces: list[Piece], to: str) -> None:
        for piece in pieces:
            if piece.kind == "value":
                self._take(piece, "kept", to)

    def _unlabelled_row(self, item: Row, plan: list[_Step]) -> bool:
        """A row of values alone in a table whose other rows carry their
        labels: no label's values, whatever text stood before it. Kept to be
        placed by the rows' order (`_place_unlabelled`), never taken by the
        row being read or a label outside the table's rows."""
        table = self._open.match.table if self._open else self._table
        if table is None or table.key not in self._explicit or table.official_layout == "transposed":
            return False
        values = [step.piece for step in plan if step.kind in ("value", "blank")]
        if not any(p.kind == "value" for p in values) or any(step.kind in ("row", "cont", "corner") for step in plan):
            return False
        open_ = self._open
        if open_ and open_.first.line == item.line:
            return False
        if open_ and not open_.values and open_.first.explicit:
            return False  # a labelled row whose cells went on to the next line
        self._close()
        while values and values[0].kind == "blank":
            values.pop(0)
        self._unlabelled.append(_Unlabelled(table, self._after.get(table.key, -1), values, item.line, item.page, item.text))
        self._in_table = True
        return True

    def _plan(self, groups: list[list[Piece]]) -> list[_Step] | None:
        """Each piece's part, or None when the item has text no table knows.
        Text pieces side by side are tried joined, longest first, so that a
        label broken by spaces or glued to a group label is read whole."""
        plan: list[_Step] = []
        head = self._open.match.head if self._open else None
        read = self._open.read if self._open else ""
        for group in groups:
            i = 0
            while i < len(group):
                piece = group[i]
                if piece.kind != "text":
                    plan.append(_Step(piece.kind, piece))
                    i += 1
                    continue
                end = i
                while end < len(group) and group[end].kind == "text":
                    end += 1
                step = None
                # longest first, but never longer than a label can be: a line of prose has thousands of words
                reach = i
                while reach < end and sum(len(p.text) for p in group[i : reach + 1]) <= JOINED_MAX:
                    reach += 1
                for j in range(max(reach, i + 1), i, -1):
                    step = self._label_step("".join(p.text for p in group[i:j]), piece, head, read)
                    if step:
                        step = replace(step, taken=tuple(group[i:j]))
                        i = j
                        break
                if step:
                    plan.append(step)
                    if step.kind == "cont":
                        read += key(step.text)
                    elif step.kind == "row" and step.match and not step.match.head.is_group:
                        # a group label does not interrupt a label
                        head, read = step.match.head, key(step.text) if step.match.how == "prefix" else ""
                    continue
                if self.labels.is_header(piece.text) or is_furniture(piece.text):
                    plan.append(_Step("header", piece, text=piece.text, taken=(piece,)))
                    i += 1
                    continue
                parts = self.labels.segments("".join(p.text for p in group[i:end]))
                if parts is None:
                    return None
                for n, part in enumerate(parts):
                    match = self.labels.row(part)
                    taken = tuple(group[i:end]) if n == 0 else ()  # the labels glued together, taken once
                    plan.append(_Step("row", piece, match, text=part, taken=taken) if match
                                else _Step("header", piece, text=part, taken=taken))
                head, read = None, ""
                i = end
        return plan

    def _label_step(self, text: str, piece: Piece, head: tpl.Header | None, read: str) -> _Step | None:
        """What a run of text is: the rest of the label being read, a row's
        label (or its first piece), or a table's corner."""
        if head and self.labels.continues(head, read, text):
            return _Step("cont", piece, text=text)
        match = self.labels.row(text) or self.labels.prefix(text) or self.labels.close(text)
        if match:
            return _Step("row", piece, match, text=text)
        table = self.labels.corner(text)
        return _Step("corner", piece, table=table, text=text) if table else None

    def _step(self, step: _Step, item: Para | Row) -> None:
        if step.kind == "corner":
            self._close()
            self._table = step.table
            self._in_table = True
        elif step.kind == "row" and step.match:
            self._row(step.match, step.text, step.piece, item)
        elif step.kind == "cont":
            if self._open:
                self._open.read += key(step.text)
                self._open.source(item)
        elif step.kind in ("value", "blank", "gap"):
            self._value(step.piece, item)

    def _row(self, match: Match, text: str, piece: Piece, item: Para | Row) -> None:
        self._in_table = True
        if match.head.is_group:
            # A group label standing between a label and its values (a merged
            # cell's text, centred) ends nothing. Elsewhere it opens a row of
            # its own: its values, if any follow, are the group's total as the
            # original printed it (「（六）其他处理 2 0 0 0 0 0 2」).
            if self._open is None or self._open.values:
                self._close()
                self._table = match.table
                if match.table.match_group(match.head.label) is match.head:
                    self._open = _Open(match, "", piece, isinstance(item, Row) and item.spans_known)
                    self._open.source(item)
            return
        self._close()
        self._table = match.table
        spans = isinstance(item, Row) and item.spans_known
        self._open = _Open(match, key(text) if match.how == "prefix" else "", piece, spans)
        if match.how in ("note", "close"):
            self._report(piece, f"「{text}」按模板标签「{match.head.label}」读取")
        self._open.before, self._orphans = self._orphans, []
        self._open.lines, self._orphan_lines = self._orphan_lines, {}
        self._open.source(item)

    def _value(self, piece: Piece, item: Para | Row) -> None:
        self._in_table = True
        open_ = self._open
        if open_ is None:
            if piece.kind == "value" or piece.kind == "blank" and _numbers_alone(item):  # a cell keeps its place
                self._orphans.append(piece)
                self._orphan_lines.setdefault(item.line, item.text)
            return
        k = len(open_.match.table.leaf_columns)
        # Values on a line of their own once the row is full (its own values,
        # or the values that stood just before its label) belong to the next row.
        filled = [p for p in open_.values if p.kind != "gap"] or open_.before
        if (
            piece.kind == "value"
            and not piece.explicit
            and piece.line != open_.first.line
            and len([p for p in filled if p.kind == "value"]) >= k
            and filled[-1].line != piece.line
            and (open_.match.table.official_layout != "transposed" or not open_.values)
        ):
            self._orphans.append(piece)
            self._orphan_lines.setdefault(item.line, item.text)
            open_.overflowed = True
            return
        if piece.kind != "gap":
            open_.source(item)
        if isinstance(item, Row) and item.spans_known:
            open_.spans_known = True  # its cells come from a table whose merges are known
        if piece.kind == "gap" and not open_.values:
            if not open_.first.explicit:
                open_.values.append(piece)
            return
        open_.values.append(piece)

    def _not_tabular(self, item: Para | Row) -> bool:
        """A line with unknown text: a row with an unknown label if it is short
        and has values in a table, or a short piece of text between the rows
        of a table whose rows carry their labels (OCR's wrapped label
        fragments); otherwise narrative."""
        digits = _ANY_DIGIT.search(item.text)
        text = item.text
        in_table = self._in_table
        fragment = in_table and self._table is not None and self._table.key in self._explicit
        self.end_region()
        if (digits or fragment) and (in_table or isinstance(item, Row)) and len(text) <= SHORT and not _SENTENCE.search(text):
            target = self._table or self.spec.tables[0]
            self.spans.append(Place(item.line, item.page, getattr(item, "col", 0), "kept", target.key, text))
            self._keep(target, "", item.line, text)
            self.problems.append(
                ImportProblem(item.line, f"无法归入{self.spec.table_name(target)}的任何一行，原文已保留：{_verbatim(text)}", item.page)
            )
            self._in_table = in_table  # kept in the table: the table goes on
            return True
        return False

    def end_region(self) -> None:
        """A section heading or narrative: the row being read ends here."""
        self._close()
        if self._orphans:
            self._flush_orphans()
        self._in_table = False

    # -- placing ---------------------------------------------------------

    def _grid(self, table: tpl.TableSpec) -> Grid:
        return self.grids.setdefault(table.key, Grid())

    def _keep(self, table: tpl.TableSpec, row: str, line: int, text: str) -> None:
        self._grid(table).unplaced.append((row, f"第{line}行：{_verbatim(text)}"))

    def _report(self, piece: Piece, message: str) -> None:
        self.problems.append(ImportProblem(piece.line, message, piece.page))

    def _close(self) -> None:
        open_, self._open = self._open, None
        if open_ is None:
            return
        table, head = open_.match.table, open_.match.head
        values = [p for p in open_.values]
        own = any(p.kind == "value" for p in values)
        if head.is_group and not own:
            return  # a group's label alone: a heading over its rows
        if open_.overflowed and own and self._empty_run >= 2:
            # Labels first, then a long run of values (a table read column by
            # column): the run is no row's; it is kept and reported whole.
            self._orphans[:0] = [p for p in values if p.kind == "value"]
            values, own = [], False
        self._empty_run = 0 if own or open_.before else self._empty_run + 1
        if not own and open_.before:
            values = list(open_.before)
        elif open_.before:
            self._orphan_problem(table, open_.before)
        to = f"{table.key}.{head.key}"
        grid = self._grid(table)
        leaves = [h.key for h in table.leaf_rows]
        index = leaves.index(table.leaves("rows", head.key)[-1] if head.is_group else head.key)
        if grid.last_row is None or index >= grid.last_row[0]:
            grid.last_row = (index, head.label)
        verbatim = open_.verbatim
        if head.key in grid.rows and any(grid.rows[head.key].values()):
            self._kept(values, to)
            self._keep(table, head.key, open_.first.line, verbatim)
            self._report(open_.first, f"「{head.label}」行重复出现，第二次的原文已保留")
            return
        if table.official_layout == "transposed" and self._transposed(table, values, open_.first, verbatim):
            return
        k = len(table.leaf_columns)
        cells = _line_up(values, k, open_.spans_known)
        if cells is not None:
            self._place(values, to)
            grid.rows[head.key] = {c.key: v for c, v in zip(table.leaf_columns, cells)}
            grid.where[head.key] = (open_.first.line, open_.first.page)
            if head.is_group:
                self._groups[(table.key, head.key)] = (open_.first, verbatim)
            if any(cells):
                self._after[table.key] = index
            return
        grid.rows.setdefault(head.key, {})
        grid.where.setdefault(head.key, (open_.first.line, open_.first.page))
        digits = [p for p in values if p.kind == "value"]
        if not digits:
            return  # a label with nothing after it: its cells stay blank
        run = _ascii_digits("".join(p.text for p in digits))
        # Cells of a table keep their borders: only one cell's digits may be a glued run.
        one_run = not open_.first.explicit or len(digits) == 1
        if one_run and len(run) >= k and all(_DIGITS.match(p.text) for p in digits) and not any(p.kind == "blank" for p in values):
            cells_keys = [(head.key, c.key) for c in table.leaf_columns]
            self._glued.append(
                _Glued(table, cells_keys, glue.splits(run, cells_keys, table), open_.first, verbatim, run == "0" * k,
                       len(digits), digits)
            )
            return
        count = len([p for p in values if p.kind != "gap"])
        self._kept(values, to)
        self._keep(table, head.key, open_.first.line, verbatim)
        self._report(
            open_.first,
            f"「{head.label}」行有 {count} 个值，模板有 {k} 列，无法确定对应关系：各格留空，原文已保留",
        )

    def _transposed(self, table: tpl.TableSpec, values: list[Piece], first: Piece, verbatim: str) -> bool:
        """The official one-row layout of 表四: its rows laid end to end."""
        grid = self._grid(table)
        rows, columns = table.leaf_rows, table.leaf_columns
        cells = [(h.key, c.key) for h in rows for c in columns]
        filled = [p for p in values if p.kind in ("value", "blank")]
        while filled and filled[0].kind == "blank" and len(filled) > len(cells):
            filled.pop(0)
        while filled and filled[-1].kind == "blank" and len(filled) > len(cells):
            filled.pop()
        if any(any(grid.rows.get(h.key, {}).values()) for h in rows):
            return False
        if len(filled) == len(cells):
            for (r, c), piece in zip(cells, filled):
                grid.rows.setdefault(r, {})[c] = piece.text
            self._place(filled, table.key)
            return True
        run = _ascii_digits("".join(p.text for p in filled))
        glued = len(filled) < len(cells) <= len(run) and len(filled) != len(columns)
        if glued and all(p.kind == "value" and _DIGITS.match(p.text) for p in filled):
            self._glued.append(
                _Glued(table, cells, glue.splits(run, cells, table), first, verbatim, run == "0" * len(cells), len(filled),
                       filled)
            )
            for r, _ in cells:
                grid.rows.setdefault(r, {})
            return True
        return False

    def _flush_orphans(self) -> None:
        table = self._table or self.spec.tables[0]
        orphans, self._orphans = self._orphans, []
        self._orphan_lines = {}
        text = " ".join(p.text for p in orphans)
        if not (table.official_layout == "transposed" and self._transposed(table, orphans, orphans[0], text)):
            self._orphan_problem(table, orphans)

    def _orphan_problem(self, table: tpl.TableSpec, pieces: list[Piece]) -> None:
        self._kept(pieces, table.key)
        text = " ".join(p.text for p in pieces)
        self._keep(table, "", pieces[0].line, text)
        self._report(pieces[0], f"数字「{text}」不属于任何一行，原文已保留")

    # -- the end ---------------------------------------------------------

    def finish(self, narrative: str = "") -> dict[str, Grid]:
        """`narrative`: the report's text, a witness for digits that no sum can split."""
        self.end_region()
        self._place_unlabelled()
        self._check_groups()
        self._resolve_glued(narrative)
        return self.grids

    def _known(self, table: tpl.TableSpec) -> dict[tuple[str, str], int]:
        known: dict[tuple[str, str], int] = {}
        for row, cells in self._grid(table).rows.items():
            for column, raw in cells.items():
                text = _ascii_digits(raw.strip())
                if text.isdigit() and text.isascii():
                    known[(row, column)] = int(text)
        return known

    def _check_groups(self) -> None:
        """A group's own row stands for its rows when none of them is there,
        and beside them when all are; with only some of them there, its
        numbers may be a row whose label was lost (OCR): kept, not placed."""
        for (table_key, group), (first, verbatim) in self._groups.items():
            table = self.spec.table(table_key)
            grid = self._grid(table)
            read = [k for k in table.leaves("rows", group) if any(grid.rows.get(k, {}).values())]
            if not read or len(read) == len(table.leaves("rows", group)):
                continue
            del grid.rows[group]
            to = f"{table_key}.{group}"
            self.spans = [replace(s, kind="kept") if s.kind == "cell" and s.to == to else s for s in self.spans]
            self._keep(table, group, first.line, verbatim)
            self._report(first, f"「{table.row(group).label}」行有数字，而它的分项只有一部分在原文中：这些数字可能属于行名缺失的分项，"
                                f"无法确定，原文已保留：{_verbatim(verbatim)}")

    def _place_unlabelled(self) -> None:
        """Rows of values without labels, between two rows read: placed in
        the template's rows between those two when there are exactly as many
        such rows, all unread, and each row's values fill its columns; else
        kept verbatim and reported. Nothing is placed out of order."""
        runs: list[list[_Unlabelled]] = []
        for row in self._unlabelled:
            if runs and runs[-1][-1].table is row.table and runs[-1][-1].after == row.after:
                runs[-1].append(row)
            else:
                runs.append([row])
        for run in runs:
            table = run[0].table
            grid = self._grid(table)
            leaves = table.leaf_rows
            filled = [i for i, h in enumerate(leaves) if any(grid.rows.get(h.key, {}).values())]
            after = run[0].after
            before = min((i for i in filled if i > after), default=len(leaves))
            gap = [h for h in leaves[after + 1 : before] if not any(grid.rows.get(h.key, {}).values())]
            lined = [_line_up(r.values, len(table.leaf_columns), False) for r in run]
            if len(gap) == len(run) and len(gap) == before - after - 1 and all(c is not None for c in lined):
                for head, row, cells in zip(gap, run, lined):
                    assert cells is not None
                    self._place(row.values, f"{table.key}.{head.key}")
                    grid.rows[head.key] = {c.key: v for c, v in zip(table.leaf_columns, cells)}
                    grid.where[head.key] = (row.line, row.page)
                    self.problems.append(ImportProblem(
                        row.line, f"这一行数字没有行名，按表格的行序归入「{head.label}」，请与原文核对：{_verbatim(row.text)}", row.page))
                continue
            where = f"，在「{leaves[after].label}」行之后" if after >= 0 else ""
            could = "、".join(f"「{h.label}」" for h in gap[:3]) + ("等" if len(gap) > 3 else "")
            could = f"，可能是{could}" if gap else ""
            for row in run:
                self._kept(row.values, table.key)
                self._keep(table, "", row.line, row.text)
                self.problems.append(ImportProblem(
                    row.line, f"这一行数字没有行名{where}{could}，无法确定是{self.spec.table_name(table)}的哪一行：各格留空，"
                    f"原文已保留：{_verbatim(row.text)}", row.page))

    def _stated(self, item: _Glued, narrative: str) -> bool:
        """A glued run of one row in a table without sums (表二's
        「行政规范性文件8855698」) is taken when exactly one split has all its
        numbers but one stated in a sentence of the text naming the row."""
        if item.zeros or item.tokens != 1 or len({r for r, _ in item.cells}) != 1 or glue.touched(item.table, item.cells):
            return False  # one run of digits, of one row, in a table without sums
        core = key(item.table.row(item.cells[0][0]).label)[-4:]
        numbers = {
            n.lstrip("0") or "0"
            for sentence in re.split(r"[。；;！!？?\n]", narrative) if core in key(sentence)
            for n in re.findall(r"[0-9]+", _DATES.sub(" ", _ascii_digits(sentence)))
        }
        digits = "".join(_ascii_digits(p.text) for p in item.pieces)
        fits = glue.stated(digits, len(item.cells), numbers) if digits.isdigit() else []
        if len(fits) != 1:
            return False
        grid = self._grid(item.table)
        for (row, column), value in zip(item.cells, fits[0]):
            grid.rows.setdefault(row, {})[column] = value
        self._place(item.pieces, f"{item.table.key}.{item.cells[0][0]}")
        self._report(item.first, f"{item.what(self.spec)}的数字连在一起，按正文所述的件数拆分，请与原文核对：{_verbatim(item.verbatim)}")
        return True

    def _resolve_glued(self, narrative: str) -> None:
        """Take each glued run that exactly one split fits, given the cells
        known so far; a run taken may decide another, so until none is taken."""
        pending = list(self._glued)
        progress = True
        while pending and progress:
            progress = False
            for item in list(pending):
                known = self._known(item.table)
                fits = [s for s in item.splits if glue.agrees(dict(zip(item.cells, map(int, s))), known, item.table)]
                if len(fits) != 1:
                    continue
                grid = self._grid(item.table)
                for (row, column), value in zip(item.cells, fits[0]):
                    grid.rows.setdefault(row, {})[column] = value
                self._place(item.pieces, item.table.key if len({r for r, _ in item.cells}) > 1 else f"{item.table.key}.{item.cells[0][0]}")
                if not item.zeros:
                    self._report(item.first, f"{item.what(self.spec)}的数字连在一起，按勾稽关系拆分，请与原文核对：{_verbatim(item.verbatim)}")
                pending.remove(item)
                progress = True
        for item in pending:
            if self._stated(item, narrative):
                continue
            known = self._known(item.table)
            fits = [s for s in item.splits if glue.agrees(dict(zip(item.cells, map(int, s))), known, item.table)]
            self._kept(item.pieces, item.table.key)
            self._keep(item.table, item.cells[0][0], item.first.line, item.verbatim)
            why = (
                f"有 {len(fits)} 种拆分方式符合勾稽关系" if fits
                else "没有拆分方式符合勾稽关系" if glue.touched(item.table, item.cells)
                else "表中没有可以核对拆分的勾稽关系"
            )
            what = f"{item.what(self.spec)}的数字连在一起" if item.tokens == 1 else (
                f"{item.what(self.spec)}有 {item.tokens} 个值，模板有 {len(item.cells)} 格；把数字连起来看"
            )
            self._report(
                item.first, f"{what}，{why}：各格留空，原文已保留：{_verbatim(item.verbatim)}"
            )


def _line_up(values: list[Piece], k: int, spans_known: bool) -> list[str] | None:
    """The row's cells when its values line up one to one with k columns."""
    explicit = any(p.explicit for p in values)
    if explicit:
        seq = [p for p in values if p.kind in ("value", "blank")]
        # Without span information an empty cell right after the label may be
        # a merged label column as well as a blank value: it is never a value.
        while not spans_known and seq and seq[0].kind == "blank":
            seq.pop(0)
        # Extra empty cells are taken off one end only when the other has none
        # to offer: which end they belong to must not be a guess.
        excess = len(seq) - k
        lead = next((i for i, p in enumerate(seq) if p.kind != "blank"), len(seq))
        trail = next((i for i, p in enumerate(reversed(seq)) if p.kind != "blank"), len(seq))
        if excess > 0 and trail >= excess and (not spans_known or lead == 0):
            seq = seq[:k]
        elif excess > 0 and spans_known and lead >= excess and trail == 0:
            seq = seq[excess:]
        return [p.text for p in seq] if len(seq) == k else None
    kinds = "".join("v" if p.kind == "value" else "g" for p in values)
    if "g" not in kinds.strip("g"):
        texts = [p.text for p in values if p.kind == "value"]
        if len(texts) == k or not kinds.startswith("g") or "vv" in kinds:
            return texts if len(texts) == k else None
    # One cell a line. Cells separated by empty lines (the label too): a
    # blank cell is an empty line and its separator. Otherwise an empty line
    # is a blank cell, and empty lines after the last value only end the row.
    separated = kinds.startswith("g") and "vv" not in kinds
    if not separated:
        kinds = kinds.rstrip("g")
    cells: list[str] = []
    given = iter(p.text for p in values if p.kind == "value")
    for run in re.findall(r"g+|v", kinds):
        if run == "v":
            cells.append(next(given))
        else:
            cells += [""] * ((len(run) - 1) // 2 if separated else len(run))
    return cells if len(cells) == k else None


def _numbers_alone(item: Para | Row) -> bool:
    """A row of cells whose merges are known, with numbers and no label
    (OCR's line of numbers alone): its empty cells are cells, in their places."""
    return isinstance(item, Row) and item.spans_known and not item.cells[0] and any(
        _VALUE.match(word) for cell in item.cells if cell for word in cell.split()
    )


def _verbatim(text: str) -> str:
    return text.replace("\n", "⏎")
