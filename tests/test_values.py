"""Cells as people type them (spec §7)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.model.values import read


@pytest.mark.parametrize(
    "raw, value",
    [("16", 16), (" 16 ", 16), ("\u00a00", 0), ("１６", 16), ("16件", 16), ("1,234", 1234), ("0\u3000", 0)],
)
def test_counts(raw: str, value: int) -> None:
    reading = read(raw, "count", None)
    assert reading.value == value and isinstance(reading.value, int) and reading.error is None


@pytest.mark.parametrize("raw, value", [("+2", 2), ("-1", -1), ("减少1", -1), ("增加3", 3), ("2", 2), ("－1", -1)])
def test_signed_only_where_the_template_allows(raw: str, value: int) -> None:
    assert read(raw, "signed", None).value == value
    if raw not in ("2",):
        assert read(raw, "count", None).value is None and read(raw, "count", None).error


@pytest.mark.parametrize(
    "raw, value, unit",
    [("251000元", Decimal("251000"), "元"), ("3.25", Decimal("3.25"), None), ("0", Decimal(0), None)],
)
def test_amounts_take_decimals_and_units(raw: str, value: Decimal, unit: str | None) -> None:
    reading = read(raw, "amount", None)
    assert reading.value == value and reading.unit == unit and reading.error is None


def test_unit_must_match_the_column() -> None:
    assert read("5万元", "amount", "万元").value == Decimal(5)
    wrong = read("50000元", "amount", "万元")
    assert wrong.value is None and "万元" in wrong.error


def test_decimal_in_a_count_is_an_error() -> None:
    reading = read("1.5", "count", None)
    assert reading.value is None and "小数" in reading.error


def test_blank_stays_blank_not_zero() -> None:
    for raw in ("", "  ", "\u00a0"):
        reading = read(raw, "count", None)
        assert reading.value is None and reading.error is None


@pytest.mark.parametrize("raw", ["—", "无", "-", "N/A", "十六"])
def test_text_is_never_a_number(raw: str) -> None:
    reading = read(raw, "count", None)
    assert reading.value is None and reading.error and raw in reading.error


@pytest.mark.parametrize("raw", ["18446744073709551616", "1" * 5000, "1,000,000,000,000,000", "增加10000000000000000"])
def test_implausibly_long_numbers_are_errors_not_crashes(raw: str) -> None:
    assert read(raw, "signed", None).error and read(raw, "signed", None).value is None
    assert read("999999999999999", "count", None).value == 999999999999999


@given(
    left=st.integers(min_value=0, max_value=999),
    right=st.integers(min_value=0, max_value=999),
    space=st.sampled_from([" ", "\u00a0", "\u2007", "\u202f", "\u3000", "\t", "  "]),
    width=st.booleans(),
)
def test_two_numbers_in_one_cell_are_an_error_never_a_number(left: int, right: int, space: str, width: bool) -> None:
    raw = f"{left}{space}{right}"
    if width:
        raw = raw.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
    for kind in ("count", "signed", "amount"):
        reading = read(raw, kind, None)
        assert reading.value is None and reading.error and "两个数字" in reading.error
