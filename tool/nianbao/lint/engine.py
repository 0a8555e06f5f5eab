"""Running the rules over a collection: parallel, cached, waivers applied.

Rules that read one report run in worker processes, each result cached by
the file's bytes and the rules; rules across years run afterwards on the
whole collection, and waivers are matched last.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from .. import __version__
from ..model import Report
from ..names import fold
from ..paths import find_sources
from ..source import SourceError, decode, parse
from . import rules as rules_module
from .checks import KINDS, Context, finding
from .finding import Finding
from .rules import Rule, RuleSet

CACHE = Path(".nianbao-cache") / "lint"
PARALLEL_FROM = 64  # below this, starting workers costs more than it saves


@dataclass
class LintResult:
    reports: dict[str, Report]
    findings: list[Finding]
    errors: list[SourceError]
    rules: RuleSet

    def blocking(self, path: str) -> list[Finding]:
        return [f for f in self.findings if f.path == path and f.blocking]

    def for_path(self, path: str) -> list[Finding]:
        return [f for f in self.findings if f.path == path]


@cache
def code_digest() -> str:
    """nianbao's own code and data: a cached result is only as good as them."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml") and path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _cross_year(rule: Rule) -> bool:
    return bool(rule.params.get("previous")) or rule.kind == "similarity"


def _run(rules: Sequence[Rule], ctx: Context) -> list[Finding]:
    version = ctx.report.meta.template
    return [f for rule in rules if rule.applies(version) for f in KINDS[rule.kind](rule, ctx)]


_worker_rules: RuleSet | None = None


def _init_worker(ruleset: RuleSet) -> None:
    global _worker_rules
    _worker_rules = ruleset


def _lint_one(path: str) -> tuple[str, Report | None, list[Finding], SourceError | None]:
    """Parse one file and run the single-report rules (in a worker)."""
    assert _worker_rules is not None
    ruleset = _worker_rules
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return path, None, [], SourceError(path, 1, f"无法读取文件：{exc.strerror}")
    key = hashlib.sha256(data + ruleset.digest.encode() + code_digest().encode()).hexdigest()
    cached = CACHE / key[:2] / key
    try:
        report, findings = pickle.loads(cached.read_bytes())
        # Keyed by content: the same bytes may have stood under another name.
        report.path = path
        return path, report, [replace(f, path=path) for f in findings], None
    except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError):
        pass
    try:
        report = parse(decode(data, path), path)
    except SourceError as exc:
        return path, None, [], exc
    single = [r for r in ruleset.rules if not _cross_year(r) and r.kind != "waivers"]
    findings = _run(single, Context(report, None, ruleset.settings))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}")
        tmp.write_bytes(pickle.dumps((report, findings), protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(cached)
    except OSError:
        pass  # a read-only tree lints as well, only slower
    return path, report, findings, None


def _previous(reports: dict[str, Report]) -> dict[str, Report]:
    """Each report's predecessor: the same organ's report on the year before."""
    by_organ = {(fold(r.meta.organ), r.meta.year): r for r in reports.values() if r.meta.organ}
    out = {}
    for path, report in reports.items():
        prev = by_organ.get((fold(report.meta.organ), report.meta.year - 1))
        if prev is not None:
            out[path] = prev
    return out


def _apply_waivers(report: Report, findings: list[Finding], rule: Rule | None) -> list[Finding]:
    used: set[int] = set()
    out = []
    for f in findings:
        for i, waiver in enumerate(report.meta.waivers):
            if waiver.rule == f.rule and waiver.cell in (None, f.cell):
                used.add(i)
                f = replace(f, waived=waiver.reason)
                break
        out.append(f)
    if rule is not None:
        for i, waiver in enumerate(report.meta.waivers):
            if i not in used:
                cell = f" {waiver.cell}" if waiver.cell else ""
                out.append(finding(rule, report, waiver.line, 1, waived_rule=waiver.rule, waived_cell=cell))
    return out


def lint_paths(
    paths: Sequence[Path | str],
    rules: Path | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    jobs: int | None = None,
) -> LintResult:
    ruleset = rules_module.load(rules).select(select, ignore)
    files = [str(p) for p in find_sources(paths)]
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(files) >= PARALLEL_FROM:
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(ruleset,)) as pool:
            results = list(pool.map(_lint_one, files, chunksize=max(1, len(files) // (jobs * 8))))
    else:
        _init_worker(ruleset)
        results = [_lint_one(f) for f in files]
    reports = {path: report for path, report, _, _ in results if report is not None}
    errors = [err for _, _, _, err in results if err is not None]
    previous = _previous(reports)
    cross = [r for r in ruleset.rules if _cross_year(r)]
    waiver_rule = next((r for r in ruleset.rules if r.kind == "waivers"), None)
    findings: list[Finding] = []
    for path, report, single, _ in results:
        if report is None:
            continue
        mine = single + (_run(cross, Context(report, previous[path], ruleset.settings)) if path in previous else [])
        findings += _apply_waivers(report, mine, waiver_rule)
    findings.sort(key=Finding.sort_key)
    return LintResult(reports, findings, errors, ruleset)
