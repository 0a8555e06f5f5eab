"""Counts the narrative states, read as claims: (what is counted, the number).

A sentence is read as words of a vocabulary (the rules file's, see
kinds/claims.py), not one phrase at a time:
- a term names what is counted (「予以公开」, 「行政复议」), a result names
  a part of the last review or suit named before it (「维持」 after
  「行政复议」, in the same sentence or clause);
- a count is a number with its unit (「17件」); it is of the term nearest
  before it in its clause (「受理申请17件」, 「复议7件，诉讼9件」), or of
  the one shortly after it when none is before (「另有5件结转下年度」,
  「72件申请按照《条例》顺延到下年度答复」);
- a count followed by 「其中」 and counts of its own and other terms that
  add up to it is of all those terms (「受理121件（其中新收112件，上年结转9件）」);
- two terms joined (「予以公开及部分公开258件」) are counted together,
  unless 各 stands before the count (「复议和诉讼各1件」: one of each);
- a change (「增加5件」) or a figure compared with (「比上年受理申请15件」)
  is no count of this year;
- a word of handling (a `verb`: 答复, 办结) right after another term (at
  most two characters apart) tells how that was handled: 「予以公开答复3件」
  is of 予以公开, 「转下一年度办理答复的有1件」 of 结转下年度;
- a count of a part (「其中自然人72件」) is of no term.
Spaces beside Chinese are gone before a sentence is read (Context.compact_lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from . import patterns

_FULL_WIDTH = str.maketrans(",;:()", "，；：（）")
_CHANGE = re.compile(r"(?:增加|减少|下降|增长|上升|多|少)了?$")  # the count just after: a change, not a count
_COMPARED = re.compile(r"(?:比|较)(?:上年|去年|上一年|前一年|同期|\d{4}年)|与[^，；]{0,12}相比")
_BETWEEN = re.compile(r"[^\d，；。]{0,12}")  # a count and the term after it: 「72件申请按照《条例》顺延到下年度」
LONGEST = 2000  # characters of a sentence read for claims: a real one states its counts in far fewer
_BESIDE = re.compile(r"[^\d０-９，；。、]{0,2}")  # between two terms side by side: 「转下一年度办理答复」


@dataclass(frozen=True)
class Term:
    """What a count may be of: its key and the words that name it, each a
    regular expression; `needs`: words that must stand between it and the
    count (「收到…申请17件」, not 「收到来信17件」); `of`: the term is a
    result of a review or suit, counted of the last term of `of` named
    before it."""

    key: str
    words: tuple[str, ...]
    needs: str = ""
    of: tuple[str, ...] = ()
    context: str = ""  # words the sentence must have before the count (「申请…办结18件」, not 「建议…办结18件」)
    verb: bool = False  # a word of handling: after another term it tells how that was handled (「同意公开答复」)


@dataclass(frozen=True)
class Claim:
    """A count the text states: of the sum of `terms` (keys; a result as
    「review:upheld」), `number` (written at `at`), said from `start` to
    `end` of the sentence's compact text."""

    terms: tuple[str, ...]
    number: int
    start: int
    end: int
    at: int


@dataclass(frozen=True)
class _Mention:
    term: Term
    start: int
    end: int


@dataclass(frozen=True)
class Vocabulary:
    terms: tuple[Term, ...]
    joins: str = "及|和|与|、|以及"
    parts: str = "自然人|法人或其他组织|法人|商业企业|科研机构|社会公益组织|法律服务机构|其他组织"
    units: str = "件|宗|起"
    reach: int = 20  # characters at most between a term and its count

    @cached_property
    def _mentions(self) -> str:
        """One pattern of every term's words, the longest first, each a group named for its term."""
        words = sorted(((w, i) for i, t in enumerate(self.terms) for w in t.words), key=lambda p: -len(p[0]))
        return "|".join(f"(?P<t{i}_{n}>{w})" for n, (w, i) in enumerate(words))

    def mentions(self, sentence: str) -> list[_Mention]:
        """Where the sentence names a term (patterns' matching: the rules file's words are anyone's)."""
        out = []
        for match in patterns.finditer(self._mentions, sentence):
            index = int(next(name for name, value in match.groupdict().items() if value is not None)[1:].split("_")[0])
            out.append(_Mention(self.terms[index], match.start(), match.end()))
        return out

    def claims(self, sentence: str) -> list[Claim]:
        """The counts a sentence states, each with what it is of (none in
        a "sentence" longer than LONGEST: a page without stops)."""
        if len(sentence) > LONGEST:
            return []
        sentence = sentence.translate(_FULL_WIDTH)  # 「121件(其中…112件,…)」: clauses as full-width punctuation marks them
        mentions = self.mentions(sentence)
        counts = list(patterns.finditer(rf"(?<![\d.．])(\d+)(?:{self.units})", sentence))
        out = []
        for k, count in enumerate(counts):
            if patterns.search(rf"(?:{self.parts})[^\d，；。]{{0,2}}$", sentence[max(0, count.start() - 12) : count.start()]):
                continue  # 「其中自然人72件」: a part of the count before it
            clause = sentence[max(sentence.rfind("，", 0, count.start()), sentence.rfind("；", 0, count.start())) + 1 : count.start()]
            if _CHANGE.search(sentence[max(0, count.start() - 3) : count.start()]) or _COMPARED.search(clause):
                continue  # 「较上年增加5件」, 「比上年受理申请15件」: a change or last year's figure
            since = counts[k - 1].end() if k else 0
            read = self._before(sentence, mentions, since, count.start()) or self._after(sentence, mentions, count)
            if read is None:
                continue
            terms, start, end = read
            each = terms if len(terms) > 1 and sentence[max(0, count.start() - 2) : count.start()].endswith(("各", "各为", "均为")) else ()
            groups: list[tuple[str, ...]] = [(t,) for t in each] or [terms]  # 「复议和诉讼各1件」: one of each
            for group in groups:
                out.append(Claim(group, int(count[1]), start, max(end, count.end()), count.start()))
        return _totals(sentence, out)

    def _before(self, sentence: str, mentions: list[_Mention], since: int, at: int) -> tuple[tuple[str, ...], int, int] | None:
        """What a count is of, named before it in its clause: a result, of
        the last review or suit named before it in the sentence; else the
        run of terms nearest before it, joined (counted together) or side
        by side (the first is what is counted)."""
        clause = max(since, sentence.rfind("，", 0, at) + 1, sentence.rfind("；", 0, at) + 1)
        near = [m for m in mentions if clause <= m.start and m.end <= at]
        if not near or at - near[-1].end > self.reach:
            return None
        last = near[-1]
        if last.term.of:
            owner = next((m for m in reversed(mentions) if m.end <= last.start and m.term.key in last.term.of), None)
            if owner is None:
                return None
            return (f"{owner.term.key}:{last.term.key}",), owner.start if owner.start >= clause else last.start, at
        run = [last]
        for m in reversed(near[:-1]):
            gap = sentence[m.end : run[0].start]
            beside = run[0].term.verb and _BESIDE.fullmatch(gap)
            if m.term.of or not (beside or patterns.search(rf"^(?:{self.joins})$", gap)):
                break
            run.insert(0, m)
        joined = [run[0], *(m for prev, m in zip(run, run[1:]) if patterns.search(rf"^(?:{self.joins})$", sentence[prev.end : m.start]))]
        first = joined[0]
        if first.term.needs and not patterns.search(first.term.needs, sentence[joined[-1].end : at]):
            return None
        if first.term.context and not patterns.search(first.term.context, sentence[:at]):
            return None
        return tuple(m.term.key for m in joined), run[0].start, at

    def _after(self, sentence: str, mentions: list[_Mention], count: Any) -> tuple[tuple[str, ...], int, int] | None:
        """What a count is of, named just after it (「5件结转下年度」)."""
        after = next((m for m in mentions if m.start >= count.end()), None)
        if (after is None or after.term.of or after.term.needs or after.term.verb
                or not _BETWEEN.fullmatch(sentence[count.end() : after.start])
                or after.term.context and not patterns.search(after.term.context, sentence[: after.start])):
            return None  # a word of handling after a count (「督办事项30件已全部办结」) tells what was done with them
        return (after.term.key,), count.start(), after.end


def _totals(sentence: str, claims: list[Claim]) -> list[Claim]:
    """A count followed by 「其中」 and counts that add up to it is their
    total: 「受理申请121件（其中新收申请112件，上年结转9件）」 is of 新收 and
    上年结转 together, as its parts say (only where its own term is among
    theirs: a total of results is not re-read)."""
    out = list(claims)
    for i, claim in enumerate(claims):
        parts = claims[i + 1 :]
        if not parts or "其中" not in sentence[claim.end : parts[0].start]:
            continue
        for n in range(2, len(parts) + 1):
            terms = tuple(t for part in parts[:n] for t in part.terms)
            if sum(part.number for part in parts[:n]) == claim.number and set(claim.terms) < set(terms):
                out[i] = Claim(terms, claim.number, claim.start, claim.end, claim.at)
                break
    return out
