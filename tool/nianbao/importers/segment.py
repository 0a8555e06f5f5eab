"""Line breaks are layout, not structure: a line is cut before each table
row label and around each section heading it holds.

A crawler's text often holds a whole report on one line
(「…一、总体情况 2022年，……规章000行政规范性文件8855698…」), a PDF may put a
heading and its first sentence on one line. The labels are found in the
character stream, folded as labels are compared (width, spaces, quotes,
「1、」 for 「1.」), so a label glued to the digits before it
(「00000002.其他法律…」: the 「2.」 is the label's own number) or broken by
a space is still found. A row label is cut out only where values or another
label follow it; a heading where it stands after a boundary (start, space,
punctuation, digits).

Cutting never drops or moves a character: the pieces of a line, in order,
are the line. Each piece keeps its line and its offset in it (`Para.col`),
and pieces the reader leaves to the narrative are joined back (`rejoin`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import cache

from rapidfuzz import fuzz

from ..model import names
from ..model import template as tpl
from .blocks import Para
from .labels import key

_DIGIT = "0-9０-９"
_VALUE_AFTER = re.compile(rf"\s*(?:[{_DIGIT}]|[-—–－/／]\s*(?:[{_DIGIT}]|$|\s))")
_VALUES = re.compile(rf"[\s{_DIGIT}.．,，\-—–－/／]*")
_VALUE_CHARS = set("0123456789０１２３４５６７８９-—–－/／.．")
_SECTION_MARK = re.compile(r"[一二三四五六][、.．,，]")
_BOUNDARY = set("。；;！!？?：:）)」”\"'】]") | set("0123456789０１２３４５６７８９")
MIN_LINE = 12  # a line this short holds one thing
TITLE_MAX = 80  # a title is at most this long


@cache
def _labels() -> tuple[re.Pattern[str], dict[str, bool]]:
    """One pattern for every row label of every version (folded), and
    whether each is a group's (a group label may be followed by a label)."""
    found: dict[str, bool] = {}
    for version in tpl.versions():
        for table in tpl.load(version).tables:
            for head in table.rows:
                for text in (head.label, *head.aliases):
                    folded = key(text)
                    if len(folded) >= 2:
                        found[folded] = found.get(folded, False) or head.is_group
    alternatives = sorted(found, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives))), found


@cache
def _headers() -> tuple[str, ...]:
    """Every column label, corner and caption (folded): what may stand
    right before a row label in a table glued into one line."""
    found: set[str] = set()
    for version in tpl.versions():
        for table in tpl.load(version).tables:
            for head in table.columns:
                found |= {key(x) for x in (head.label, *head.aliases)}
            found |= {key(x) for x in (table.corner, table.head, table.columns_title, table.label) if x}
    return tuple(sorted((h for h in found if len(h) >= 2), key=len, reverse=True))


@cache
def _sections() -> tuple[tpl.SectionSpec, ...]:
    out: dict[str, tpl.SectionSpec] = {}
    for version in tpl.versions():
        for section in tpl.load(version).sections:
            out.setdefault(section.label, section)
    return tuple(out.values())


def _fold(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, its index in `text`."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for out in tpl.normalize_label(unicodedata.normalize("NFKC", ch)):
            chars.append(out)
            where.append(i)
    folded = "".join(chars)
    # 「1、」 for 「1.」, as labels.key folds it (same length, so `where` holds).
    folded = re.sub(r"(?<![0-9])([0-9]{1,2})[、,]", r"\1.", folded)
    folded = re.sub(r"(?<=[0-9])、(?=[\u4e00-\u9fff])", ".", folded)  # 「00000002、其他…」: glued to the digits before
    return folded, where


def _heading_end(text: str, start: int) -> int | None:
    """Where a heading that starts at `start` ends, or None: the prefix that
    a section's heading test accepts and that is closest to its label."""
    best: tuple[float, int] | None = None
    limit = min(len(text), start + tpl.HEADING_MAX + 8)
    for end in range(start + 3, limit + 1):
        if text[end - 1] in "。，；0123456789０１２３４５６７８９":
            break  # a heading holds no sentence and no number: no longer prefix is one
        if text[end - 1].isspace():
            continue
        candidate = text[start:end]
        for section in _sections():
            if not section.matches(candidate, renumbered=True):
                continue
            norm = tpl.normalize_label(candidate)
            score = max(fuzz.ratio(norm, tpl.normalize_label(x)) for x in (section.label, *section.aliases))
            if best is None or score > best[0]:
                best = (score, end)
    return best[1] if best else None


def _folded_at(where: list[int], index: int) -> int:
    """The folded position of the original character at `index`."""
    return bisect_left(where, index)


def _after_values(text: str, at: int) -> bool:
    """Whether the row label at `at` follows another row's values (digits or a dash someone typed)."""
    before = text[:at].rstrip()
    return bool(before) and before[-1] in _VALUE_CHARS


def _after_boundary(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in _BOUNDARY or len(before) < len(text[:at])


def cuts(text: str, first: bool = False) -> list[int]:
    """Where the line is cut: before each row label that values or another
    label follow, and before and after each heading."""
    if len(text.strip()) < MIN_LINE:
        return []
    points: set[int] = set()
    pattern, groups = _labels()
    folded, where = _fold(text)
    starts: list[tuple[int, int, bool]] = []
    for match in pattern.finditer(folded):
        begin = where[match.start()]
        # up to the next character that folds to something: closing quotes and spaces are the label's
        end = where[match.end()] if match.end() < len(where) else len(text)
        starts.append((begin, end, groups[match.group()]))
    label_starts = {b for b, _, _ in starts}
    ends = {e for _, e, _ in starts}
    for begin, end, _ in starts:
        following = min((b for b in label_starts if b >= end), default=len(text))
        value = _VALUE_AFTER.match(text, end)
        if value and following < value.end():
            value = None  # the digits are the next label's number (「3.其他」)
        follows_label = not text[end:following].strip() and following < len(text)
        # In a sentence a label is a word (「其中：行政许可 2418」, 「现行有效行政规范性文件698件」):
        # only another row's values, another label or a header may stand before a row.
        placed = _after_values(text, begin) or begin in ends or folded[: _folded_at(where, begin)].endswith(_headers())
        if not placed or not (value or follows_label):
            continue
        points.add(begin)
        if value:
            # the values end where text that is not a value starts (a caption, a header)
            run = _VALUES.match(text, end)
            if run and run.end() < following and folded[_folded_at(where, run.end()) :].startswith(_headers()):
                points.add(run.end())
    for mark in _SECTION_MARK.finditer(text):
        begin = mark.start()
        if begin in label_starts or not _after_boundary(text, begin):
            continue
        closing = _heading_end(text, begin)
        if closing is not None and not any(b < closing <= e for b, e, _ in starts if b != begin):
            points |= {begin, closing}
    title = _title_end(text) if first else None  # elsewhere 「按时发布2023年度…年度报告」 is a sentence
    if title is not None:
        points.add(title)
    return sorted(p for p in points if 0 < p < len(text) and text[p:].strip() and text[:p].strip())


def _title_end(text: str) -> int | None:
    """Where a title that opens the line ends (「…年政府信息公开工作年度报告」
    with the report's text after it on the same line)."""
    for found in re.finditer(r"年度报告(?:[（(][^()（）]{1,10}[)）])?", text[: TITLE_MAX]):
        if names.parse_title(text[: found.end()]):
            return found.end()
    return None


def split(para: Para, first: bool = False) -> list[Para]:
    """The line as pieces, each with its offset; the line itself when uncut.
    `first`: the document's first text, where a title may open the line."""
    points = cuts(para.text, first)
    if not points:
        return [para]
    bounds = [0, *points, len(para.text)]
    return [
        Para(para.text[a:b], para.line, para.page, para.col + a)
        for a, b in zip(bounds, bounds[1:])
    ]


def rejoin(paras: list[Para]) -> list[Para]:
    """Pieces of one line that all went to the narrative are one paragraph again."""
    out: list[Para] = []
    for para in paras:
        last = out[-1] if out else None
        if last and para.col and last.line == para.line and last.col + len(last.text) == para.col:
            out[-1] = Para(last.text + para.text, last.line, last.page, last.col)
        else:
            out.append(para)
    return out
