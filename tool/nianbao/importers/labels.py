"""The labels people write, matched to the template's labels.

Tried in order: the same after folding (full/half width, spaces, quotes,
「1、」 for 「1.」); the same without filling notes in brackets
(「规章(设区的市、自治州人民政府应提供相关数据)」); a known header or group
label glued before it (「（三）不予公开1.属于国家秘密」); by closeness
(rapidfuzz), when exactly one label is close and none other nearly so.
A label broken over lines is followed by its first piece (`prefix`) and
its later pieces (`continues`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ..model import template as tpl

_ENUM = re.compile(r"(?<![0-9])([0-9]{1,2})[、,]")
_BARE_ENUM = re.compile(r"^([0-9])(?=[^0-9.])")  # 「3补正后」: the dot lost by OCR or typing
_NOTE = re.compile(r"(?<=.)\([^()]*\)")
_GENERIC = re.compile(r"^(数据|列|栏)[0-9]{0,2}$|^(项目|序号|内容|单位|单位:件|单位:万元|合计)$")
CLOSE = 84  # rapidfuzz ratio for a label written slightly wrong
APART = 8  # the runner-up must be this much further away
PREFIX_MIN = 4  # a label's first piece must be this long to be followed
SEGMENTS_MAX = 600  # characters of text tried as labels glued together


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """The comparable form of a label."""
    folded = _BARE_ENUM.sub(r"\1.", _ENUM.sub(r"\1.", tpl.normalize_label(text)))
    return folded.rstrip(":")


def is_generic(text: str) -> bool:
    """A header any table may have (「项目」「数据1」「合计」)."""
    return bool(_GENERIC.match(key(text)))


def _more_digits(folded: str, head: tpl.Header) -> bool:
    """Text holding digits its label has not (「四、结转下年度继续办理2件。」)
    is narrative with a number in it, never a label to pass over."""
    def count(text: str) -> int:
        return sum(ch in "0123456789" for ch in text)

    return count(folded) > count(key(head.label)) or "。" in folded


def _bare(folded: str) -> str:
    return _NOTE.sub("", folded)


@dataclass(frozen=True)
class Match:
    table: tpl.TableSpec
    head: tpl.Header
    how: str  # exact | note | close | prefix

    def __repr__(self) -> str:
        return f"Match({self.table.key}.{self.head.key}, {self.how})"


class Labels:
    """Every label of one template version, for matching."""

    def __init__(self, spec: tpl.Template) -> None:
        self.spec = spec
        self._rows: dict[str, tuple[tpl.TableSpec, tpl.Header]] = {}
        self._bare: dict[str, tuple[tpl.TableSpec, tpl.Header]] = {}
        self._corners: dict[str, tpl.TableSpec] = {}
        headers: set[str] = set()
        for table in spec.tables:
            for head in table.rows:
                for text in (head.label, *head.aliases):
                    self._rows.setdefault(key(text), (table, head))
                    self._bare.setdefault(_bare(key(text)), (table, head))
            for head in table.columns:
                headers |= {key(x) for x in (head.label, *head.aliases)}
                headers |= {_bare(key(x)) for x in (head.label, *head.aliases)}
            for title in (table.corner, table.head, table.columns_title, table.label):
                if title:
                    headers.add(key(title))
            self._corners[key(table.corner)] = table
        # A row written as another version of the template words it (「规范性文件」
        # in a 2021 report) is the same row: the importer writes this version's label.
        own = {(t.key, h.key): (t, h) for t in spec.tables for h in t.rows}
        for version in tpl.versions():
            for table in tpl.load(version).tables:
                for head in table.rows:
                    if (table.key, head.key) in own:
                        for written in (head.label, *head.aliases):
                            self._rows.setdefault(key(written), own[(table.key, head.key)])
                            self._bare.setdefault(_bare(key(written)), own[(table.key, head.key)])
        self._headers = headers
        self._all = sorted(headers | set(self._rows))
        self._header_text = "\u0000".join(self._all)
        self._longest = max(len(k) for k in self._all)

    def row(self, text: str) -> Match | None:
        """The row (leaf or group) this text names in full, written as in the
        template give or take width, spaces, notes and a header glued before it."""
        folded = key(text)
        if not folded:
            return None
        if folded in self._rows:
            return Match(*self._rows[folded], "exact")
        if _bare(folded) in self._bare:
            table, head = self._bare[_bare(folded)]
            return Match(table, head, "note") if not _more_digits(folded, head) else None
        for i in range(max(1, len(folded) - self._longest), len(folded) - 1):  # the label is at most the longest
            if folded[i:] in self._rows and self.is_header(folded[:i]):
                return Match(*self._rows[folded[i:]], "exact")
        return None

    def close(self, text: str) -> Match | None:
        """The one row whose label this text nearly is (a garbled label)."""
        folded = key(text)
        if len(folded) < 4 or folded.isascii():
            return None
        found = process.extract(_bare(folded), list(self._bare), scorer=fuzz.ratio, limit=2)
        if not found or found[0][1] < CLOSE:
            return None
        if len(found) > 1 and found[1][1] > found[0][1] - APART:
            return None
        table, head = self._bare[found[0][0]]
        return Match(table, head, "close") if not _more_digits(folded, head) else None

    def prefix(self, text: str) -> Match | None:
        """The one leaf row whose label starts with this text (a wrapped label)."""
        folded = key(text)
        if len(folded) < PREFIX_MIN:
            return None
        found = {(t.key, h.key): (t, h) for k, (t, h) in self._rows.items() if k.startswith(folded) and k != folded}
        if not found and len(folded) >= 2 * PREFIX_MIN - 1:  # a first piece read slightly wrong (OCR)
            scores = {k: fuzz.ratio(folded, k[: len(folded)]) for k in self._rows if len(k) > len(folded)}
            best = sorted(scores.values(), reverse=True)[:2]
            if best and best[0] >= CLOSE and (len(best) < 2 or best[1] <= best[0] - APART):
                found = {(t.key, h.key): (t, h) for k, (t, h) in self._rows.items() if scores.get(k) == best[0]}
        if len(found) != 1:
            return None
        table, head = next(iter(found.values()))
        return Match(table, head, "prefix") if not head.is_group else None

    def continues(self, head: tpl.Header, read: str, text: str) -> bool:
        """Whether `text` carries on the label of `head` of which `read` was
        read: as written, or, once a first piece is read, with one character
        read wrong where the piece stands in the label (OCR's 「当理由途期不」
        for 「当理由逾期不」); a piece of four characters or more, and not
        the start of another row's label (「7.属于」 after 「6.属于…」)."""
        piece = key(text)
        joined = read + piece
        keys = [key(x) for x in (head.label, *head.aliases)]
        if any(k.startswith(joined) or _bare(k).startswith(_bare(joined)) or k == joined for k in keys):
            return True
        if len(read) < PREFIX_MIN or self.row(text) or self.prefix(text):
            return False
        for k in keys:
            there = k[len(read) : len(joined)]
            if len(there) == len(piece) and Levenshtein.distance(piece, there) <= (1 if len(piece) >= PREFIX_MIN else 0):
                return True
        return False

    def corner(self, text: str) -> tpl.TableSpec | None:
        return self._corners.get(key(text))

    def is_header(self, text: str) -> bool:
        """A column label, corner, caption or group label, or a piece of one
        (headers split over lines, a vertical header one character a line)."""
        folded = key(text)
        if not folded or _GENERIC.match(folded):
            return True
        if folded in self._headers or folded in self._rows and self._rows[folded][1].is_group:
            return True
        return folded in self._header_text and not folded.isdigit() or self._close_header(folded)

    def is_strong_header(self, text: str) -> bool:
        """A header that no narrative line would be: a whole label, or a long piece of one."""
        folded = key(text)
        return folded in self._headers or (len(folded) >= 6 and self.is_header(folded))

    def segments(self, text: str) -> list[str] | None:
        """Labels written one after another without spaces
        (「自然人法人或其他组织总计」), cut into the fewest labels; None if
        the text is not made of labels alone."""
        folded = key(text)
        if len(folded) > SEGMENTS_MAX:
            return None  # a table's header row glued together is a few hundred characters; longer is prose
        best: list[list[str] | None] = [None] * (len(folded) + 1)
        best[0] = []
        for i in range(len(folded)):
            here = best[i]
            if here is None:
                continue
            for j in range(i + 1, min(len(folded), i + self._longest) + 1):
                part = folded[i:j]
                if part in self._headers or part in self._rows:
                    there = best[j]
                    if there is None or len(here) + 1 < len(there):
                        best[j] = [*here, part]
        found = best[-1]
        return found if found and len(found) > 1 else None

    def _close_header(self, folded: str) -> bool:
        if len(folded) < 4:
            return False
        found = process.extractOne(_bare(folded), self._headers, scorer=fuzz.ratio)
        return bool(found and found[1] >= CLOSE)


@cache
def labels(version: int) -> Labels:
    return Labels(tpl.load(version))
