"""The example each check kind documents in its docstring (after a line
`Example::`), and the means to run it: one rule alone, on the clean town
report edited as the example says.

An example is YAML with
- `rule`: a rule as rules.yaml writes it (and `settings`, when the kind
  reads some);
- `passes` and `fails`: edits of the clean report (content/reports/
  hongqiquxiaodianzhen-2025.md, a real report with no finding at all) after
  which the rule is silent, and after which it finds exactly `says` (the
  messages, in order);
- optionally `previous`: edits of the same report, written as the organ's
  report on the year before, and `beside`: edits of a second report of the
  collection (another file).

An edit is `{replace: old, with: new}` (text that must be in the report),
`{row: label, cells: [...]}` (a table row's values, from the first column)
or `{section: heading, with: text}` (all that stands under a heading).
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from conftest import REPORTS
from kinds_doc import MARK

from nianbao import pipeline

CLEAN = REPORTS / "hongqiquxiaodianzhen-2025.md"


@dataclass(frozen=True)
class Example:
    rule: dict[str, Any]
    settings: dict[str, Any]
    passes: list[dict[str, Any]]
    fails: list[dict[str, Any]]
    says: list[str]
    previous: list[dict[str, Any]] | None
    beside: list[dict[str, Any]] | None


def documented(kind: str) -> Example:
    """The example in the docstring of the kind's module."""
    doc = inspect.cleandoc(importlib.import_module(f"nianbao.lint.kinds.{kind}").__doc__ or "")
    assert MARK in doc, f"the docstring of kind {kind} has no {MARK}"
    raw = yaml.safe_load(inspect.cleandoc(doc.split(MARK, 1)[1]))
    return Example(raw["rule"], raw.get("settings", {}), raw.get("passes") or [], raw["fails"], raw["says"],
                   raw.get("previous"), raw.get("beside"))


def edited(edits: list[dict[str, Any]], text: str | None = None) -> str:
    """The clean report (or `text`) with `edits` made; each edit must apply."""
    text = CLEAN.read_text(encoding="utf-8") if text is None else text
    for edit in edits:
        if "replace" in edit:
            assert edit["replace"] in text, f"not in the report: {edit['replace']!r}"
            text = text.replace(edit["replace"], edit["with"], 1)
            continue
        lines = text.split("\n")
        if "section" in edit:
            start = lines.index(edit["section"]) + 1
            end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
            text = "\n".join([*lines[:start], "", edit["with"], "", *lines[end:]])
            continue
        (at,) = [i for i, line in enumerate(lines) if line.startswith(f"| {edit['row']} ")]
        cells = lines[at].split("|")
        for i, value in enumerate(edit["cells"]):
            cells[i + 2] = f" {value} "
        lines[at] = "|".join(cells)
        text = "\n".join(lines)
    return text


def messages(
    folder: Path,
    example: Example,
    edits: list[dict[str, Any]],
    previous: list[dict[str, Any]] | None = None,
    beside: list[dict[str, Any]] | None = None,
) -> list[str]:
    """The messages of the example's rule, run alone on the clean report
    with `edits` (and the year before and a second report, when given), in
    order of line."""
    reports = folder / "reports"
    reports.mkdir(parents=True)
    (reports / "report.md").write_text(edited(edits), encoding="utf-8")
    if previous is not None:
        (reports / "before.md").write_text(edited(previous).replace("2025", "2024"), encoding="utf-8")
    if beside is not None:
        (reports / "other.md").write_text(edited(beside), encoding="utf-8")
    rules = folder / "rules.yaml"
    rules.write_text(yaml.safe_dump({"settings": example.settings, "rules": [example.rule]}, allow_unicode=True),
                     encoding="utf-8")
    with contextlib.chdir(folder):  # the messages name files as the user does: reports/other.md
        result = pipeline.run([Path("reports")], rules=Path("rules.yaml"), jobs=1)
    found = [f for f in result.findings if f.path == "reports/report.md" and not f.waived]
    return [f.message for f in sorted(found, key=lambda f: (f.line, f.col))]


@dataclass(frozen=True)
class Case:
    """One case of a kind's tests: edits of the clean report and the
    messages the kind's documented rule finds then (the year before and the
    second report as the example has them, unless the case says)."""

    name: str
    edits: list[dict[str, Any]]
    says: list[str]
    previous: list[dict[str, Any]] | None
    beside: list[dict[str, Any]] | None
    example: Example

    def __str__(self) -> str:
        return self.name


def cases(kind: str, more: list[dict[str, Any]]) -> list[Case]:
    """The documented example's two cases, then `more` (each: name, edits,
    says, and optionally previous and beside)."""
    example = documented(kind)
    given = [{"name": "the documented example passes", "edits": example.passes, "says": []},
             {"name": "the documented example fails", "edits": example.fails, "says": example.says}, *more]
    return [Case(c["name"], c["edits"], c["says"], c.get("previous", example.previous), c.get("beside", example.beside),
                 example) for c in given]


def found(folder: Path, case: Case) -> list[str]:
    """What the kind's documented rule finds in the case's report."""
    return messages(folder, case.example, case.edits, case.previous, case.beside)
