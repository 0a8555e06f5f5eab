"""The downloads are written from text made once per template: they must
read back as the csv and json modules read them, whatever a cell's text
holds."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import REPORTS

from nianbao.model import template as tpl
from nianbao.model.finding import Status
from nianbao.model.source import parse_file
from nianbao.portal import data

AWKWARD = ["1,234", '"12"', "3\n4", "5\r", " 6 ", "", "七", '""', ",", "\\", "</script>", "0", "12.50", "—"]


def _report() -> tuple[Any, list[tuple[Any, str]], list[str]]:
    """A real report's record and cells, each cell's text made awkward, and
    the codes of its cells, from the template."""
    report = parse_file(sorted(REPORTS.rglob("*.md"))[0])
    record = data.report_record(report, "2025/x/", [])
    values = [(value, AWKWARD[i % len(AWKWARD)]) for i, (value, _) in enumerate(data.cells(report))]
    version = tpl.load(report.meta.template)
    codes = [f"{t.key}.{r.key}.{c.key}" for t in version.tables for r in t.leaf_rows for c in t.leaf_columns]
    return record, values, codes


def test_report_json_is_the_record_with_its_cells_by_code() -> None:
    record, values, codes = _report()
    text = data.report_json(record, values)
    cells = dict(zip(codes, (value for value, _ in values), strict=True))
    shown = {code: "" if value is None else str(value) for code, value in cells.items()}
    raw = {code: written for code, (_, written) in zip(codes, values) if written != shown[code]}
    whole = json.loads(data.to_json(record)) | {"cells": cells, "raw": raw}
    assert json.loads(text) == whole
    assert text == data.to_json(whole)  # byte for byte
    plain = [(0, "0"), (12.5, "12.50"), (None, ""), (None, "—"), (1234, "1,234"), (7, "7")] + values[6:]
    assert json.loads(data.report_json(record, plain))["raw"] == {  # only what its number does not say
        codes[1]: "12.50", codes[3]: "—", codes[4]: "1,234"} | {k: v for k, v in raw.items() if k not in codes[:6]}


def test_a_cells_row_reads_back_as_the_csv_module_reads_it() -> None:
    record, values, codes = _report()
    record = replace(record, organ='=HYPERLINK("x"),机关\n"甲"')  # a hostile name: quoted, and no formula
    text = data.cells_header(record.template) + data.cells_line(record, values, Status.FAILED)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows[0] == ["report", "organ", "year", "status", *codes]
    assert rows[1] == [record.slug, "'" + record.organ, str(record.year), "未通过", *("" if v is None else str(v) for v, _ in values)]
    assert len(rows) == 2


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
    is the cells files' cells, a row each, with the dictionary's labels (a
    blank NULL, never 0), reports, findings and dictionary are their CSV files, texts
    holds every paragraph of every report.json. The same sources give the
    same bytes."""
    import shutil
    import sqlite3

    from build_support import build_site, cell_rows

    from nianbao.portal import database

    sources = tmp_path / "src"
    shutil.copytree(REPORTS, sources)
    town = sources / "hongqiquxiaodianzhen-2025.md"
    town.write_text(town.read_text(encoding="utf-8").replace("2025 年，我镇严格遵循", "=1+2 2025 年，我镇严格遵循", 1)
                    .replace("| 行政许可           |                0 |", "| 行政许可           |            1,234 |"), encoding="utf-8")
    build_site(tmp_path / "site", [sources], search=False)
    folder = tmp_path / "site" / "data"
    db = sqlite3.connect(folder / database.NAME)

    def rows(name: str) -> list[dict[str, str]]:
        with open(folder / name, encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))

    cells = cell_rows(folder)
    labels = {(r["template"], r["table"], r["axis"], r["key"]): r["label"] for r in rows("dictionary.csv")}
    labelled = db.execute('SELECT "report", "organ", "year", "template", "table", "row", "column", "row_label", "column_label", "value" '
                          "FROM labelled").fetchall()
    assert len(labelled) == len(cells) > 900
    order = {r["report"]: i for i, r in enumerate(rows("reports.csv"))}  # the view's: by report as reports.csv lists them
    assert sorted([(r["report"], r["organ"], int(r["year"]), int(r["template"]), r["table"], r["row"], r["column"],
                    labels[r["template"], r["table"], "行", r["row"]], labels[r["template"], r["table"], "列", r["column"]],
                    None if r["value"] == "" else float(r["value"])) for r in cells], key=lambda c: order[c[0]]) == labelled
    assert db.execute("SELECT count(*) FROM cells WHERE value IS NULL").fetchone()[0] == sum(r["value"] == "" for r in cells) > 0
    assert [r[0] for r in db.execute('SELECT "report" FROM reports ORDER BY id')] == [r["report"] for r in rows("reports.csv")]
    assert db.execute("SELECT count(*) FROM findings").fetchone()[0] == len(rows("findings.csv"))
    assert db.execute("SELECT count(*) FROM dictionary").fetchone()[0] == len(labels)
    records = [json.loads((tmp_path / "site" / r["url"] / "report.json").read_bytes()) for r in rows("reports.csv") if r["url"]]
    paragraphs = [(record["slug"], p) for record in records for t in record["texts"] for p in t["paragraphs"]]
    texts = db.execute("SELECT r.report, t.text FROM texts t JOIN reports r ON r.id = t.report ORDER BY t.rowid").fetchall()
    assert texts == paragraphs
    assert any(p.startswith("=1+2") for _, p in paragraphs)  # as written, not quoted for a spreadsheet
    raw = db.execute("SELECT r.report, k.code, w.text FROM raw w JOIN reports r ON r.id = w.report "
                     "JOIN cell_codes k ON k.id = w.cell").fetchall()
    assert raw == [("hongqiquxiaodianzhen-2025", "t2_5.licensing.decisions", "1,234")], raw  # written other than as its number
    db.close()
    again = tmp_path / "again"
    build_site(again, [sources], search=False)
    assert (again / "data" / database.NAME).read_bytes() == (folder / database.NAME).read_bytes()
