"""Running the rules over a collection: parallel, cached, waivers applied.

Rules that read one report run in worker processes, each result cached by
the file's bytes and the rules; rules across years run afterwards on the
whole collection, and waivers are matched last.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__
from .. import template as tpl
from ..model import Report, Waiver
from ..names import fold
from ..paths import cache_dir, find_sources
from ..workers import Workers
from ..source import SourceError, decode, parse
from . import rules as rules_module
from .context import Context
from .kinds import FindingsContext, registry
from .finding import Finding
from .rules import Rule, RuleSet

CACHE = "lint.pickle"  # in paths.cache_dir(); one file: a collection is thousands of reports
CACHE_SIZE = 50_000  # results kept: a few versions of a large collection
LIBRARIES = ("pyromark", "pyyaml", "evalidate", "rapidfuzz", "markdown-it-py", "jinja2", "orjson", "pypinyin", "pagefind")


@dataclass
class LintResult:
    findings: list[Finding]
    errors: list[SourceError]
    rules: RuleSet
    checked: int
    reports: dict[str, tuple[int, str]]  # path -> (year, slug) of every readable source
    digests: dict[str, str]  # every path -> digest of the bytes linted ("" when unreadable)

    def readable(self) -> list[str]:
        return sorted(self.reports)

    def blocking(self, path: str) -> list[Finding]:
        return [f for f in self.for_path(path) if f.blocking]

    def for_path(self, path: str) -> list[Finding]:
        return self._by_path.get(path, [])

    @cached_property
    def _by_path(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            out[f.path].append(f)
        return out


@cache
def code_digest() -> str:
    """nianbao's own code and data, and the versions of the libraries that
    shape what it reads and writes: a cached result is only as good as them."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml") and path.is_file():
            digest.update(path.read_bytes())
    digest.update(tpl.digest().encode())  # the template in use (NIANBAO_TEMPLATE)
    for library in LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(library.encode())
    return digest.hexdigest()


def _run(rules: Sequence[Rule], ctx: Context) -> list[Finding]:
    version = ctx.report.meta.template
    kinds = registry()
    return [f for rule in rules if rule.applies(version) for f in kinds[rule.kind].check(rule, ctx)]


# Called in the worker with each report it parses, its findings so far
# (single-report rules, its own waivers applied) and the digest of the bytes
# it was parsed from: the builder renders the report's page while the report
# is at hand. Rules across years may still add findings; it then renders again.
Prepare = Callable[[Report, list[Finding], str], None]

# A report's content key -> its facts and findings; the keys of a report
# and its predecessor, joined -> the findings of the rules across years.
_Cached = dict[str, Any]

_worker_rules: RuleSet | None = None
_worker_prepare: Prepare | None = None


def _init_worker(ruleset: RuleSet, prepare: Prepare | None = None) -> None:
    global _worker_rules, _worker_prepare
    _worker_rules, _worker_prepare = ruleset, prepare


@dataclass(frozen=True)
class _Facts:
    """What the collection-wide pass needs of a report, kept small so that
    ten thousand of them fit in memory."""

    organ: str
    year: int
    slug: str
    waivers: tuple[Waiver, ...]


@dataclass(frozen=True)
class _Outcome:
    path: str
    facts: _Facts | None
    findings: list[Finding]
    error: SourceError | None = None
    digest: str = ""  # of the bytes linted
    key: str = ""  # of the content and the rules, for the cache


def _read(path: str) -> tuple[bytes | None, SourceError | None]:
    try:
        with open(path, "rb") as f:
            return f.read(), None
    except OSError as exc:
        return None, SourceError(path, 1, f"无法读取文件：{exc.strerror}")


def source_digest(data: bytes) -> str:
    """The digest of a source's bytes (LintResult.digests): the builder keys
    a report's files and its no-op check by it."""
    return hashlib.sha256(data).hexdigest()


def source_digests(paths: Sequence[Path | str]) -> dict[str, str]:
    """Every source under `paths` -> its digest, "" when unreadable: what
    lint_paths would give as LintResult.digests, without linting."""
    return {p: "" if (data := _read(p)[0]) is None else source_digest(data) for p in find_sources(paths)}


def _keys(data: bytes, ruleset: RuleSet) -> tuple[str, str]:
    """The digest of a source's bytes, and its key in the cache (the rules
    and nianbao's code too)."""
    digest = source_digest(data)
    return digest, hashlib.sha256((digest + ruleset.digest + code_digest()).encode()).hexdigest()


def _renamed(findings: list[Finding], path: str) -> list[Finding]:
    """Cached findings are keyed by content: the same bytes may have stood
    under another name."""
    return [replace(f, path=path) for f in findings]


def _known(path: str, ruleset: RuleSet, cache: _Cached) -> _Outcome | None:
    """The outcome of a file that cannot be read or whose content is cached
    (in this process: a warm run starts no worker)."""
    data, error = _read(path)
    if data is None:
        return _Outcome(path, None, [], error)
    digest, key = _keys(data, ruleset)
    if key not in cache:
        return None
    facts, findings = cache[key]
    return _Outcome(path, facts, _renamed(findings, path), digest=digest, key=key)


def _lint_one(path: str) -> _Outcome:
    """Parse one file and run the single-report rules (in a worker)."""
    assert _worker_rules is not None
    ruleset = _worker_rules
    data, error = _read(path)
    if data is None:
        return _Outcome(path, None, [], error)
    digest, key = _keys(data, ruleset)
    try:
        report = parse(decode(data, path), path)
    except SourceError as exc:
        return _Outcome(path, None, [], exc, digest=digest)
    findings = _run(ruleset.scoped("report"), Context(report, None, ruleset.settings))
    facts = _Facts(report.meta.organ, report.meta.year, report.meta.slug, report.meta.waivers)
    if _worker_prepare is not None:
        own = _apply_waivers(path, facts.waivers, findings, ruleset.scoped("findings"))
        _worker_prepare(report, sorted(own, key=Finding.sort_key), digest)
    return _Outcome(path, facts, findings, digest=digest, key=key)


@lru_cache(maxsize=4)
def _parsed(path: str, data: bytes) -> Report:
    """A report parsed for the rules across years, kept for the next pair:
    an organ's reports come in a chain, each one first the report and then
    the predecessor. Keyed by content, so a long-lived process sees edits."""
    return parse(decode(data, path), path)


def _cross_one(pair: tuple[str, str]) -> list[Finding]:
    """Rules across years for one report and its predecessor (in a worker)."""
    assert _worker_rules is not None
    reports = [_parsed(p, _read(p)[0] or b"") for p in pair]
    return _run(_worker_rules.scoped("pair"), Context(reports[0], reports[1], _worker_rules.settings))


def _pairs(outcomes: list[_Outcome]) -> list[tuple[str, str]]:
    """Each report with its predecessor: the same organ's report on the year before."""
    by_organ = {(fold(o.facts.organ), o.facts.year): o.path for o in outcomes if o.facts and o.facts.organ}
    return [
        (o.path, by_organ[(fold(o.facts.organ), o.facts.year - 1)])
        for o in outcomes
        if o.facts and (fold(o.facts.organ), o.facts.year - 1) in by_organ
    ]


def _load_cache() -> _Cached:
    try:
        cache = pickle.loads((cache_dir() / CACHE).read_bytes())
    except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError, ImportError):
        return {}
    return cache if isinstance(cache, dict) else {}


def _save_cache(cache: _Cached, run: _Cached) -> None:
    """Add this run's results, newest last; past CACHE_SIZE the oldest go.
    One file linted (the pre-commit hook) keeps the collection's results."""
    if run.keys() <= cache.keys():
        return
    kept = {k: v for k, v in cache.items() if k not in run} | run
    kept = dict(list(kept.items())[-max(CACHE_SIZE, len(run)) :])
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{CACHE}.{os.getpid()}"
        temporary.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(folder / CACHE)
    except OSError:
        pass  # a read-only tree lints as well, only slower


def _apply_waivers(
    path: str, waivers: tuple[Waiver, ...], findings: list[Finding], rules: Sequence[Rule]
) -> list[Finding]:
    """Findings marked with the first waiver that covers each, then the
    findings of the rules that read them (scope "findings")."""
    out = []
    for f in findings:
        waiver = next((w for w in waivers if w.covers(f.rule, f.cell)), None)
        out.append(replace(f, waived=waiver.reason) if waiver else f)
    ctx = FindingsContext(path, waivers, findings)
    kinds = registry()
    return out + [f for rule in rules for f in kinds[rule.kind].check(rule, ctx)]


def lint_paths(
    paths: Sequence[Path | str],
    rules: Path | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    jobs: int | None = None,
    prepare: Prepare | None = None,
) -> LintResult:
    """Lint every source under `paths`, keeping only findings and each
    report's year and slug, so that a large collection is linted in little
    memory."""
    ruleset = rules_module.load(rules).select(select, ignore)
    files = find_sources(paths)
    cache = _load_cache()
    known = {f: _known(f, ruleset, cache) if cache else None for f in files}  # no cache: the workers read
    with Workers(_init_worker, (ruleset, prepare), jobs) as workers:
        fresh = workers.map(_lint_one, [f for f in files if known[f] is None])
        outcomes = [known[f] or next(fresh) for f in files]
        keys = {o.path: o.key for o in outcomes}
        pairs = _pairs(outcomes)
        cross = {path: _renamed(cache[keys[path] + keys[prev]], path) for path, prev in pairs if keys[path] + keys[prev] in cache}
        chains = {o.path: (fold(o.facts.organ), o.facts.year) for o in outcomes if o.facts}
        todo = sorted(((path, prev) for path, prev in pairs if path not in cross), key=lambda pair: chains[pair[0]])
        cross |= dict(zip((path for path, _ in todo), workers.map(_cross_one, todo)))
    run: _Cached = {o.key: (o.facts, o.findings) for o in outcomes if o.facts is not None}
    _save_cache(cache, run | {keys[path] + keys[prev]: cross[path] for path, prev in pairs})
    findings: list[Finding] = []
    for o in outcomes:
        if o.facts is not None:
            own = o.findings + cross.get(o.path, [])
            findings += _apply_waivers(o.path, o.facts.waivers, own, ruleset.scoped("findings"))
    findings.sort(key=Finding.sort_key)
    reports = {o.path: (o.facts.year, o.facts.slug) for o in outcomes if o.facts}
    digests = {o.path: o.digest for o in outcomes}
    return LintResult(findings, [o.error for o in outcomes if o.error], ruleset, len(files), reports, digests)
