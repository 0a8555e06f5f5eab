"""The per-report downloads are written from text made once per template:
they must read back as the csv and json modules read them, whatever a
cell's text holds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import REPORTS

from nianbao.model import template as tpl
from nianbao.model.source import parse_file
from nianbao.portal import data

AWKWARD = ["1,234", '"12"', "3\n4", "5\r", " 6 ", "", "七", '""', ",", "\\", "</script>"]


def _report() -> tuple[dict[str, Any], list[tuple[Any, str]], list[dict[str, Any]]]:
    """A real report's record and cells, each cell's text made awkward, and
    the cells as report.json's objects, built from the template."""
    report = parse_file(sorted(REPORTS.rglob("*.md"))[0])
    record = data.report_record(report, "2025/x/", [])
    values = [(value, AWKWARD[i % len(AWKWARD)]) for i, (value, _) in enumerate(data.cells(report))]
    version = tpl.load(report.meta.template)
    objects = [
        {"table": spec.key, "row": row.key, "column": column.key, "row_label": row.label,
         "column_label": column.label}
        for spec in version.tables for row in spec.leaf_rows for column in spec.leaf_columns
    ]
    for cell, (value, raw) in zip(objects, values, strict=True):
        cell |= {"value": value, "raw": raw}
    return record, values, objects


def test_report_csv_reads_back_whatever_the_cells_hold() -> None:
    record, values, objects = _report()
    text = data.cells_csv(record, values)
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows == [{k: "" if c[k] is None else str(c[k]) for k in data.CELL_FIELDS} for c in objects]
    assert text == data.to_csv(data.CELL_FIELDS, objects)  # as the csv module writes it


def test_report_json_is_the_record_with_its_cells() -> None:
    record, values, objects = _report()
    text = data.report_json(record, values)
    whole = json.loads(data.to_json(record)) | {"cells": objects}
    assert json.loads(text) == whole
    assert text == data.to_json(whole)  # byte for byte


def test_the_whole_collection_is_one_zip_of_its_data_files(tmp_path: Path) -> None:
    import shutil
    import zipfile

    from build_support import build_site

    sources = tmp_path / "src"
    shutil.copytree(REPORTS, sources)
    town = sources / "hongqiquxiaodianzhen-2025.md"
    town.write_text(town.read_text(encoding="utf-8").replace("\nslug:", "\npublished: 2026-01-21\nslug:", 1), encoding="utf-8")
    out = tmp_path / "site"
    build_site(out, [sources], search=False)
    with zipfile.ZipFile(out / "data" / "collection.zip") as archive:
        names = archive.namelist()
        assert names == [f"nianbao-data/{name}" for name in data.ZIPPED]
        for name in data.ZIPPED:
            assert archive.read(f"nianbao-data/{name}") == (out / "data" / name).read_bytes()
        newest = max(info.date_time for info in archive.infolist())
    assert newest[:3] == (2026, 1, 21)  # dated by the newest report's publication
    package = json.loads((out / "data" / "datapackage.json").read_bytes())
    assert package["created"] == "2026-01-21T00:00:00Z" and package["version"]  # so is the data package
    page = (out / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="/data/collection.zip"' in page


@pytest.mark.parametrize("epoch, made", [("1767225600", "2026-01-01T00:00:00Z"), ("", "2026-01-21T00:00:00Z"),
                                         ("yesterday", "2026-01-21T00:00:00Z"), ("99999999999999", "9999-12-31T23:59:59Z")])
def test_the_data_package_is_dated_by_the_build_when_it_says_when(
    epoch: str, made: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SOURCE_DATE_EPOCH (what the deploy workflows pass: the commit's
    time) dates the data; without a number there, the newest report does."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert data.created("2026-01-21") == made
    assert data.datapackage(data.created("2026-01-21"))["created"] == made
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert data.created("") is None and "created" not in data.datapackage(None)


def test_the_collection_is_one_sqlite_database_with_the_csv_files_in_it(tmp_path: Path) -> None:
    """data/nianbao.sqlite opens in any SQLite client: its view `labelled`
    is cells.csv row for row (a blank NULL, never 0), reports and findings
    are their CSV files, texts holds every paragraph of reports.json, and
    the dictionary every label. The same sources give the same bytes."""
    import shutil
    import sqlite3

    from build_support import build_site

    from nianbao.portal import database

    sources = tmp_path / "src"
    shutil.copytree(REPORTS, sources)
    town = sources / "hongqiquxiaodianzhen-2025.md"
    town.write_text(town.read_text(encoding="utf-8").replace("2025 年，我镇严格遵循", "=1+2 2025 年，我镇严格遵循", 1), encoding="utf-8")
    build_site(tmp_path / "site", [sources], search=False)
    folder = tmp_path / "site" / "data"
    db = sqlite3.connect(folder / database.NAME)

    def rows(name: str) -> list[dict[str, str]]:
        with open(folder / name, encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))

    cells = rows("cells.csv")
    labelled = db.execute('SELECT "report", "table", "row", "column", "row_label", "column_label", "value" FROM labelled').fetchall()
    assert len(labelled) == len(cells) > 900
    assert sorted((r["report"], r["table"], r["row"], r["column"], r["row_label"], r["column_label"],
                   None if r["value"] == "" else float(r["value"])) for r in cells) == sorted(labelled)
    assert db.execute("SELECT count(*) FROM cells WHERE value IS NULL").fetchone()[0] == sum(r["value"] == "" for r in cells) > 0
    assert [r[0] for r in db.execute('SELECT "report" FROM reports ORDER BY rowid')] == [r["report"] for r in rows("reports.csv")]
    assert db.execute("SELECT count(*) FROM findings").fetchone()[0] == len(rows("findings.csv"))
    paragraphs = [p for record in json.loads((folder / "reports.json").read_bytes()) for t in record["texts"] for p in t["paragraphs"]]
    assert [r[0] for r in db.execute("SELECT text FROM texts ORDER BY rowid")] == paragraphs
    assert any(p.startswith("=1+2") for p in paragraphs)  # as written, not quoted for a spreadsheet
    assert db.execute("SELECT count(*) FROM dictionary").fetchone()[0] == sum(len(heads) for *_, heads in data.dictionary())
    db.close()
    again = tmp_path / "again"
    build_site(again, [sources], search=False)
    assert (again / "data" / database.NAME).read_bytes() == (folder / database.NAME).read_bytes()
