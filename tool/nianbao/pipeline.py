"""The per-report pipeline: read → parse → check → render, over a collection.

It owns what running over thousands of files needs: finding them, the
worker processes, the cache of results (by the bytes of each source, the
rules and nianbao's code). `nianbao lint` runs it to check; `nianbao build`
also hands it a render stage, run in the worker while the report is parsed.
The linter (nianbao.lint) knows only reports and rules; the portal only
what this module returns.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from importlib import metadata
from itertools import chain
from pathlib import Path
from typing import Any

import orjson

from . import __version__
from .base import atomic
from .base.paths import cache_dir, find_sources, made_cache_dir, read_source, reason
from .base.workers import Workers
from .lint import rules as rules_module
from .lint.engine import apply_waivers, check_collection, check_pair, check_report, kept, unfinished
from .lint.kinds import Listed
from .lint.rules import RuleSet
from .lint.rules import default_path as default_rules
from .model import template as tpl
from .model.finding import Finding, RuleNote, Severity
from .model.names import organ_key
from .model.report import Report, Waiver
from .model.source import SourceError, decode, parse

CACHE = "lint.json"  # in paths.cache_dir(); one file: a collection is thousands of reports
CACHE_BYTES = 256 << 20  # the cache file at most: a few versions of a large collection
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

    def notes(self) -> tuple[RuleNote, ...]:
        """The rules it ran, as readers are told of them."""
        return tuple(RuleNote(r.id, r.title, r.severity, r.explained(), r.advice, r.templates) for r in self.rules.rules)

    @property
    def unfinished(self) -> bool:
        """Whether a rule stopped on its time budget somewhere: a result that
        depends on the machine's speed, not to be remembered."""
        return unfinished(self.findings)

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


def organ_aliases(rules: Path | None = None) -> tuple[tuple[str, str], ...]:
    """settings.organ_aliases of the rules a run with `rules` reads: what
    the portal keys organ pages by, as the across-year rules do."""
    return tuple(sorted(rules_module.load(rules).settings.organ_aliases.items()))


def rules_digest(rules: Path | None = None) -> str:
    """Of the rules file a run with `rules` reads (the collection's or
    nianbao's by default): what a report's page depends on besides its source."""
    path = rules or default_rules()
    return hashlib.sha256(path.read_bytes() if path.is_file() else b"").hexdigest()


@cache
def code_digest() -> str:
    """nianbao's own code and data, and the versions of the libraries that
    shape what it reads and writes: a cached result is only as good as them."""
    package = Path(__file__).resolve().parent
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


# The stage after check, called in the worker with each report it parses,
# its findings so far (single-report rules, its own waivers applied) and the
# digest of the bytes it was parsed from: the builder renders the report's
# page while the report is at hand. Rules across years may still add
# findings; the builder then renders it again.
Render = Callable[[Report, list[Finding], str], None]

# A report's content key -> its facts and findings; the keys of a report
# and its predecessor, joined -> the findings of the rules across years.
_Cached = dict[str, Any]

_worker_rules: RuleSet | None = None
_worker_render: Render | None = None


def _init_worker(ruleset: RuleSet, render: Render | None = None) -> None:
    global _worker_rules, _worker_render
    _worker_rules, _worker_render = ruleset, render


@dataclass(frozen=True)
class _Facts:
    """What the collection-wide pass needs of a report, kept small so that
    ten thousand of them fit in memory."""

    organ: str
    year: int
    slug: str
    slug_line: int
    waivers: tuple[Waiver, ...]
    organ_key: str = ""  # names.organ_key: the same organ under two names is one
    kept: dict[str, Any] = field(default_factory=dict)  # what the collection rules keep of it (engine.kept)


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
        return read_source(path), None
    except OSError as exc:
        return None, SourceError(path, 1, f"无法读取文件：{reason(exc)}")


def source_digest(data: bytes) -> str:
    """The digest of a source's bytes (LintResult.digests): the builder keys
    a report's files and its no-op check by it."""
    return hashlib.sha256(data).hexdigest()


def source_digests(files: Sequence[str]) -> dict[str, str]:
    """Each of `files` (as find_sources gives them) -> its digest, "" when
    unreadable: what run() would give as LintResult.digests, without checking."""
    return {p: "" if (data := _read(p)[0]) is None else source_digest(data) for p in files}


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
    found = _cached(cache, key)
    if not isinstance(found, tuple):  # none, or a pair's entry under a report's key
        return None
    facts, findings = found
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
    findings = check_report(ruleset, report)
    meta = report.meta
    sketches, slow = kept(ruleset, report)
    findings += slow
    facts = _Facts(meta.organ, meta.year, meta.slug, meta.lines.get("slug", 1), meta.waivers,
                   organ_key(meta.organ, meta.region_code, meta.region_names, ruleset.settings.organ_aliases),
                   sketches)
    if _worker_render is not None:
        own = apply_waivers(path, facts.waivers, findings, ruleset)
        _worker_render(report, sorted(own, key=Finding.sort_key), digest)
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
    return check_pair(_worker_rules, reports[0], reports[1])


def _pairs(outcomes: list[_Outcome]) -> list[tuple[str, str]]:
    """Each report with its predecessor: the same organ's report on the year before."""
    by_organ = {(o.facts.organ_key, o.facts.year): o.path for o in outcomes if o.facts and o.facts.organ}
    return [
        (o.path, by_organ[(o.facts.organ_key, o.facts.year - 1)])
        for o in outcomes
        if o.facts and (o.facts.organ_key, o.facts.year - 1) in by_organ
    ]


def _load_cache() -> _Cached:
    """The cache as JSON data, each entry as written: only those this run
    looks up are rebuilt into records (`_cached`); a cache also holds the
    results of earlier versions of nianbao and of the rules, which no run
    of this one asks for. Anyone may have written the file (a pull request
    can add it), so it is data, never code, and anything that is not a
    cache is no cache."""
    try:
        path = cache_dir() / CACHE
        if path.is_symlink() or path.stat().st_size > CACHE_BYTES:
            return {}
        raw = orjson.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def _cached(cache: _Cached, key: str) -> Any:
    """The entry `key` of the cache rebuilt field by field; None when there
    is none or it is not a cache entry (then it is dropped, for this run's
    result to take its place)."""
    if key not in cache:
        return None
    try:
        return _decode(cache[key])
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        del cache[key]
        return None


def _finding(data: dict[str, Any]) -> Finding:
    fields = {f.name: data[f.name] for f in dataclasses.fields(Finding) if f.name in data}
    if fields.get("severity") not in tuple(Severity):
        raise TypeError("not a finding")
    fields["severity"] = Severity(fields["severity"])
    found = Finding(**fields)
    if not all(isinstance(getattr(found, k), (str, int, type(None))) for k in fields):
        raise TypeError("not a finding")
    return found


def _decode(value: Any) -> Any:
    """One cache entry: a report's facts and findings, or a pair's findings."""
    if isinstance(value, dict) and "facts" in value:
        facts = dict(value["facts"])
        waivers = tuple(
            Waiver(str(w["rule"]), str(w["reason"]), None if w["cell"] is None else str(w["cell"]), int(w["line"]))
            for w in facts.pop("waivers")
        )
        if not isinstance(facts["kept"], dict):
            raise TypeError("not a cache")
        return (_Facts(str(facts["organ"]), int(facts["year"]), str(facts["slug"]), int(facts["slug_line"]), waivers,
                       str(facts["organ_key"]), {str(k): v for k, v in facts["kept"].items()}),
                [_finding(f) for f in value["findings"]])
    return [_finding(f) for f in value["pair"]]


def _encode(value: Any) -> Any:
    if isinstance(value, tuple):
        return {"facts": value[0], "findings": value[1]}
    return {"pair": value}


def _save_cache(cache: _Cached, run: _Cached) -> None:
    """Add this run's results, newest last; past CACHE_BYTES the oldest go
    (this run's stay). One file linted (the pre-commit hook) keeps the
    collection's results. Written entry by entry, never whole in memory:
    a hundred thousand reports make a hundred megabytes."""
    if run.keys() <= cache.keys():
        return
    older = [(k, v) for k, v in cache.items() if k not in run]  # as read: JSON data
    new = [(k, _encode(v)) for k, v in run.items()]

    def piece(key: str, value: Any) -> bytes:
        return orjson.dumps(key) + b":" + orjson.dumps(value)

    def writable(key: str, value: Any) -> bytes | None:
        try:
            return piece(key, value)
        except orjson.JSONEncodeError:  # nested deeper than orjson writes (it reads deeper): no entry of ours
            return None

    room = CACHE_BYTES - 1 - sum(len(piece(k, v)) + 1 for k, v in new)  # "{", and "," or "}" after each
    staying: list[int] = []  # of the older entries, newest first, while there is room
    for i in reversed(range(len(older))):
        found = writable(*older[i])
        if found is None:
            continue
        if len(found) + 1 > room:
            break
        room -= len(found) + 1
        staying.append(i)

    def written() -> Iterator[bytes]:
        yield b"{"
        for n, found in enumerate(chain((writable(*older[i]) for i in reversed(staying)), (piece(k, v) for k, v in new))):
            yield (b"," if n else b"") + (found or b"")
        yield b"}"

    try:
        atomic.write_bytes(made_cache_dir() / CACHE, written())
    except OSError:
        pass  # a read-only tree lints as well, only slower


def run(
    paths: Sequence[Path | str],
    rules: Path | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    jobs: int | None = None,
    render: Render | None = None,
) -> LintResult:
    """Check every source under `paths` (and render each, when given a
    render stage), keeping only findings and each report's year and slug,
    so that a large collection is checked in little memory."""
    ruleset = rules_module.load(rules).select(select, ignore)
    files = find_sources(paths)
    cache = _load_cache()
    known = {f: _known(f, ruleset, cache) if cache else None for f in files}  # no cache: the workers read
    with Workers(_init_worker, (ruleset, render), jobs) as workers:
        fresh = workers.map(_lint_one, [f for f in files if known[f] is None])
        outcomes = [known[f] or next(fresh) for f in files]
        keys = {o.path: o.key for o in outcomes}
        pairs = _pairs(outcomes)
        paired = {path: _cached(cache, keys[path] + keys[prev]) for path, prev in pairs}
        cross = {path: _renamed(found, path) for path, found in paired.items() if isinstance(found, list)}
        chains = {o.path: (o.facts.organ_key, o.facts.year) for o in outcomes if o.facts}
        todo = sorted(((path, prev) for path, prev in pairs if path not in cross), key=lambda pair: chains[pair[0]])
        cross |= dict(zip((path for path, _ in todo), workers.map(_cross_one, todo)))
    run: _Cached = {o.key: (o.facts, o.findings) for o in outcomes if o.facts is not None and not unfinished(o.findings)}
    _save_cache(cache, run | {keys[path] + keys[prev]: cross[path] for path, prev in pairs if not unfinished(cross[path])})
    listed = tuple(Listed(o.path, o.facts.organ, o.facts.year, o.facts.slug, o.facts.slug_line, o.facts.organ_key, o.facts.kept)
                   for o in outcomes if o.facts)
    for f in check_collection(ruleset, listed):
        cross.setdefault(f.path, []).append(f)
    findings: list[Finding] = []
    for o in outcomes:
        if o.facts is not None:
            findings += apply_waivers(o.path, o.facts.waivers, o.findings + cross.get(o.path, []), ruleset)
    findings.sort(key=Finding.sort_key)
    reports = {o.path: (o.facts.year, o.facts.slug) for o in outcomes if o.facts}
    digests = {o.path: o.digest for o in outcomes}
    return LintResult(findings, [o.error for o in outcomes if o.error], ruleset, len(files), reports, digests)
