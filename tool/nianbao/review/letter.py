"""A review letter (审核意见): the findings of one report in the wording of
a formal reply to the organ that submitted it, with where each is, its
numbers and what to correct. Composed once as a typed record; written as
plain text, HTML and .docx from it."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from ..base.escape import xml as printable
from ..lint.rules import Rule
from ..model.finding import Finding, Severity
from ..model.provenance import Provenance
from ..model.report import Report

GROUPS = (
    (Severity.ERROR, "需要更正的问题", "请核对原始记录后更正。"),
    (Severity.WARNING, "需要核实的问题", "请核实，确有错误的请更正。"),
    (Severity.INFO, "供参考的情况", "供参考。"),
)
NUMERALS = "一二三四五六七八九十"
FOLD = 5  # more findings of one rule than this are listed under one heading


@dataclass(frozen=True)
class Item:
    """One numbered point of the letter: a finding, or several of one rule."""

    heading: str
    lines: tuple[str, ...]  # each finding with where it is (more than one: listed under the heading)
    advice: str


@dataclass(frozen=True)
class Group:
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Letter:
    organ: str
    title: str  # the report's
    source: str  # the file reviewed
    groups: tuple[Group, ...]
    office: str
    date: date

    @property
    def heading(self) -> str:
        return f"关于《{self.title}》的审核意见"

    @property
    def opening(self) -> str:
        if not self.groups:
            return f"经审核，你单位报送的《{self.title}》未发现问题。"
        counts = "，".join(f"{g.title} {sum(len(i.lines) or 1 for i in g.items)} 处" for g in self.groups)
        return f"经审核，你单位报送的《{self.title}》存在以下问题（{counts}），请逐项核对修改后重新报送。"

    @property
    def dated(self) -> str:
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"


QUOTE = 30  # characters of the report's own words quoted where a finding stands


def where(report: Report, finding: Finding, origin: Provenance | None = None) -> str:
    """Where a finding is, as the author finds it in the report, never by
    our source's line numbers (the organ has never seen that file): the
    table and its cell (unless the message names them) and, where the
    import recorded it, the page of the organ's own document with its
    words; outside the tables, the part of the report and its words."""
    if not finding.table or finding.table not in {t.key for t in report.template.tables}:
        return _in_text(report, finding.line)
    spec = report.template.table(finding.table)
    name = report.template.table_name(spec)
    found = origin.of_row(finding.table, finding.row) if origin and finding.row else None
    cited = f"，{found[0].cited()}：「{found[1]}」" if found else ""
    if finding.row and finding.column:
        row, column = spec.row(finding.row).label, spec.column(finding.column).label
        if f"「{row}」" not in finding.message:
            return f"{name}「{row}」行「{column}」列{cited}"
    return f"{name}{cited}"


def _in_text(report: Report, line: int) -> str:
    """The part of the report a line stands in (its heading as the report
    writes it, or its opening), with the words there."""
    section = next((s for s in reversed(report.sections) if s.line <= line), None)
    part = f"「{section.heading}」部分" if section else "报告开头"
    words = report.lines[line - 1].strip().lstrip("#").strip() if 0 < line <= len(report.lines) else ""
    if not words or words.startswith(("|", "<!--", "---")) or ":" in words[:20] and line < report.body_line:
        return part  # a table's row, a comment or the front matter: no words of the report's own to quote
    return f"{part}：「{words[:QUOTE]}{'…' if len(words) > QUOTE else ''}」"


def _said(finding: Finding) -> str:
    return finding.message.rstrip("。")


def compose(
    report: Report, findings: list[Finding], rules: dict[str, Rule], office: str, when: date,
    origin: Provenance | None = None,
) -> Letter:
    """The letter for `report`: its unwaived findings, by severity, in the
    order they stand in the report; `origin`: where the import found each cell."""
    groups = []
    for severity, title, default in GROUPS:
        found = sorted((f for f in findings if f.severity == severity and not f.waived), key=Finding.sort_key)
        by_rule: dict[str, list[Finding]] = {}
        for f in found:
            by_rule.setdefault(f.rule, []).append(f)
        items = []
        for rule_id, group in sorted(by_rule.items(), key=lambda kv: Finding.sort_key(kv[1][0])):
            rule = rules.get(rule_id)
            advice = rule.advice if rule and rule.advice else default
            named = rule.title if rule else rule_id
            if len(group) > FOLD:
                lines = tuple(f"{where(report, f, origin)}：{_said(f)}" for f in group)
                items.append(Item(f"{named}，共 {len(group)} 处：", lines, advice))
            else:
                items += [Item(f"{named}（{where(report, f, origin)}）：{_said(f)}。", (), advice) for f in group]
        if items:
            groups.append(Group(title, tuple(items)))
    return Letter(report.meta.organ or "（机关名称）", report.title or "（未写标题的年度报告）", report.path, tuple(groups), office,
                  when)


def paragraphs(letter: Letter) -> list[tuple[str, str]]:
    """The letter as (kind, text) paragraphs, kind one of heading, salutation,
    body, group, item, line, signature: what every format writes (control
    characters left out)."""
    return [(kind, printable(text)) for kind, text in _paragraphs(letter)]


def _paragraphs(letter: Letter) -> list[tuple[str, str]]:
    out = [("heading", letter.heading), ("salutation", f"{letter.organ}："), ("body", letter.opening)]
    for number, group in zip(NUMERALS, letter.groups):
        out.append(("group", f"{number}、{group.title}"))
        for i, item in enumerate(group.items, start=1):
            advice = f"{item.advice}" if not item.lines else ""
            out.append(("item", f"{i}. {item.heading}{advice}"))
            out += [("line", f"（{n}）{text}") for n, text in enumerate(item.lines, start=1)]
            if item.lines:
                out.append(("line", item.advice))
    out += [("signature", letter.office), ("signature", letter.dated)]
    return out


def text(letter: Letter) -> str:
    return "\n".join(t for _, t in paragraphs(letter)) + "\n"


def as_html(letter: Letter) -> str:
    """A page of its own, every text escaped: report text is untrusted."""
    tags = {"heading": "h1", "group": "h2"}
    body = "\n".join(
        f'<{tags.get(kind, "p")} class="{kind}">{html.escape(t)}</{tags.get(kind, "p")}>' for kind, t in paragraphs(letter)
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(letter.heading)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n{body}\n"
        "</main>\n</body>\n</html>\n"
    )


_CSS = (
    "body{font-family:FangSong,STFangsong,'Noto Serif CJK SC',serif;line-height:1.8;max-width:48em;margin:2em auto;"
    "padding:0 1em;color:#111}h1{text-align:center;font-size:1.5em}h2{font-size:1.1em;margin-top:1.5em}"
    ".body,.item{text-indent:2em}.line{padding-left:4em}.signature{text-align:right;margin:0}"
)
