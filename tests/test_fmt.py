"""fmt rewrites tables canonically and never changes what a report says:
parse -> fmt -> parse yields the same model, and fmt is idempotent."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPORTS

from nianbao.model.fmt import format_text
from nianbao.model.report import Report
from nianbao.model.source import parse, read_text

REAL = REPORTS / "juluxianrenminzhengfubangongshi-2025.md"
REAL_2019 = REPORTS / "juluxianxiaolvzhaizhen-2025.md"


def projection(report: Report) -> dict:
    """The model without positions or raw spelling: what fmt must keep."""
    meta = report.meta
    return {
        "meta": (meta.organ, meta.kind, meta.year, meta.template, meta.slug, meta.region_code, meta.waivers and
                 [(w.rule, w.cell, w.reason) for w in meta.waivers]),
        "title": report.title,
        "preamble": report.preamble,
        "sections": [(s.key, s.heading, s.body) for s in report.sections],
        "tables": {
            key: (
                sorted((k, c.value, c.blank) for k, c in table.cells.items()),
                sorted(table.unplaced),
            )
            for key, table in report.tables.items()
        },
        "problems": sorted(p.code for p in report.problems),
    }


def roundtrip(text: str) -> tuple[str, str]:
    once = format_text(text, "x.md")
    return once, format_text(once, "x.md")


@pytest.mark.parametrize("path", sorted(REPORTS.glob("*.md")), ids=lambda p: p.name)
def test_collection_roundtrips_and_is_canonical(path: Path) -> None:
    text = read_text(path)
    once, twice = roundtrip(text)
    assert projection(parse(once)) == projection(parse(text))
    assert once == twice == text


def _awkward(text: str) -> dict[str, str]:
    """Hand-made awkward variants of a real report, each a way people type."""
    fullwidth = text.replace("|     13 |", "| １３ |").replace("|   16 |", "|  １６ |")
    spaces = re.sub(r"\| +", "|   ", text)
    crlf = text.replace("\n", "\r\n")
    labels = text.replace("（一）予以公开", "(一) 予以公开").replace("3.危及“三安全一稳定”", '3.危及"三安全一稳定"')
    labels = labels.replace("| 商业企业 |", "| 商业\u3000企业 |")
    empty = text.replace("|        1 |        0 |        0 |        0 |    1 |", "|        1 |  |        0 |        0 |    1 |")
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("| 一、本年新收"))
    lines[first], lines[first + 1] = lines[first + 1], lines[first]
    reordered_rows = "\n".join(lines)
    return {
        "fullwidth": fullwidth,
        "spaces": spaces,
        "crlf": crlf,
        "labels": labels,
        "empty": empty,
        "reordered_rows": reordered_rows,
    }


@pytest.mark.parametrize("variant", sorted(_awkward(REAL.read_text(encoding="utf-8"))))
def test_awkward_sources_roundtrip(variant: str) -> None:
    text = _awkward(REAL.read_text(encoding="utf-8"))[variant]
    assert text != REAL.read_text(encoding="utf-8")
    normalised = text.replace("\r\n", "\n")
    once, twice = roundtrip(normalised)
    assert projection(parse(once)) == projection(parse(normalised))
    assert once == twice


def test_bom_and_crlf_file_is_read_and_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(b"\xef\xbb\xbf" + REAL.read_bytes().replace(b"\n", b"\r\n"))
    assert projection(parse(read_text(path))) == projection(parse(REAL.read_text(encoding="utf-8")))
    out = subprocess.run([sys.executable, "-m", "nianbao", "fmt", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert path.read_bytes() == REAL.read_bytes()


def test_fullwidth_digits_become_ascii_and_values_stay() -> None:
    text = _awkward(REAL.read_text(encoding="utf-8"))["fullwidth"]
    once = format_text(text, "x.md")
    assert "１" not in once and "１６" not in once
    assert parse(once).cell("t3", "new", "natural").value == 13


def test_columns_in_another_order_are_put_in_official_order() -> None:
    text = REAL_2019.read_text(encoding="utf-8")
    swapped = text.replace(
        "| 第二十条第（六）项 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
        "| 第二十条第（六）项 | 处理决定数量 | 本年增/减 | 上一年项目数量 |",
    )
    assert swapped != text
    before = parse(swapped)
    assert before.cell("t2_6", "penalty", "prev_items").value == 5
    once = format_text(swapped, "x.md")
    assert projection(parse(once)) == projection(before)
    assert "| 第二十条第（六）项 | 上一年项目数量 | 本年增/减 | 处理决定数量 |" in once


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao", *args], capture_output=True, text=True)


def test_check_lists_files_that_would_change_and_exits_1(tmp_path: Path) -> None:
    clean = tmp_path / "clean.md"
    clean.write_bytes(REAL.read_bytes())
    messy = tmp_path / "messy.md"
    messy.write_text(_awkward(REAL.read_text(encoding="utf-8"))["spaces"], encoding="utf-8")
    out = _cli("fmt", "--check", str(tmp_path))
    assert out.returncode == 1
    assert str(messy) in out.stdout and str(clean) not in out.stdout
    assert messy.read_text(encoding="utf-8") != REAL.read_text(encoding="utf-8")
    assert _cli("fmt", str(tmp_path)).returncode == 0
    assert _cli("fmt", "--check", str(tmp_path)).returncode == 0
