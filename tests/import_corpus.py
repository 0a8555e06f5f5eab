"""The import corpus as data, for its tests and for bench/import_accuracy.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from nianbao.model import template as tpl

HERE = Path(__file__).resolve().parent / "fixtures" / "import"
TRUTH: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "truth.yaml").read_text(encoding="utf-8"))["reports"]
CORPUS: list[dict[str, Any]] = yaml.safe_load((HERE / "corpus.yaml").read_text(encoding="utf-8"))["fixtures"]

Cell = tuple[str, str, str]


def truth(entry: dict[str, Any]) -> dict[str, Any]:
    return TRUTH[entry["report"]]


def fixture_ids(**having: bool) -> list[str]:
    return [e["file"] for e in CORPUS if all(bool(e.get(k)) == v for k, v in having.items())]


def expected_cells(entry: dict[str, Any]) -> dict[Cell, int | str]:
    """Every official cell of the fixture's template -> its value ("" blank)."""
    report = truth(entry)
    spec = tpl.load(report["template"])
    given = {**report["cells"], **entry.get("cells", {})}
    only = set(entry["only"]) if "only" in entry else None
    blank = set(entry.get("blank", []))
    out: dict[Cell, int | str] = {}
    for table in spec.tables:
        for row in table.leaf_rows:
            ref = f"{table.key}.{row.key}"
            values = given.get(ref, [0] * len(table.leaf_columns))
            for column, value in zip(table.leaf_columns, values):
                out[(table.key, row.key, column.key)] = "" if ref in blank or (only is not None and ref not in only) else value
    return out
