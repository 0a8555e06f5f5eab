"""The headline figures (template.yaml's `figures:`, portal/figures.py):
a blank cell is unknown, never 0, in a report's figures, in sums and
averages over reports, in rates and on every page and file; one rounding."""

from __future__ import annotations

import csv
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from build_support import build_site
from conftest import REPORTS
from lxml import html

from nianbao.model import template as tpl
from nianbao.model.source import parse_file
from nianbao.portal import figures


def _cells(new: int | None, disclosed: int | None, total: int | None) -> dict[tuple[str, str, str], int | float | None]:
    """Every cell of a 2021 report 0, but 表三's new, disclosed and total rows' total column."""
    spec = tpl.load(2021)
    out: dict[tuple[str, str, str], int | float | None] = {
        (t.key, r.key, c.key): 0 for t in spec.tables for r in t.leaf_rows for c in t.leaf_columns}
    out |= {("t3", "new", "total"): new, ("t3", "disclosed", "total"): disclosed, ("t3", "total", "total"): total}
    return out


@pytest.mark.parametrize(("of", "per", "rate"), [(13, 16, 81.3), (1, 8, 12.5), (2, 3, 66.7), (1, 0, None), (None, 4, None)])
def test_one_rounding_half_up(of: int | None, per: int, rate: float | None) -> None:
    assert figures.percent(of, per) == rate


def test_a_blank_cell_makes_its_figure_unknown_and_its_rate_unknown() -> None:
    got = figures.of_report(2021, _cells(None, 3, 4))
    assert got["new"] is None and got["disclosed"] == 3 and got["answered"] == 4 and got["disclosed_rate"] == 75.0
    blank_total = figures.of_report(2021, _cells(5, 3, None))
    assert blank_total["answered"] is None and blank_total["disclosed_rate"] is None
    withheld = _cells(5, 3, 4) | {("t3", "withheld_secret", "total"): None}  # one row of a group blank: the group is unknown
    assert figures.of_report(2021, withheld)["withheld"] is None
    assert figures.shown(None, tpl.figures()[0]) == "未填" and figures.shown(None, tpl.figures()[3]) == "—"


def test_sums_add_the_known_and_count_the_blank() -> None:
    reports = [figures.of_report(2021, _cells(8, 6, 8)), figures.of_report(2021, _cells(None, 0, 4)),
               figures.of_report(2021, _cells(2, 1, None))]
    sums = figures.summed(reports)
    assert (sums["new"].value, sums["new"].known, sums["new"].unknown) == (10, 2, 1)
    assert sums["new"].average == 5.0  # not 10 / 3
    assert (sums["disclosed_rate"].value, sums["disclosed_rate"].known) == (figures.percent(6, 12), 2)  # pairs both known
    assert figures.summed([figures.of_report(2021, _cells(None, None, None))])["new"].value is None


def _new(path: Path) -> int | None:
    cell = parse_file(path).cell("t3", "new", "total")
    return None if cell is None or cell.blank else int(cell.value)  # type: ignore[arg-type]


def test_the_portal_never_counts_a_blank_as_0(tmp_path: Path) -> None:
    """The seeds hold a published report whose 表三 is blank: the explorer
    says null for it, the statistics add the others and count it as blank,
    and their average is over the reports that gave the figure."""
    out = tmp_path / "site"
    build_site(out, [REPORTS], search=False)
    rows = {r["url"]: r for r in json.loads((out / "data" / "explore.json").read_text(encoding="utf-8"))}
    by_year: dict[int, list[int | None]] = {}
    for path in sorted(REPORTS.rglob("*.md")):
        report = parse_file(path)
        row = next((r for r in rows.values() if r["organ"] == report.meta.organ and r["year"] == report.meta.year), None)
        if row is None or row["status"] == "未通过":
            continue
        assert row["new"] == _new(path)
        by_year.setdefault(report.meta.year, []).append(_new(path))
    assert any(None in news for news in by_year.values()), "the seeds should hold a published report with a blank 表三"
    with open(out / "data" / "stats-years.csv", encoding="utf-8-sig", newline="") as f:
        stats = {int(r["name"]): r for r in csv.DictReader(f)}
    for year, news in by_year.items():
        known = [n for n in news if n is not None]
        assert stats[year]["new_blank"] == str(len(news) - len(known))
        assert stats[year]["new"] == (str(sum(known)) if known else "")
        average = (Decimal(sum(known)) / len(known)).quantize(Decimal("0.1"), ROUND_HALF_UP) if known else ""
        assert stats[year]["new_per_report"] == str(average)
    blank_years = [year for year, news in by_year.items() if None in news and any(n is not None for n in news)]
    page = html.fromstring((out / "stats" / "index.html").read_bytes())
    cells = [" ".join(row.xpath("./*//text()")) for row in page.xpath("//table[@class='stats']//tr")]
    for year in blank_years:
        assert any(c.startswith(f"{year}") and f"（{by_year[year].count(None)} 份未填）" in c for c in cells), cells


def test_the_statistics_compare_within_each_kind_of_organ(tmp_path: Path) -> None:
    """Averages per kind of organ (本级政府, 部门, 乡镇街道): a county's
    office and a town are not averaged together."""
    out = tmp_path / "site"
    build_site(out, [REPORTS], search=False)
    rows = {r["url"]: r for r in json.loads((out / "data" / "explore.json").read_text(encoding="utf-8"))}
    with open(out / "data" / "stats-kinds.csv", encoding="utf-8-sig", newline="") as f:
        kinds = {r["name"]: r for r in csv.DictReader(f)}
    published = [r for r in rows.values() if r["status"] != "未通过"]
    assert {k: int(r["reports"]) for k, r in kinds.items()} == {
        kind: sum(1 for r in published if r["kind"] == kind) for kind in {r["kind"] for r in published}}
    for kind, row in kinds.items():
        known = [r["new"] for r in published if r["kind"] == kind and r.get("new") is not None]
        assert row["new_blank"] == str(sum(1 for r in published if r["kind"] == kind) - len(known))
    assert "按机关类型汇总" in (out / "stats" / "index.html").read_text(encoding="utf-8")
