"""What leaves nianbao is inert where it lands: no spreadsheet formula in
any CSV, no workflow command or escape sequence in a log line, however an
organ's name, a waiver's reason or an address is written."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from build_support import build_site
from hypothesis import given
from hypothesis import strategies as st
from lint_support import TOWN_2021, text_of

from nianbao.base import escape

HOSTILE_ORGAN = "=HYPERLINK(\"http://evil.example/\",\"点我\")"
HOSTILE_REASON = "=cmd|' /C calc'!A0\n::error file=README.md,line=1::被注入的注释\x1b[31m"


def _hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    text = text_of(TOWN_2021).replace("organ: 红旗区小店镇", f"organ: '{HOSTILE_ORGAN.replace(chr(39), chr(39) * 2)}'", 1)
    text = text.replace("---\n\n", "waivers:\n- rule: NB301\n  reason: \"=cmd|' /C calc'!A0\\n::error file=README.md,line=1::被注入的注释\\e[31m\"\n---\n\n", 1)
    (folder / "report.md").write_text(text, encoding="utf-8")
    return folder


def _fields(text: str) -> list[str]:
    return [field for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for field in row]


def _lint(folder: Path, *options: str) -> str:
    done = subprocess.run([sys.executable, "-m", "nianbao", "lint", str(folder), *options], capture_output=True,
                          text=True, cwd=folder.parent)
    return done.stdout


@given(st.text())
def test_no_field_starts_a_formula(text: str) -> None:
    field = escape.spreadsheet(text)
    number = re.fullmatch(r"[+\-]?[0-9]+(?:\.[0-9]+)?", text, re.ASCII)  # a number (「+3」, 「+0.0」) stays a number
    assert not str(field).startswith(("=", "+", "@", "\t", "\r")) or field == text and number


@given(st.text())
def test_a_field_reads_back_as_it_was(text: str) -> None:
    """The SQLite database is made from the CSV files: what spreadsheet
    quotes, unspreadsheet undoes, for any text (「'=x」 and 「''」 too)."""
    assert escape.unspreadsheet(str(escape.spreadsheet(text))) == text


@pytest.mark.parametrize("number", ["-3", "+3", "-0.5", "12"])
def test_numbers_stay_numbers(number: str) -> None:
    assert escape.spreadsheet(number) == number


def test_the_data_files_hold_no_formula(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, [_hostile(tmp_path)], search=False)
    for name in ("reports.csv", "cells-2021.csv", "findings.csv"):
        fields = _fields((site / "data" / name).read_text(encoding="utf-8"))
        assert not [f for f in fields if f.startswith(("=", "@", "+")) or f.startswith("-") and not f[1:].replace(".", "").isdigit()], name
    assert "'" + HOSTILE_ORGAN in _fields((site / "data" / "reports.csv").read_text(encoding="utf-8"))


def test_lint_csv_holds_no_formula(tmp_path: Path) -> None:
    fields = _fields(_lint(_hostile(tmp_path), "--format", "csv"))
    assert any(f.startswith("'=cmd") for f in fields)
    assert not [f for f in fields if f.startswith("=")]


@pytest.mark.parametrize("form", ["text", "github"])
def test_a_reason_with_a_line_break_is_one_line_and_no_command(tmp_path: Path, form: str) -> None:
    out = _lint(_hostile(tmp_path), "--format", form)
    lines = out.splitlines()
    assert not [line for line in lines if line.startswith("::error file=README.md")], out
    assert "\x1b" not in out
    assert any("⏎::error file=README.md" in line or "%0A::error file=README.md" in line for line in lines), out


def test_the_feed_stays_xml_with_a_control_character_in_a_title(tmp_path: Path) -> None:
    from lxml import etree

    folder = tmp_path / "reports"
    folder.mkdir()
    text = text_of(TOWN_2021).replace("organ: 红旗区小店镇", "organ: \"红旗区小店镇\\a\\e\"", 1)
    text = text.replace("slug: hongqiquxiaodianzhen-2025\n", "slug: hongqiquxiaodianzhen-2025\npublished: 2026-01-10\n", 1)
    (folder / "report.md").write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    build_site(site, [folder], search=False)
    feed = etree.fromstring((site / "feed.xml").read_bytes())  # raises on a control character
    assert "红旗区小店镇" in etree.tostring(feed, encoding="unicode")
