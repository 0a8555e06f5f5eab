"""data/nianbao.sqlite: the collection's data files as one SQLite database,
for researchers who query rather than read (Datasette, the sqlite3 shell,
any SQLite client opens it as it is).

Its tables are the CSV files with their columns and types as the data
package describes them (reports, findings; cells with only its report,
table, row, column and value: the view `labelled` joins in the rest, as
cells.csv has it), the text of every report section by section and
paragraph by paragraph (texts), and the data dictionary (dictionary:
every table, row and column of every template version with its official
label). A blank cell is NULL, never 0.
Built in memory from the files just written (the standard library's
sqlite3: nothing to install) and written whole: the same files give the
same bytes.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path
from typing import Any

import orjson

from ..base import atomic
from ..base.escape import unspreadsheet
from . import data

NAME = "nianbao.sqlite"
_CELL = ("report", "table", "row", "column", "value")  # what cells keeps of cells.csv; the view labelled has the rest
_LABELLED = """CREATE VIEW labelled AS
SELECT c."report", r."year", r."organ", r."region_code", r."template", c."table", c."row", c."column",
       rl."label" AS "row_label", cl."label" AS "column_label", c."value"
FROM cells c JOIN reports r ON r."report" = c."report"
LEFT JOIN dictionary rl ON rl."template" = r."template" AND rl."table" = c."table" AND rl."axis" = '行' AND rl."key" = c."row"
LEFT JOIN dictionary cl ON cl."template" = r."template" AND cl."table" = c."table" AND cl."axis" = '列' AND cl."key" = c."column"
"""
_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "TEXT", "date": "TEXT"}


def _table(db: sqlite3.Connection, name: str, fields: tuple[tuple[str, str, str, str], ...], path: Path,
           kept: tuple[str, ...] = ()) -> None:
    """One CSV file of data/ as a table: its typed columns (those `kept`,
    or all), its rows, an empty field as NULL."""
    chosen = [(i, field, kind) for i, (field, kind, _, _) in enumerate(fields) if not kept or field in kept]
    columns = ", ".join(f'"{field}" {_TYPES.get(kind, "TEXT")}' for _, field, kind in chosen)
    db.execute(f'CREATE TABLE "{name}" ({columns})')
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        next(rows, None)
        db.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" for _ in chosen)})',
                       ([_typed(unspreadsheet(row[i]), kind) for i, _, kind in chosen] for row in rows))


def _typed(value: str, kind: str) -> Any:
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        number = float(value)
        return int(number) if number.is_integer() else number
    return value


def build(folder: Path) -> None:
    """data/nianbao.sqlite from the data files of `folder` (data/)."""
    db = sqlite3.connect(":memory:")
    for name, fields in data.COLUMNS.items():  # a cell's report, labels and the like are joined in, not repeated
        _table(db, name, fields, folder / f"{name}.csv", _CELL if name == "cells" else ())
    db.execute('CREATE TABLE texts ("report" TEXT, "section" TEXT, "heading" TEXT, "paragraph" INTEGER, "text" TEXT)')
    records = orjson.loads((folder / "reports.json").read_bytes())
    db.executemany("INSERT INTO texts VALUES (?, ?, ?, ?, ?)",
                   ((record["slug"], part.get("section") or "", part.get("heading", ""), n, text)
                    for record in records for part in record.get("texts", []) for n, text in enumerate(part.get("paragraphs", []), 1)))
    db.execute('CREATE TABLE dictionary ("template" INTEGER, "table" TEXT, "table_name" TEXT, "axis" TEXT, "key" TEXT, "label" TEXT)')
    db.executemany("INSERT INTO dictionary VALUES (?, ?, ?, ?, ?, ?)",
                   ((version, table, name, axis, key, label)
                    for version, table, name, heads in data.dictionary() for axis, key, label in heads))
    db.execute(_LABELLED)
    # By report only: an index of every cell's place would be two thirds the size of the cells themselves.
    for name, on in (("cells_report", 'cells ("report")'), ("findings_report", 'findings ("report")'),
                     ("texts_report", 'texts ("report")')):
        db.execute(f"CREATE INDEX {name} ON {on}")
    db.commit()
    atomic.write_bytes(folder / NAME, db.serialize())
    db.close()

