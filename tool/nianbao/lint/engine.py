"""Running the rules over reports: one report's rules, a pair's (a report
and the same organ's report on the year before), and the waivers last.

What runs them over a collection (files, worker processes, the cache) is
the pipeline's (nianbao.pipeline); this module knows only reports and rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import Any, TypeVar

from ..model.finding import Finding
from ..model.report import Report, Waiver
from . import patterns
from .context import Context
from .kinds import CollectionContext, FindingsContext, Listed, registry
from .rules import Rule, RuleSet

T = TypeVar("T")


def _run(rules: Sequence[Rule], ctx: Context) -> list[Finding]:
    version = ctx.report.meta.template
    kinds = registry()
    out: list[Finding] = []
    for rule in rules:
        if rule.applies(version):
            found, slow = _budgeted(rule, ctx.report.path, lambda: list(kinds[rule.kind].check(rule, ctx)))  # a kind yields lazily
            out += [slow] if slow else found or []
    return out


def _budgeted(rule: Rule, path: str, work: Callable[[], T]) -> tuple[T | None, Finding | None]:
    """What `work` gives for a rule, on the rules' time budget (a rules
    file's patterns search within it); past it, nothing and the finding
    that says so."""
    try:
        with patterns.budget():
            return work(), None
    except patterns.TooSlow:
        return None, _too_slow(rule, path)


_UNFINISHED = "在这份报告上运行超过"


def unfinished(findings: list[Finding]) -> bool:
    """Whether a rule stopped on its time budget: such a result depends on
    the machine's speed and is not to be remembered."""
    return any(f.line == 1 and _UNFINISHED in f.message for f in findings)


def _too_slow(rule: Rule, path: str) -> Finding:
    """A rule whose searches ran past the budget: the report is not known to
    pass it, so the finding is as severe as the rule's own."""
    message = (f"规则 {rule.id} {_UNFINISHED} {patterns.seconds():g} 秒，已停止，本报告未按此规则检查完"
               f"（规则文件第 {rule.line} 行的正则表达式可能回溯过多，请简化；上限可用环境变量 {patterns.ENV} 调整）")
    return Finding(rule.id, rule.name, rule.severity, message, path, 1, 1, col_utf16=1, title=rule.title)


def check_report(ruleset: RuleSet, report: Report) -> list[Finding]:
    """The findings of the rules that read one report."""
    return _run(ruleset.scoped("report"), Context(report, None, ruleset.settings))


def check_pair(ruleset: RuleSet, report: Report, previous: Report) -> list[Finding]:
    """The findings of the rules across years, for a report and its predecessor."""
    return _run(ruleset.scoped("pair"), Context(report, previous, ruleset.settings))


def kept(ruleset: RuleSet, report: Report) -> tuple[dict[str, Any], list[Finding]]:
    """What each collection rule keeps of a report (its kind's `keep`), by
    rule id, each on the rules' time budget (a rules file's patterns run
    there too); a rule that ran past it keeps nothing and is a finding."""
    kinds = registry()
    out: dict[str, Any] = {}
    slow: list[Finding] = []
    for rule in ruleset.scoped("collection"):
        keep = kinds[rule.kind].keep
        if keep is not None and rule.applies(report.meta.template):
            value, too_slow = _budgeted(rule, report.path, partial(keep, rule, report, ruleset.settings))
            if too_slow:
                slow.append(too_slow)
            else:
                out[rule.id] = value
    return out, slow


def check_collection(ruleset: RuleSet, reports: tuple[Listed, ...]) -> list[Finding]:
    """The findings of the rules that read the whole collection (scope "collection")."""
    ctx = CollectionContext(reports, ruleset.settings)
    kinds = registry()
    return [f for rule in ruleset.scoped("collection") for f in kinds[rule.kind].check(rule, ctx)]


def apply_waivers(path: str, waivers: tuple[Waiver, ...], findings: list[Finding], ruleset: RuleSet) -> list[Finding]:
    """Findings marked with the first waiver that covers each, then the
    findings of the rules that read them (scope "findings")."""
    out = []
    for f in findings:
        waiver = next((w for w in waivers if w.covers(f.rule, f.cell)), None)
        out.append(replace(f, waived=waiver.reason) if waiver else f)
    ctx = FindingsContext(path, waivers, findings)
    kinds = registry()
    return out + [f for rule in ruleset.scoped("findings") for f in kinds[rule.kind].check(rule, ctx)]
