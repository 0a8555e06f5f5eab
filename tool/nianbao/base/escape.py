"""Text leaving nianbao for other programs, made inert there.

Organ names, waiver reasons, addresses and cells come from anyone. A
spreadsheet runs a field that starts like a formula (「=HYPERLINK(…)」,
「@SUM(…)」, 「=cmd|…」); a terminal obeys escape sequences; a CI log takes
a line that starts with 「::error」 for a command. Each output goes through
one of these at its edge; a value quoted in a message goes through
`quoted`.
"""

from __future__ import annotations

import re
from typing import Any

_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def spreadsheet(value: Any) -> Any:
    """A CSV field that Excel and WPS show as text: one that would start a
    formula is quoted with 「'」, as they do themselves; numbers (「-3」) stay numbers."""
    if isinstance(value, str) and value.startswith((*_FORMULA, "'")) and not _NUMBER.fullmatch(value):
        return "'" + value  # a text that starts with 「'」 gets one more, so that unspreadsheet reads any text back
    return value


def unspreadsheet(value: str) -> str:
    """A CSV field as it was before `spreadsheet` quoted it."""
    quoted = value.startswith("'") and value[1:].startswith((*_FORMULA, "'")) and not _NUMBER.fullmatch(value[1:])
    return value[1:] if quoted else value


def line(text: str) -> str:
    """Text for a terminal or a log line: a line break shows as 「⏎」 and any
    other control character as its code, so one finding stays one line and
    nothing in it is taken for a command or an escape sequence."""
    return _CONTROL.sub(lambda m: "⏎" if m[0] in "\r\n\u2028\u2029" else f"\\x{ord(m[0]):02x}", text)


def xml(text: str) -> str:
    """Text without the control characters XML (a feed, Word, Excel) cannot
    hold; a vertical tab (Word's line break) becomes a space."""
    return _NOT_XML.sub(lambda m: " " if m[0] in "\x0b\x0c" else "", text)


def quoted(value: Any, limit: int = 40) -> str:
    """A value as a message may quote it: short, whatever it is (a 5,000-digit
    number cannot even be printed, a 300,000-character expression should not be)."""
    if isinstance(value, int) and value.bit_length() > 64:
        return "位数过多的数字"
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
