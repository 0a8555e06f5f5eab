"""data/nianbao.sqlite: the collection as one SQLite database, for
researchers who query rather than read (Datasette, the sqlite3 shell, any
SQLite client opens it as it is).

Its tables are the CSV files of data/ with their columns and types as the
data package describes them (reports, findings, dictionary), the cells
keyed by numbers (cells: a report's id in reports, a cell's id in
cell_codes, the value; a blank is NULL, never 0), and the text of every
report section by section and paragraph by paragraph (texts). The view
`labelled` is cells.csv with each cell's organ and official labels joined
in. Numbers instead of repeated codes keep the database about a tenth of
cells.csv's size.

Written by the standard library's sqlite3 (nothing to install) into the new
site, which is swapped in whole: the same files give the same bytes.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from ..base.escape import unspreadsheet
from ..model import template as tpl
from . import data

NAME = "nianbao.sqlite"
_CODES = """CREATE TABLE cell_codes ("id" INTEGER PRIMARY KEY, "template" INTEGER, "table" TEXT, "row" TEXT, "column" TEXT,
                          "row_label" TEXT, "column_label" TEXT)"""
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
    if kind == "integer":
        return int(value)
    if kind == "number":
        number = float(value)
        return int(number) if number.is_integer() else number
    return value


def _codes(db: sqlite3.Connection) -> dict[tuple[str, str, str, str], int]:
    """cell_codes: every official cell of every template version, numbered;
    the id of each (template, table, row, column)."""
    db.execute(_CODES)
    ids: dict[tuple[str, str, str, str], int] = {}
    for version in tpl.versions():
        for spec in tpl.load(version).tables:
            for row in spec.leaf_rows:
                for column in spec.leaf_columns:
                    ids[str(version), spec.key, row.key, column.key] = len(ids) + 1
                    db.execute("INSERT INTO cell_codes VALUES (?, ?, ?, ?, ?, ?, ?)",
                               (len(ids), version, spec.key, row.key, column.key, row.label, column.label))
    return ids


def build(folder: Path, records: Iterable[Path]) -> None:
    """data/nianbao.sqlite from the CSV files of `folder` (data/) and the
    published reports' report.json (`records`, for their texts)."""
    path = folder / NAME
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = OFF")  # a file of the new site: a failed build throws it away
    db.execute("PRAGMA synchronous = OFF")
    for name in ("reports", "findings", "dictionary"):
        _table(db, name, data.COLUMNS[name], folder / f"{name}.csv")
    codes = _codes(db)
    db.execute(_CELLS)
    reports = dict(db.execute('SELECT "report", "id" FROM reports'))
    db.executemany("INSERT INTO cells VALUES (?, ?, ?)",
                   ((reports[slug], codes[template, table, row, column], _typed(value, "number"))
                    for slug, _, template, table, row, column, value in _csv(folder / "cells.csv")))
    db.execute('CREATE TABLE texts ("report" INTEGER, "section" TEXT, "heading" TEXT, "paragraph" INTEGER, "text" TEXT)')
    for record_path in records:
        record = orjson.loads(record_path.read_bytes())
        db.executemany("INSERT INTO texts VALUES (?, ?, ?, ?, ?)",
                       ((reports[record["slug"]], part["section"] or "", part["heading"], n, text)
                        for part in record["texts"] for n, text in enumerate(part["paragraphs"], 1)))
    db.execute(_LABELLED)
    for name, on in (("reports_report", 'reports ("report")'), ("findings_report", 'findings ("report")'),
                     ("texts_report", 'texts ("report")')):
        db.execute(f"CREATE INDEX {name} ON {on}")
    db.commit()
    db.close()
