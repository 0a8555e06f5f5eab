"""Findings as text, JSON, GitHub workflow commands and SARIF 2.1.0.

Columns are code points internally; JSON and GitHub annotations also give
UTF-16 code units (what editors and GitHub count), SARIF states its unit.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from collections.abc import Callable

from .. import __version__
from ..base import escape
from ..model import template as tpl
from ..model.finding import Finding, Severity
from ..pipeline import LintResult

COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m", "waived": "\033[2m"}
RESET = "\033[0m"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _line(f: Finding) -> str:
    tail = f"（已豁免：{f.waived}）" if f.waived else ""
    kind = "" if f.severity is Severity.ERROR else f"（{f.severity.zh}）"
    return escape.line(f"{f.path}:{f.line}:{f.col}: {f.rule} {f.message}{kind}{tail}")


def summary(result: LintResult) -> str:
    counts = Counter("waived" if f.waived else f.severity for f in result.findings)
    parts = [f"{counts[k]} 个{k.zh}" for k in Severity if counts[k]]
    if counts["waived"]:
        parts.append(f"{counts['waived']} 个已豁免")
    if result.errors:
        parts.append(f"{len(result.errors)} 个文件无法读取")
    return f"检查了 {result.checked} 个报告：" + ("，".join(parts) if parts else "没有发现问题")


FOLD = 3  # more findings than this of one rule in one table of a report are one line when folded
LISTED = 6  # rows of a folded group named, at most


def text(result: LintResult, colour: bool = False, waived: bool = True, fold: bool = False) -> str:
    """One line a finding, then the summary; without `waived`, waived
    findings are only counted in the summary. `fold`: more than FOLD
    findings of one rule in one table of a report (150 blank cells) are
    one line, at the first, naming the lines of the others, and the
    summary counts by rule."""
    lines = [escape.line(f"{e.path}:{e.line}:1: {e.message}") for e in result.errors]
    shown = [f for f in result.findings if waived or not f.waived]
    groups: dict[tuple[object, ...], list[Finding]] = {}
    for f in shown:
        groups.setdefault(_kind(f), []).append(f)
    for f in shown:
        group = groups[_kind(f)] if fold and f.table else [f]
        if len(group) > FOLD and f is not group[0]:
            continue  # said on the group's first line
        line = _line(f) if len(group) <= FOLD else _folded(group)
        if colour:
            line = COLOURS["waived" if f.waived else f.severity] + line + RESET
        lines.append(line)
    if fold and len({f.rule for f in shown}) > 1:
        titles = {r.id: r.title for r in result.rules.rules}
        counts = Counter(f.rule for f in shown)
        lines.append("按规则：" + "，".join(f"{rule} {titles.get(rule, '')} {n} 个" for rule, n in sorted(counts.items())))
    lines.append(summary(result))  # last, as a hook's output is read
    return "\n".join(lines) + "\n"


def _kind(f: Finding) -> tuple[object, ...]:
    return (f.path, f.rule, f.table, f.severity, f.waived is not None)


def _folded(group: list[Finding]) -> str:
    """The group's first finding, then its cells by row (a row whose every
    column is in it, as 「全部 N 列」), LISTED rows at most."""
    rows: dict[str, list[str]] = {}
    for f in group:
        rows.setdefault(f.row or "", []).append(f.column or "")
    spec = _spec(group[0].table or "")
    said = []
    for row, columns in list(rows.items())[:LISTED]:
        every = [c.key for c in spec.leaf_columns] if spec else []
        named = f"全部 {len(columns)} 列" if every and sorted(columns) == sorted(every) else "、".join(
            _label(spec, "columns", c) for c in columns)
        said.append(f"「{_label(spec, 'rows', row)}」{named}")
    more = f"等 {len(rows)} 行" if len(rows) > LISTED else ""
    return _line(group[0]) + escape.line(f"（同一张表中同类问题共 {len(group)} 处：{'；'.join(said)}{more}；--no-fold 逐条列出）")


def _spec(key: str) -> tpl.TableSpec | None:
    """The table as the newest template version that has it writes it."""
    for version in reversed(tpl.versions()):
        spec = tpl.load(version)
        if key in {t.key for t in spec.tables}:
            return spec.table(key)
    return None


def _label(spec: tpl.TableSpec | None, axis: str, key: str) -> str:
    heads = {h.key: h.label for h in (spec.rows if axis == "rows" else spec.columns)} if spec else {}
    return heads.get(key, key)


def as_json(result: LintResult) -> str:
    data = {
        "version": __version__,
        "columns": "col: Unicode code points; col_utf16: UTF-16 code units; both 1-based",
        "errors": [{"path": e.path, "line": e.line, "message": e.message} for e in result.errors],
        "findings": [
            {
                "rule": f.rule,
                "name": f.name,
                "severity": f.severity,
                "message": f.message,
                "path": f.path,
                "line": f.line,
                "col": f.col,
                "col_utf16": f.col_utf16,
                "cell": f.cell,
                "waived": f.waived,
            }
            for f in result.findings
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = ("path", "line", "col", "rule", "title", "severity", "message", "cell", "waived")


def as_csv(result: LintResult) -> str:
    """One finding a row (files that cannot be read: rule empty), with a BOM
    so that Excel and WPS read the Chinese; columns in code points."""
    titles = {r.id: r.title for r in result.rules.rules}
    rows = [(e.path, e.line, 1, "", "无法读取", Severity.ERROR, e.message, "", "") for e in result.errors]
    rows += [(f.path, f.line, f.col, f.rule, titles.get(f.rule, f.name), f.severity, f.message, f.cell or "",
              f.waived or "") for f in result.findings]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([CSV_FIELDS, *([escape.spreadsheet(v) for v in row] for row in rows)])
    return "\ufeff" + out.getvalue()


def _escape_data(value: str) -> str:
    return escape.line(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


ANNOTATIONS = 10  # GitHub shows this many annotations of each level in a step, and drops the rest
STEP_ROWS = 1000  # findings listed in a step's summary, which holds at most 1 MiB


def github(result: LintResult) -> str:
    """Workflow commands for the first ten findings of each level (all that
    GitHub shows on the files), a notice of how many more there are, then
    the plain report: the log, and the step's summary (`step_summary`), show
    everything."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out, shown, left = [], Counter[str](), 0
    for e in result.errors:
        shown["error"] += 1
        out.append(f"::error file={_escape_property(e.path)},line={e.line}::{_escape_data(e.message)}")
    for f in result.findings:
        kind = "notice" if f.waived else level[f.severity]
        if shown[kind] >= ANNOTATIONS:
            left += 1
            continue
        shown[kind] += 1
        props = f"file={_escape_property(f.path)},line={f.line},col={f.col_utf16},title={_escape_property(f.rule + ' ' + f.name)}"
        message = f.message + (f"（已豁免：{f.waived}）" if f.waived else "")
        out.append(f"::{kind} {props}::{_escape_data(message)}")
    if left:
        out.append(f"::notice::另有 {left} 个问题没有标注在文件上（每级最多标注 {ANNOTATIONS} 个）：全部问题见本步骤的摘要（Summary）和下面的日志")
    return "\n".join(out) + ("\n" if out else "") + text(result)


def step_summary(result: LintResult) -> str:
    """A workflow step's summary: the findings counted by rule, then each
    (the first STEP_ROWS) with its place, as HTML tables (GitHub's Markdown
    takes them as they are); every text escaped, report text is anyone's."""
    live = [f for f in result.findings if not f.waived]
    if not live and not result.errors:
        return f"## nianbao lint\n\n{summary(result)}\n"
    counts = Counter((f.rule, f.title or f.name, f.severity.zh) for f in live)
    places: list[tuple[str, ...]] = [(f"{e.path}:{e.line}", "", e.message) for e in result.errors]
    places += [(f"{f.path}:{f.line}:{f.col}", f.rule, f.message) for f in live]
    out = ["## nianbao lint", "", summary(result), "",
           _table(("规则", "名称", "级别", "个数"), [(*k, str(n)) for k, n in sorted(counts.items())]), "",
           _table(("位置", "规则", "说明"), places[:STEP_ROWS])]
    if len(places) > STEP_ROWS:
        out += ["", f"另有 {len(places) - STEP_ROWS} 个问题，见日志。"]
    return "\n".join(out) + "\n"


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    def cells(tag: str, values: tuple[str, ...]) -> str:
        return "".join(f"<{tag}>{html.escape(escape.line(v))}</{tag}>" for v in values)

    return f"<table><tr>{cells('th', head)}</tr>" + "".join(f"<tr>{cells('td', r)}</tr>" for r in rows) + "</table>"


def sarif(result: LintResult) -> str:
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    rules = [
        {
            "id": r.id,
            "name": r.name,
            "shortDescription": {"text": r.name},
            "fullDescription": {"text": r.message},
            "defaultConfiguration": {"level": level[r.severity]},
        }
        for r in result.rules.rules
    ]
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for f in result.findings:
        item = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": level[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path},
                        "region": {"startLine": f.line, "startColumn": f.col},
                    }
                }
            ],
        }
        if f.cell:
            item["properties"] = {"cell": f.cell}
        if f.waived:
            item["suppressions"] = [{"kind": "inSource", "justification": f.waived}]
        results.append(item)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nianbao",
                        "version": __version__,
                        "informationUri": "https://github.com/nianbao/nianbao",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[LintResult], str]] = {"json": as_json, "github": github, "sarif": sarif, "csv": as_csv}
