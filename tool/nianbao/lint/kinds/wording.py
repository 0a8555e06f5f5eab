"""wording: words that are wrong wherever they stand in the narrative, from
a list an office extends in its rules file: each entry's `find` (a regular
expression, read on each line without the spaces a PDF puts beside Chinese,
so 「的 的」 is 「的的」) and what is wrong with it (`say`). A finding for
each place in a sentence (text that ends as one, of at most LONGEST
characters: a table's header that the import left in the text is not
the organ's prose), at its line and
column, quoting the words found and their sentence. Typos (a character or a phrase doubled, doubled punctuation),
and, with `templates`, words that belong to another template version (a
2021 report citing the 2019 template's notice) are lists of this kind.

Example::

    rule:
      id: NB408
      name: typos
      title: 文字错误
      severity: warning
      message: 「{words}」{say}：「{sentence}」
      check:
        kind: wording
        words:
        - {find: '(?<![的目])的的(?!确)', say: 字重复}
        - {find: '([。，、；])\\1', say: 标点重复}
    passes:
    - replace: 2025 年，我镇严格遵循
      with: 2025 年，我镇的的确确严格遵循
    fails:
    - replace: 2025 年，我镇严格遵循
      with: 2025 年，我镇的的严格遵循，，
    says:
    - 「的的」字重复：「2025 年，我镇的的严格遵循，，“以公……」
    - 「，，」标点重复：「2025 年，我镇的的严格遵循，，“以公……」
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model.finding import Finding
from ...model.sentences import sentences
from ..context import Context, finding
from ..patterns import finditer
from ..rules import Rule
from . import ParamError, check_regexes
from . import Params as Base

QUOTED = 24  # characters of the sentence quoted before it is cut with 「……」
_ENDS = ("。", "；", "！", "？")
LONGEST = 1000  # characters: a longer "sentence" is a page without stops, no prose to read for typos


@dataclass(frozen=True)
class Params(Base):
    words: list[dict[str, str]]  # each {find: regular expression, say: what is wrong}


def validate(rule: Rule[Params]) -> Rule[Params]:
    for i, entry in enumerate(rule.params.words, start=1):
        if set(entry) != {"find", "say"} or not all(isinstance(v, str) for v in entry.values()):
            raise ParamError("words", f"words 第 {i} 项须为 {{find: 正则表达式, say: 说明}}")
    check_regexes("words", [entry["find"] for entry in rule.params.words])
    return rule


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    for number, compact in ctx.compact_lines:
        for start, sentence in sentences(compact.text):
            if not sentence.endswith(_ENDS) or len(sentence) > LONGEST:
                continue  # no sentence: a table's header spilled into the text, not the organ's prose
            own = compact.words(start, start + len(sentence))  # as the report writes it
            quoted = own if len(own) <= QUOTED else own[: QUOTED - 4] + "……"
            for entry in rule.params.words:
                for match in finditer(entry["find"], sentence):
                    yield finding(rule, ctx.report, number, compact.col(start + match.start()),
                                  words=compact.words(start + match.start(), start + match.end()), say=entry["say"], sentence=quoted)
