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
from ..model.sentences import sentence_at

GROUPS = (
    (Severity.ERROR, "需要更正的问题", "请核对原始记录后更正。"),
    (Severity.WARNING, "需要核实的问题", "请核实，确有错误的请更正。"),
    (Severity.INFO, "供参考的情况", "供参考。"),
)
NUMERALS = "一二三四五六七八九十"
FOLD = 5  # more findings of one rule than this are listed under one heading


@dataclass(frozen=True)
class Excerpt:
    """The rows of a table that an item's findings point at, as the report
    writes them, their cells marked: the HTML letter shows it so that the
    organ sees each number among its neighbours, as in its own table."""

    table: str  # the table's name
    header: tuple[str, ...]  # the corner, then each column's label
    rows: tuple[tuple[str, tuple[str, ...], frozenset[int]], ...]  # label, values as written ("" blank), marked columns


@dataclass(frozen=True)
class Item:
    """One numbered point of the letter: a finding, or several of one rule."""

    heading: str
    lines: tuple[str, ...]  # each finding with where it is (more than one: listed under the heading)
    advice: str
    excerpts: tuple[Excerpt, ...] = ()  # the rows of the tables its findings point at


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
    gaps: tuple[Finding, ...] = ()  # at rows the import could not read: the office's to fix, not the organ's

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
        return _in_text(report, finding.line, finding.col, origin)
    spec = report.template.table(finding.table)
    name = report.template.table_name(spec)
    found = origin.of_row(finding.table, finding.row) if origin and finding.row else None
    cited = f"，{found[0].cited()}：「{found[1]}」" if found else ""
    if finding.row and finding.column:
        row, column = spec.row(finding.row).label, spec.column(finding.column).label
        if f"「{row}」" not in finding.message:
            return f"{name}「{row}」行「{column}」列{cited}"
    return f"{name}{cited}"


def _in_text(report: Report, line: int, col: int = 1, origin: Provenance | None = None) -> str:
    """The part of the report a line stands in (its heading as the report
    writes it, or its opening), and the sentence there, with the page of
    the original it came from where the import recorded it."""
    section = next((s for s in reversed(report.sections) if s.line <= line), None)
    part = f"「{section.heading}」部分" if section else "报告开头"
    text = report.lines[line - 1] if 0 < line <= len(report.lines) else ""
    words = text.strip().lstrip("#").strip()
    if not words or words.startswith(("|", "<!--", "---")) or ":" in words[:20] and line < report.body_line \
            or section and words == section.heading:
        return part  # a table's row, a comment, the front matter or the heading itself: no words to quote
    sentence = sentence_at(text, col - 1)[1].strip() or words
    found = origin.of_text(text, col) if origin else None
    page = f"，原文第 {found.page} 页" if found and found.page else ""
    return f"{part}{page}：「{sentence[:QUOTE]}{'…' if len(sentence) > QUOTE else ''}」"


def excerpts(report: Report, findings: list[Finding]) -> tuple[Excerpt, ...]:
    """The rows the findings' cells stand in, table by table, in the order
    of the template; findings not at a cell of the report's tables have none."""
    marked: dict[str, dict[str, set[str]]] = {}
    for f in findings:
        if f.table in report.tables and f.row and f.column:
            marked.setdefault(f.table, {}).setdefault(f.row, set()).add(f.column)
    out = []
    for spec in report.template.tables:
        rows = marked.get(spec.key)
        if not rows:
            continue
        cells, keys = report.tables[spec.key].cells, [c.key for c in spec.leaf_columns]
        shown = tuple(
            (row.label, tuple(cell.raw.strip() if (cell := cells.get((row.key, c))) else "" for c in keys),
             frozenset(keys.index(c) for c in rows[row.key] if c in keys))
            for row in spec.leaf_rows if row.key in rows
        )
        if shown:
            out.append(Excerpt(report.template.table_name(spec), (spec.corner, *(c.label for c in spec.leaf_columns)), shown))
    return tuple(out)


def _said(finding: Finding) -> str:
    return finding.message.rstrip("。")


def compose(
    report: Report, findings: list[Finding], rules: dict[str, Rule], office: str, when: date,
    origin: Provenance | None = None,
) -> Letter:
    """The letter for `report`: its unwaived findings, by severity, in the
    order they stand in the report; `origin`: where the import found each
    cell. A finding in a row whose numbers the import could not place (its
    words kept verbatim beside the table) is the office's to correct from
    the original, not the organ's: it is kept out, in `gaps`."""
    unread = {(t.key, row) for t in report.tables.values() for row, _ in t.unplaced if row}
    gaps = tuple(f for f in findings if not f.waived and (f.table, f.row) in unread)
    findings = [f for f in findings if f not in gaps]
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
                items.append(Item(f"{named}，共 {len(group)} 处：", lines, advice, excerpts(report, group)))
            else:
                items += [Item(f"{named}（{where(report, f, origin)}）：{_said(f)}。", (), advice, excerpts(report, [f]))
                          for f in group]
        if items:
            groups.append(Group(title, tuple(items)))
    return Letter(report.meta.organ or "（机关名称）", report.title or "（未写标题的年度报告）", report.path, tuple(groups), office,
                  when, gaps)


def paragraphs(letter: Letter) -> list[tuple[str, str]]:
    """The letter as (kind, text) paragraphs, kind one of heading, salutation,
    body, group, item, line, advice (after an item's lines), signature: what every format writes (control
    characters left out)."""
    return [(kind, printable(text)) for kind, text, _ in _paragraphs(letter)]


def _paragraphs(letter: Letter) -> list[tuple[str, str, tuple[Excerpt, ...]]]:
    """The paragraphs, with the excerpts of the tables shown after each."""
    out: list[tuple[str, str, tuple[Excerpt, ...]]] = [
        ("heading", letter.heading, ()), ("salutation", f"{letter.organ}：", ()), ("body", letter.opening, ())]
    for number, group in zip(NUMERALS, letter.groups):
        out.append(("group", f"{number}、{group.title}", ()))
        for i, item in enumerate(group.items, start=1):
            advice = f"{item.advice}" if not item.lines else ""
            out.append(("item", f"{i}. {item.heading}{advice}", item.excerpts))
            out += [("line", f"（{n}）{text}", ()) for n, text in enumerate(item.lines, start=1)]
            if item.lines:
                out.append(("advice", item.advice, ()))
    out += [("signature", letter.office, ()), ("signature", letter.dated, ())]
    return out


def text(letter: Letter) -> str:
    return "\n".join(t for _, t in paragraphs(letter)) + "\n"


def as_html(letter: Letter) -> str:
    """A page of its own, every text escaped: report text is untrusted. An
    item's cells are shown in a copy of their rows, and a long list of them
    folds away under it (「逐项列出」, one click away; printed letters and
    .docx keep the list)."""
    tags = {"heading": "h1", "group": "h2"}
    body: list[str] = []
    written = _paragraphs(letter)
    folding = False
    for i, (kind, t, shown) in enumerate(written):
        tag = tags.get(kind, "p")
        body.append(f'<{tag} class="{kind}">{html.escape(printable(t))}</{tag}>' + "".join(map(_table, shown)))
        following = written[i + 1][0] if i + 1 < len(written) else ""
        if kind == "item" and shown and following == "line":
            body.append("<details><summary>逐项列出</summary>")
            folding = True
        elif folding and following != "line":
            body.append("</details>")
            folding = False
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(letter.heading)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def _table(shown: Excerpt) -> str:
    """An excerpt as a small table, its cells marked (「（空）」 where blank)."""

    def cell(value: str, marked: bool) -> str:
        text = html.escape(printable(value)) or "（空）"
        return f'<td class="marked"><mark>{text}</mark></td>' if marked else f"<td>{text}</td>"

    head = "".join(f'<th scope="col">{html.escape(printable(h))}</th>' for h in shown.header)
    rows = "".join(
        f'<tr><th scope="row">{html.escape(printable(label))}</th>{"".join(cell(v, i in marks) for i, v in enumerate(values))}</tr>'
        for label, values, marks in shown.rows
    )
    return (f'\n<table class="excerpt"><caption>{html.escape(printable(shown.table))}（摘录）</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


_CSS = (
    "body{font-family:FangSong,STFangsong,'Noto Serif CJK SC',serif;line-height:1.8;max-width:48em;margin:2em auto;"
    "padding:0 1em;color:#111}h1{text-align:center;font-size:1.5em}h2{font-size:1.1em;margin-top:1.5em}"
    ".body,.item{text-indent:2em}.line{padding-left:4em}.advice{padding-left:2em}details{margin-left:2em}.signature{text-align:right;margin:0}"
    ".excerpt{display:block;max-width:calc(100% - 2em);overflow-x:auto;border-collapse:collapse;margin:.2em 0 1em 2em;font-family:sans-serif;font-size:.85em;line-height:1.4}"
    ".excerpt caption{text-align:left;color:#555}.excerpt th,.excerpt td{border:1px solid #999;padding:.2em .4em}"
    ".excerpt td{text-align:right}.excerpt thead th{font-weight:normal;background:#f3f3f3;white-space:nowrap}"
    ".excerpt tbody th{text-align:left;font-weight:normal;max-width:16em}"
    ".excerpt mark{background:#ffe08a;font-weight:bold}"
)
