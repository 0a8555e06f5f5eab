"""A new revision of the template is an edit of template.yaml alone: a third
version (the 2021 one with a row renamed and a column added, from 2027) is
imported, formatted, linted and published with no change to Python code."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from build_support import cell_rows
from conftest import ROOT
from lint_support import TOWN_2021, text_of
from lxml import html

from nianbao.model import template as tpl

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out

FORMS = ROOT / "tool" / "nianbao" / "model" / "forms" / "template.yaml"
OLD_ROW, NEW_ROW = "一、本年新收政府信息公开申请数量", "一、本年新收申请数量"
FIGURE = "外国组织新收申请"  # a headline figure of the third version alone


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _third_version(folder: Path) -> Path:
    text = FORMS.read_text(encoding="utf-8")
    text = _edit(text, "    years: [2021, null]\n", "    years: [2021, 2026]\n  2027:\n    name: 年度报告格式（2027年修订）\n"
                 "    notice: 国办公开办函〔2027〕1号\n    years: [2027, null]\n")
    text = _edit(text, "          - {key: other, label: 其他}\n",
                 "          - {key: other, label: 其他}\n          - {key: foreign, label: 外国组织, from: 2027}\n")
    text = _edit(text, f"      - {{key: new, label: {OLD_ROW}}}\n",
                 f"      - key: new\n        label: {{2019: {OLD_ROW}, 2027: {NEW_ROW}}}\n")
    text = _edit(text, "  - {key: suits, label: 行政诉讼, table: t4, row: suit}\n",
                 "  - {key: suits, label: 行政诉讼, table: t4, row: suit}\n"
                 f"  - {{key: foreign_new, label: {FIGURE}, table: t3, row: new, column: foreign}}\n")
    path = folder / "template.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _on_2027(foreign_new: int = 0) -> str:
    """The clean 2021 town report moved to 2027: the row renamed, a column
    「外国组织」 before 「总计」 in table three (0, or `foreign_new` in the
    row of new applications, its total left as it was)."""
    lines = text_of(TOWN_2021).replace("2025", "2027").replace("template: 2021", "template: 2027").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("| 申请人情况"))
    for i in range(start, len(lines)):
        if not lines[i].startswith("|"):
            break
        cells = lines[i].split("|")
        value = "---" if i == start + 1 else "外国组织" if i == start else str(foreign_new) if OLD_ROW in lines[i] else "0"
        lines[i] = "|".join([*cells[:-2], f" {value} ", *cells[-2:]]).replace(OLD_ROW, NEW_ROW)
    return "\n".join(lines)


def _nianbao(args: list[str], cwd: Path, template: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, tpl.TEMPLATE_ENV: str(template), "NIANBAO_CACHE": str(cwd / "cache")}
    return subprocess.run([sys.executable, "-m", "nianbao", *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture
def third(tmp_path: Path) -> Path:
    return _third_version(tmp_path)


def test_lint_fmt_and_build_handle_the_third_version(tmp_path: Path, third: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "town-2027.md").write_text(_on_2027(), encoding="utf-8")
    (reports / "town-2025.md").write_text(text_of(TOWN_2021), encoding="utf-8")  # the same organ on the 2021 version
    linted = _nianbao(["lint", "reports", "--format", "json"], tmp_path, third)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert '"severity": "error"' not in linted.stdout
    before = (reports / "town-2027.md").read_text(encoding="utf-8")
    formatted = _nianbao(["fmt", "reports"], tmp_path, third)  # the added column aligned
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    after = (reports / "town-2027.md").read_text(encoding="utf-8")
    assert after != before and after.split() != before.split()
    assert [w for w in after.split() if w.strip("|-:")] == [w for w in before.split() if w.strip("|-:")]
    assert _nianbao(["fmt", "--check", "reports"], tmp_path, third).returncode == 0
    built = _nianbao(["build", "reports", "--out", "site", "--templates", str(ROOT / "tool" / "nianbao" / "portal" / "theme")], tmp_path, third)
    assert built.returncode == 0 and "已发布 2 份报告" in built.stdout, built.stdout + built.stderr
    # The new figure: on the organ's page and in the explorer's data, a number for 2027 and 「—」 (absent) for 2025.
    organ = html.fromstring(next((tmp_path / "site" / "organ").rglob("*/index.html")).read_bytes())
    heads = organ.xpath("//table[@class='stats']//thead//th/text()")
    rows = {tr.xpath("./th//text()")[0]: tr.xpath("./td/text()") for tr in organ.xpath("//table[@class='stats']/tbody/tr")}
    assert FIGURE in heads and rows["2027年"][heads.index(FIGURE) - 1] == "0" and rows["2025年"][heads.index(FIGURE) - 1] == "—", rows
    explored = {r["year"]: r for r in json.loads((tmp_path / "site" / "data" / "explore.json").read_text(encoding="utf-8"))}
    assert explored[2027]["foreign_new"] == 0 and "foreign_new" not in explored[2025]
    assert FIGURE in (tmp_path / "site" / "explore" / "index.html").read_text(encoding="utf-8")
    assert FIGURE in (tmp_path / "site" / "stats" / "index.html").read_text(encoding="utf-8")
    with open(tmp_path / "site" / "data" / "stats-years.csv", encoding="utf-8-sig", newline="") as f:
        by_year = {r["name"]: r for r in csv.DictReader(f)}
    (y2027,) = [r for name, r in by_year.items() if "2027" in name]
    (y2025,) = [r for name, r in by_year.items() if "2025" in name]
    assert y2027["foreign_new"] == "0" and y2025["foreign_new"] == "", by_year  # absent from 2025's template: unknown, not 0
    page = next((tmp_path / "site").rglob("hongqiquxiaodianzhen-2027/index.html")).read_text(encoding="utf-8")
    assert "外国组织" in page and NEW_ROW in page and OLD_ROW not in page
    collection = {(r["table"], r["row"], r["column"]): r for r in cell_rows(tmp_path / "site" / "data")}
    assert collection["t3", "new", "foreign"]["template"] == "2027"
    own = json.loads(next((tmp_path / "site").rglob("hongqiquxiaodianzhen-2027/report.json")).read_bytes())
    assert own["cells"]["t3.new.foreign"] == float(collection["t3", "new", "foreign"]["value"])
    with open(tmp_path / "site" / "data" / "dictionary.csv", encoding="utf-8-sig", newline="") as f:
        labels = {(r["template"], r["table"], r["axis"], r["key"]): r["label"] for r in csv.DictReader(f)}
    assert labels["2027", "t3", "列", "foreign"] == "外国组织" and ("2021", "t3", "列", "foreign") not in labels
    assert labels["2027", "t3", "行", "new"] == NEW_ROW


def test_its_relations_are_checked(tmp_path: Path, third: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "town-2027.md").write_text(_on_2027(foreign_new=1), encoding="utf-8")
    linted = _nianbao(["lint", "reports"], tmp_path, third)
    assert linted.returncode == 1
    assert "NB103" in linted.stdout and "外国组织" not in linted.stderr, linted.stdout
    # The old label in a 2027 report belongs to another version.
    (reports / "town-2027.md").write_text(_on_2027().replace(NEW_ROW, OLD_ROW), encoding="utf-8")
    linted = _nianbao(["lint", "reports"], tmp_path, third)
    assert "属于2021年版模板" in linted.stdout or "属于2019年版模板" in linted.stdout, linted.stdout


def test_import_reads_a_report_on_the_third_version(tmp_path: Path, third: Path) -> None:
    source = _on_2027()
    body = source.split("---\n", 2)[2]
    exported = "\n".join(
        "\t".join(c.strip() for c in line.strip("|").split("|")) if line.startswith("|") and "---" not in line
        else ("" if line.startswith("|") else line.lstrip("# "))
        for line in body.split("\n")
    )
    (tmp_path / "published.txt").write_text(exported, encoding="utf-8")
    imported = _nianbao(["import", "published.txt", "--out", "out"], tmp_path, third)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    result = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert "template: 2027" in result and "外国组织" in result and NEW_ROW in result
    linted = _nianbao(["lint", "out", "--format", "json"], tmp_path, third)
    assert '"severity": "error"' not in linted.stdout, linted.stdout
