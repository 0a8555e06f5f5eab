"""data/nianbao.sqlite: the collection as one SQLite database, for
researchers who query rather than read (Datasette, the sqlite3 shell, any
SQLite client opens it as it is).

Its tables are the CSV files of data/ with their columns and types as the
data package describes them (reports, findings, dictionary), the cells
keyed by numbers (cells: a report's id in reports, a cell's id in
cell_codes, the value; a blank is NULL, never 0: not filled in, or not
readable as a number), the cells written other than as their number as
written (raw: 「—」, 「1,234」), and the text of every published report
section by section and paragraph by paragraph (texts).
The view `labelled` is the cells as a long table, a cell a row, with
each cell's report, organ and official labels joined in: the form for
SQL, where the CSV files are wide for spreadsheets.

Cells and texts are read from each report's JSON by SQLite itself
(json_each), not row by row in Python: two million cells in about a second.
Written by the standard library's sqlite3 (nothing to install) into the
new site, which is swapped in whole: the same files give the same bytes.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..base.escape import unspreadsheet
from ..model import template as tpl
from . import data

NAME = "nianbao.sqlite"
_CODES = """CREATE TABLE cell_codes ("id" INTEGER PRIMARY KEY, "template" INTEGER, "code" TEXT, "table" TEXT, "row" TEXT,
                          "column" TEXT, "row_label" TEXT, "column_label" TEXT, UNIQUE ("template", "code"))"""


def _by_code(table: str, member: str) -> str:
    """SQL that puts one report's cells of its JSON's `member` (an object
    by cell code) into `table`, as (report id, cell id, value)."""
    return f"""INSERT INTO {table} SELECT :id, k."id", j."value" FROM json_each(:json, '$.{member}') j
JOIN cell_codes k ON k."template" = json_extract(:json, '$.template') AND k."code" = j."key" ORDER BY k."id"
"""


_ADD_CELLS, _ADD_RAW = _by_code("cells", "cells"), _by_code("raw", "raw")
_ADD_TEXTS = """INSERT INTO texts SELECT :id, coalesce(json_extract(t."value", '$.section'), ''), json_extract(t."value", '$.heading'),
p."key" + 1, p."value" FROM json_each(:json, '$.texts') t, json_each(t."value", '$.paragraphs') p ORDER BY t."key", p."key"
"""
_CELLS = 'CREATE TABLE cells ("report" INTEGER, "cell" INTEGER, "value" REAL, PRIMARY KEY ("report", "cell")) WITHOUT ROWID'
_LABELLED = """CREATE VIEW labelled AS
SELECT r."report", r."year", r."organ", r."region_code", r."template", k."table", k."row", k."column",
       k."row_label", k."column_label", c."value"
FROM cells c JOIN reports r ON r."id" = c."report" JOIN cell_codes k ON k."id" = c."cell"
ORDER BY c."report", c."cell"
"""
_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "TEXT", "date": "TEXT"}


def _csv(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        next(rows, None)
        yield from rows


def _table(db: sqlite3.Connection, name: str, fields: tuple[tuple[str, str, str, str], ...], path: Path) -> None:
    """One CSV file of data/ as a table with a numbered id: its typed
    columns, its rows, an empty field as NULL."""
    columns = ", ".join(f'"{field}" {_TYPES.get(kind, "TEXT")}' for field, kind, _, _ in fields)
    db.execute(f'CREATE TABLE "{name}" ("id" INTEGER PRIMARY KEY, {columns})')
    kinds = [kind for _, kind, _, _ in fields]
    db.executemany(f'INSERT INTO "{name}" VALUES (NULL, {", ".join("?" for _ in fields)})',
                   ([_typed(unspreadsheet(value), kind) for value, kind in zip(row, kinds)] for row in _csv(path)))


def _typed(value: str, kind: str) -> Any:
    if value == "":
        return None
    return int(value) if kind == "integer" else value


def _codes(db: sqlite3.Connection) -> None:
    """cell_codes: every official cell of every template version, numbered."""
    db.execute(_CODES)
    db.executemany("INSERT INTO cell_codes VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)",
                   ((version, leaf.code, leaf.table, leaf.row, leaf.column, leaf.row_label, leaf.column_label)
                    for version in tpl.versions() for leaf in data.leaves(version)))


def build(folder: Path, records: Iterable[tuple[str, str, bool]]) -> None:
    """data/nianbao.sqlite from the CSV files of `folder` (data/) and every
    report's JSON, as (slug, report.json's text, whether its text is
    published: a withheld report's numbers are data, its text is not)."""
    path = folder / NAME
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = OFF")  # a file of the new site: a failed build throws it away
    db.execute("PRAGMA synchronous = OFF")
    for name in ("reports", "findings", "dictionary"):
        _table(db, name, data.COLUMNS[name], folder / f"{name}.csv")
    _codes(db)
    db.execute(_CELLS)
    db.execute('CREATE TABLE raw ("report" INTEGER, "cell" INTEGER, "text" TEXT, PRIMARY KEY ("report", "cell")) WITHOUT ROWID')
    db.execute('CREATE TABLE texts ("report" INTEGER, "section" TEXT, "heading" TEXT, "paragraph" INTEGER, "text" TEXT)')
    ids = dict(db.execute('SELECT "report", "id" FROM reports'))
    for slug, record, published in records:
        values = {"id": ids[slug], "json": record}
        db.execute(_ADD_CELLS, values)
        db.execute(_ADD_RAW, values)
        if published:
            db.execute(_ADD_TEXTS, values)
    db.execute(_LABELLED)
    for name, on in (("reports_report", 'reports ("report")'), ("findings_report", 'findings ("report")'),
                     ("texts_report", 'texts ("report")')):
        db.execute(f"CREATE INDEX {name} ON {on}")
    db.commit()
    db.close()
