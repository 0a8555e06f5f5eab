"""Reading a table cell as people really type it (spec §7).

A cell is blank, a number, or text that is not a number. Blank stays blank
(never 0); text stays text with a reason, never a guess.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from .report import Number

_SPACES = re.compile(r"[\s\u00a0\u3000]+")
# Full-width ASCII (０-９, ，, ．, －…) is how these reports are often typed:
# folded to ASCII. No other character is: 「١٩」, 「𝟖𝟕」, 「⁰」, 「ⅩⅨ」 are
# text in a cell, never digits (NFKC would make digits of them).
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_NUMBER = re.compile(
    r"^(?P<word>增加|减少|增|减)?(?P<sign>[+-])?(?P<num>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?"
    r"(?P<unit>万元|元|件|个|项|条|次|人次)?$"
)
# Digits with a space between them are two numbers (「1 2」, a no-break or
# figure space alike), never one: 12 would be a number nobody wrote.
_APART = re.compile(r"[0-9][\s\u00a0\u2007\u202f\u3000]+[0-9]")
_MONEY_UNITS = {"万元", "元"}
MAX_DIGITS = 15  # of a whole part: a thousand trillion is beyond any count or amount in these reports


class Reading(NamedTuple):
    value: Number | None
    unit: str | None
    error: str | None


def canonical(raw: str) -> str:
    """The cell as fmt writes it: full-width folded to ASCII, spaces trimmed."""
    return _SPACES.sub(" ", raw.translate(_FULL_WIDTH)).strip()


@lru_cache(maxsize=1 << 14)
def read(raw: str, cell_type: str, unit: str | None) -> Reading:
    """Read `raw` for a cell of `cell_type` whose label's unit is `unit`.
    Cached: the same few values fill most cells of every report."""
    if raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS:  # by far the commonest case
        return Reading(Decimal(raw) if cell_type == "amount" else int(raw), None, None)
    text = _SPACES.sub("", raw.translate(_FULL_WIDTH))
    if not text:
        return Reading(None, None, None)
    if _APART.search(raw.translate(_FULL_WIDTH)):
        return Reading(None, None, f"「{raw.strip()}」是两个数字，一格只能填一个数")
    match = _NUMBER.match(text)
    if not match:
        return Reading(None, None, f"「{raw.strip()}」不是数字")
    word, sign, cell_unit = match["word"], match["sign"], match["unit"]
    if word and sign:
        return Reading(None, None, f"「{raw.strip()}」的正负号重复")
    negative = sign == "-" or (word or "").startswith("减")
    if (sign or word) and cell_type != "signed":
        return Reading(None, None, f"「{raw.strip()}」带有增减，本列只能填写非负数")
    if cell_unit in _MONEY_UNITS and cell_type != "amount":
        return Reading(None, None, f"「{raw.strip()}」带有金额单位，本列应为件数")
    if cell_unit in _MONEY_UNITS and unit and cell_unit != unit:
        return Reading(None, cell_unit, f"「{raw.strip()}」的单位为{cell_unit}，本列单位为{unit}")
    if cell_unit and cell_unit not in _MONEY_UNITS and cell_type == "amount":
        return Reading(None, cell_unit, f"「{raw.strip()}」的单位不是金额单位")
    digits = match["num"].replace(",", "")
    if len(digits.lstrip("0")) > MAX_DIGITS:
        return Reading(None, cell_unit, f"「{raw.strip()}」位数过多（整数部分超过 {MAX_DIGITS} 位），不是统计数字")
    value: Number
    if match["frac"] is not None:
        if cell_type != "amount":
            return Reading(None, None, f"「{raw.strip()}」含小数，本列只能填写整数")
        value = Decimal(f"{digits}.{match['frac']}")
    elif cell_type == "amount":
        value = Decimal(digits)
    else:
        value = int(digits)
    return Reading(-value if negative else value, cell_unit, None)
