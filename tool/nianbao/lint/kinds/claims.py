"""claims: every count the narrative states, read as a claim (what is
counted, the number; lint/claims.py) by the rule's vocabulary, against the
table: `terms`, each with its `words` (regular expressions), the table's
figure (`value`, an expression of 表.行.列 paths) and its name (`what`);
optionally `needs` (words between the term and its count), `context`
(words before the count in the sentence), `verb` (a word of handling,
which after another term tells how that was handled), or, for a result of a review or suit,
`of` (the figure and name for each term it may belong to). Two terms
joined (`joins`) are counted together; a count of a part of a total
(`parts`: 「其中自然人72件」) is of none; a sentence matching `unless` is
not read. A blank is unknown: where a claim's figure has one, it is wrong
only if the filled cells already make more (Context.least), and the
finding says 「至少为」.

Example::

    rule:
      id: NB501
      name: text-table
      title: 正文数字与表格不符
      severity: warning
      message: 正文称「{phrase}」，但{what}{figure}
      check:
        kind: claims
        terms:
        - {key: new, words: [受理, 收到], needs: 申请, value: t3.new.total, what: 表三「本年新收政府信息公开申请数量」总计}
        - {key: disclosed, words: [予以公开], value: t3.disclosed.total, what: 表三「（一）予以公开」总计}
        - {key: partial, words: [部分公开], value: t3.partial.total, what: 表三「（二）部分公开」总计}
        - {key: review, words: [行政复议, 复议], value: t4.review.total, what: 表四「行政复议」总计}
        - key: upheld
          words: [维持]
          of: {review: {value: t4.review.upheld, what: 表四「行政复议」结果维持}}
    passes:
    - {row: 一、本年新收政府信息公开申请数量, cells: ['3', '0', '0', '0', '0', '0', '3']}
    - replace: 小店镇未收到公众申请要求公开的其它方面政府信息
      with: 小店镇共受理政府信息公开申请 3 件，其中自然人3件
    fails:
    - replace: 小店镇未收到公众申请要求公开的其它方面政府信息
      with: 小店镇共受理政府信息公开申请 3 件，予以公开及部分公开2件，行政复议1件，维持1件
    says:
    - 正文称「受理政府信息公开申请 3 件」，但表三「本年新收政府信息公开申请数量」总计为 0
    - 正文称「予以公开及部分公开2件」，但表三「（一）予以公开」总计与表三「（二）部分公开」总计之和为 0
    - 正文称「行政复议1件」，但表四「行政复议」总计为 0
    - 正文称「维持1件」，但表四「行政复议」结果维持为 0
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from ...model.finding import Finding
from ...model.sentences import sentences
from ...model.values import MAX_DIGITS
from ..claims import Term, Vocabulary
from ..context import Context, finding, stated
from ..expressions import cell_path, expression
from ..patterns import search
from ..rules import Rule
from . import ParamError, check_regexes
from . import Params as Base

_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P[=<]")  # words are joined into one pattern: a group of their own is no longer theirs
_WHAT = "what"  # the key of a term's name in the message, as the expressions are keyed by term


@dataclass(frozen=True)
class Params(Base):
    terms: list[dict[str, Any]]
    joins: str = "及|和|与|、|以及"
    parts: str = "自然人|法人或其他组织|法人|商业企业|科研机构|社会公益组织|法律服务机构|其他组织"
    units: str = "件|宗|起"
    unless: str = ""


def _named(rule: Rule[Params]) -> dict[str, dict[str, Any]]:
    """Each term's figure by the key a claim names it with: 「disclosed」,
    and a result as 「review:upheld」."""
    out = {}
    for term in rule.params.terms:
        owners = term.get("of") or {}
        for owner, figure in owners.items():
            out[f"{owner}:{term['key']}"] = figure
        if not owners:
            out[term["key"]] = term
    return out


def validate(rule: Rule[Params]) -> Rule[Params]:
    for i, term in enumerate(rule.params.terms, start=1):
        if not isinstance(term, dict) or not isinstance(term.get("key"), str) or not isinstance(term.get("words"), list):
            raise ParamError("terms", f"terms 第 {i} 项须有 key 和 words")
        if any(not str(w) or _BACKREFERENCE.search(str(w)) for w in term["words"]):
            raise ParamError("terms", f"terms 第 {i} 项的 words 不能为空，也不能有 \\1 这样的反向引用或命名的组（各词合成一个表达式）")
        check_regexes("terms", [str(w) for w in term["words"]] + [str(term.get(k, "")) for k in ("needs", "context")])
        if not isinstance(term.get("of", {}), dict) or not all(isinstance(f, dict) for f in term.get("of", {}).values()):
            raise ParamError("terms", f"terms 第 {i} 项的 of 须为「所属项: {{value: …, what: …}}」")
    check_regexes("joins", [rule.params.joins, rule.params.parts, rule.params.units, rule.params.unless])
    exprs = {}
    for key, figure in _named(rule).items():
        if figure.get("value") is None or not isinstance(figure.get(_WHAT), str):
            raise ParamError("terms", f"terms 中「{key}」须有 value 和 what")
        exprs[key] = expression(figure["value"], lambda name: cell_path(name, rule.templates))
    return replace(rule, expressions=exprs)


def vocabulary(params: Params) -> Vocabulary:
    """The rule's words as the claims reader takes them."""
    terms = tuple(Term(str(t["key"]), tuple(str(w) for w in t["words"]), str(t.get("needs", "")), tuple(t.get("of") or ()),
                       str(t.get("context", "")), bool(t.get("verb", False))) for t in params.terms)
    return Vocabulary(terms, params.joins, params.parts, params.units)


def check(rule: Rule[Params], ctx: Context) -> Iterator[Finding]:
    words = vocabulary(rule.params)
    named = _named(rule)
    for number, compact in ctx.compact_lines:  # 「17 件」 as 「17件」
        for at, sentence in sentences(compact.text):
            if rule.params.unless and search(rule.params.unless, sentence):
                continue
            for claim in words.claims(sentence):
                figures = [ctx.figure(rule.expressions[key]) for key in claim.terms]
                if len(str(claim.number)) > MAX_DIGITS or any(value is None for value, _ in figures):
                    continue
                total, exact = sum(value for value, _ in figures), all(known for _, known in figures)  # type: ignore[misc]
                if claim.number == total or not exact and claim.number >= total:
                    continue  # a blank is unknown: only a number below what the filled cells make is wrong
                whats = [named[key][_WHAT] for key in claim.terms]
                yield finding(rule, ctx.report, number, compact.col(at + claim.at),
                              phrase=compact.words(at + claim.start, at + claim.end),
                              what=whats[0] if len(whats) == 1 else "与".join(whats) + "之和", figure=stated(total, exact))
