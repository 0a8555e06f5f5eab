"""The CSV downloads read back as the csv module reads them, whatever a
cell's text holds."""

from __future__ import annotations

import csv
import io

from conftest import REPORTS

from nianbao.build import data
from nianbao.source import parse_file

AWKWARD = ["1,234", '"12"', "3\n4", "5\r", " 6 ", "", "七", '""', ","]


def test_report_csv_quotes_what_needs_quoting() -> None:
    record = data.report_record(parse_file(sorted(REPORTS.rglob("*.md"))[0]), "2025/x/", [])
    for cell, raw in zip(record["cells"], AWKWARD * len(record["cells"])):
        cell["raw"] = raw
    text = data.cells_csv(record)
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert [tuple(r.values()) for r in rows] == [
        tuple("" if c[k] is None else str(c[k]) for k in data.CELL_FIELDS) for c in record["cells"]
    ]
    assert text == data.to_csv(data.CELL_FIELDS, record["cells"])  # as the csv module writes it
