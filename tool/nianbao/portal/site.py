"""`nianbao build`: passing reports -> a static portal and its data.

The site is written into a fresh folder beside the output and swapped in
only when complete (swap.py), so a failed or interrupted build leaves the
previous site as it was. The linter's workers render the report pages as they
parse (reports.prepare); then every published report is made sure of
(reports.place: as prepared, linked from the previous build, or rendered
when rules across years changed its findings); Pagefind indexes them while
the collection files in data/ and the index pages are written. The site
replaced is moved into the cache and deleted there in the background.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path

from .. import pipeline
from ..base.paths import OWN_THEME, cache_dir, find_sources, made_cache_dir
from ..base.workers import Workers
from ..model import template as tpl
from ..model.finding import Finding
from ..pipeline import LintResult
from . import data, database, files, indexes, last_build, records, render, reports, swap
from . import withheld as withheld_reports
from .pages.failed import link as failed_link
from .records import Entry, Failure, Job, Options, Trees, report_url
from .search import index as search_index

THEME = Path(__file__).parent / "theme"  # the portal's templates and static files, installed with nianbao


def theme(own: Path | None = None) -> tuple[Path, ...]:
    """The template folders a build reads, the first that has a file
    winning (as a Hugo site's files override its theme's): `own` (--templates)
    or the working folder's site_templates/, then nianbao's own."""
    own = own if own is not None else OWN_THEME if OWN_THEME.is_dir() else None
    return (own, THEME) if own is not None else (THEME,)


BATCH = 50  # reports a worker handles at a time
TRASH = "replaced"  # in the build's cache folder: the site it replaced, being deleted


@dataclass
class Summary:
    published: list[str] = field(default_factory=list)
    withheld: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: bool = False  # nothing the build reads changed: the site was kept
    unreadable: int = 0  # sources that could not be read or parsed (among the withheld)


def _write(root: Path, relative: str, text: files.Text) -> None:
    path = root / relative
    files.folder(path.parent)
    files.write(path, text)


def _collection(trees: Trees, jobs: list[Job], failures: list[Failure]) -> tuple[list[Entry], list[Failure]]:
    """data/: the whole collection, from the placed reports' files, then
    the withheld reports' numbers as published (reports.csv marks them
    未通过; a slug already published is not listed twice). Returns the
    published reports' index entries and the withheld reports listed."""
    folder = trees.site / "data"
    folder.mkdir(parents=True, exist_ok=True)
    entries: list[Entry] = []
    withheld: list[Failure] = []
    with ExitStack() as stack:  # every version's file, each with its header, though it hold no report
        cells = {version: stack.enter_context(open(folder / data.cells_file(version), "wb")) for version in tpl.versions()}
        for version, file in cells.items():
            file.write(data.cells_header(version).encode())
        for job in jobs:
            entry, line = reports.collect(trees, job.url)
            cells[entry.template].write(line)
            entries.append(entry)
        slugs = {e.slug for e in entries}
        for failure in failures:
            if failure.row is not None and failure.slug not in slugs:
                slugs.add(failure.slug)
                withheld.append(failure)
                cells[failure.template].write(failure.cells.encode())
    rows = (data.report_row(report=e.slug, organ=e.organ, kind=e.kind, year=e.year, template=e.template, region_code=e.region_code,
                            region_names=e.region_names, published=e.published, source_url=e.source_url, url=e.url, status=e.status)
            for e in entries)
    _write(trees.site, "data/reports.csv", data.csv_table(data.REPORT_FIELDS, chain(rows, (f.row for f in withheld if f.row is not None))))
    _write(trees.site, "data/dictionary.csv", data.to_csv(data.DICTIONARY_FIELDS, data.dictionary_rows()))
    newest = max((e.published or "" for e in entries), default="")
    _write(trees.site, "data/datapackage.json", data.to_json(data.datapackage(data.created(newest))))
    _write(trees.site, "data/report.schema.json", data.to_json(data.report_schema()))
    return entries, withheld


def _withheld_documents(trees: Trees, options: Options, failures: list[Failure]) -> list[tuple[str, int]]:
    """A search document for each report the checks withheld, so that every
    organ with a report is found by its name: it leads to the report's
    entry on the failures page. (URL, size) of each, as search.index takes them."""
    out = []
    for i, failure in enumerate(failures, start=1):
        url = f"failed/{i}/"  # the document's name; the result links to its place on the failures pages
        text = render.page(options.templates, options.base, "_search_failed.html", feed=False, failure=failure,
                           link=failed_link(i))
        files.write(trees.documents / records.document(url), text)
        out.append((url, len(text.encode())))
    return out


def _findings(trees: Trees, result: LintResult, jobs: list[Job], entries: list[Entry], failures: list[Failure]) -> None:
    """data/findings.csv and .json: every finding of every readable report,
    published or not."""
    def rows() -> Iterator[dict[str, object]]:
        for job, entry in zip(jobs, entries):
            yield from _finding_rows(entry.slug, entry.year, entry.organ, True, result.for_path(job.path))
        for f in failures:
            yield from _finding_rows(f.slug, f.year, f.organ, False, f.findings)

    _write(trees.site, "data/findings.csv", data.csv_table(data.FINDING_FIELDS, rows()))
    _write(trees.site, "data/findings.json", data.json_list(rows()))


def _finding_rows(slug: str, year: int | None, organ: str, published: bool, findings: Sequence[Finding]) -> list[dict]:
    return [
        {"report": slug, "year": year, "organ": organ, "published": "true" if published else "false", "rule": f.rule,
         "title": f.title, "severity": f.severity, "message": f.message, "cell": f.cell, "line": f.line,
         "waived": f.waived}
        for f in findings
    ]


def publishable(result: LintResult, summary: Summary) -> list[str]:
    """Sources without unwaived errors, one per slug; the rest are withheld."""
    out: list[str] = []
    seen: dict[str, str] = {}
    for error in result.errors:
        summary.withheld.append((error.path, [f"{error.line}:1: {error.message}"]))
        summary.unreadable += 1
    for path in result.readable():
        blocking = result.blocking(path)
        slug = result.reports[path][1]
        if blocking:
            summary.withheld.append((path, [f"{f.line}:{f.col}: {f.rule} {f.message}" for f in blocking[:3]]))
        elif slug in seen:
            summary.withheld.append((path, [f"slug「{slug}」与 {seen[slug]} 重复"]))
        else:
            seen[slug] = path
            out.append(path)
            summary.published.append(path)
    return out


def _jobs(result: LintResult, paths: list[str], base_key: str) -> list[Job]:
    urls = {path: report_url(*place) for path, place in result.reports.items()}
    counts = Counter(urls.values())
    return [
        Job(p, urls[p], result.for_path(p), records.key(result.digests[p], result.for_path(p), base_key),
            counts[urls[p]] > 1)
        for p in paths
    ]


def _drop_unpublished(result: LintResult, jobs: list[Job], trees: Trees) -> None:
    """Remove what was prepared for reports that in the end are withheld."""
    published = {job.url for job in jobs}
    for year, slug in result.reports.values():
        url = report_url(year, slug)
        if url not in published:
            reports.remove(trees, url)


class _Kept:
    """Pages whose inputs (pages.Page.inputs) are as the last build's,
    linked from its site instead of rendered again; the inputs of this
    build's, remembered among its search documents (which belong to its site)."""

    FILE = ".pages.json"

    def __init__(self, trees: Trees, base_key: str) -> None:
        self.trees, self.base_key, self.keys = trees, base_key, dict[str, str]()
        self.before = files.remembered(trees.previous_documents / self.FILE) if trees.previous_documents else {}

    def __call__(self, file: str, inputs: str) -> bool:
        key = self.keys[file] = hashlib.sha256(f"{self.base_key} {inputs}".encode()).hexdigest()
        previous = files.inside(self.trees.previous_site, file)
        if self.before.get(file) != key or previous is None:
            return False
        try:
            files.folder((self.trees.site / file).parent)
            files.link(previous, self.trees.site / file)
        except OSError:
            return False
        return True

    def remember(self) -> None:
        (self.trees.documents / self.FILE).write_text(json.dumps(self.keys, sort_keys=True), encoding="utf-8")


def _state(out: Path) -> Path | None:
    """The build's folder in the cache, for the output `out`: None when the
    cache cannot be written (build everything, remember nothing) or when a
    link in it leads elsewhere (anyone may write the cache, and the build
    deletes what it put there)."""
    name = f"{last_build.STATE}/{hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]}"
    try:
        made_cache_dir(name)
    except OSError:
        return None
    return files.inside(cache_dir(), name)


class ShrinkRefused(Exception):
    """Far fewer reports than last time: more likely a typo in a path or a
    broken checkout than a decision; the site is left as it was."""


def build(
    sources: Sequence[str | Path],
    out: Path,
    *,
    base: str = "/",
    site_url: str | None = None,
    templates: Path | None = None,
    search: bool = True,
    rules: Path | None = None,
    allow_shrink: bool = False,
) -> Summary:
    """Build the site into `out`, swapping it in whole when complete: on any
    failure or interruption `out` stays as it was and nothing is left beside
    it. Raises ShrinkRefused when fewer than half the reports of the last
    build could be published, unless `allow_shrink`, and NotASite when `out`
    holds anything but a site nianbao built (or the sources themselves).
    `templates`: an office's own templates (see `theme`)."""
    out = out if out.name else out.resolve()  # 「.」 has no name to put the new site beside
    swap.check_out(out, sources)
    out.resolve().parent.mkdir(parents=True, exist_ok=True)
    with swap.only_build(out):
        return _build(sources, out, base, site_url, theme(templates), search, rules, allow_shrink)


def _build(
    sources: Sequence[str | Path], out: Path, base: str, site_url: str | None, templates: tuple[Path, ...], search: bool,
    rules: Path | None, allow_shrink: bool,
) -> Summary:
    summary = Summary()
    # The key leaves out the organ aliases, which come from the rules it covers: loading the rules takes
    # longer than the rest of a build that has nothing to do.
    keyed = Options(templates, base, site_url.rstrip("/") + base if site_url else None)
    state = _state(out)
    last = last_build.LastBuild.read(state) if state else None
    # The output is the one the last build made (not a folder made since).
    same_site = last is not None and (out / "index.html").is_file() and last.site == last_build.identity(out)
    base_key = last_build.base_key(templates, keyed, rules)
    files = find_sources(sources)  # once: the folders are walked here only
    inputs = last_build.inputs_digest(pipeline.source_digests(files), base_key, search) if same_site else None
    if last is not None and same_site and last.inputs == inputs:
        # The same summary as the build that made the site, so --strict holds.
        return Summary(last.published, last.withheld, unchanged=True, unreadable=last.unreadable)
    options = dataclasses.replace(keyed, organ_aliases=pipeline.organ_aliases(rules))  # before anything is made
    documents = state / "search.new" if state else out.with_name(f".{out.name}.search")
    trees = Trees(out.with_name(f".{out.name}.building"), documents, out,
                  state / "search" if state and same_site else None)
    for folder in (trees.site, trees.documents):
        shutil.rmtree(folder, ignore_errors=True)  # what an interrupted build left
        folder.mkdir(parents=True)
    plan = _Plan(out, options, search, rules, allow_shrink, base_key, trees, state)
    try:
        _make(plan, files, inputs, summary)
    finally:
        shutil.rmtree(trees.site, ignore_errors=True)  # gone by now unless the build failed
        if state is None or trees.documents.exists():
            shutil.rmtree(trees.documents, ignore_errors=True)
    return summary


@dataclass(frozen=True)
class _Plan:
    """What a build that has something to do knows before it starts."""

    out: Path
    options: Options
    search: bool
    rules: Path | None
    allow_shrink: bool
    base_key: str
    trees: Trees
    state: Path | None  # where it remembers itself; None when it cannot


def _make(plan: _Plan, files: list[str], inputs: str | None, summary: Summary) -> None:
    """Check and render every report into the new trees, write the rest of
    the site, and swap it in."""
    out, options, search, base_key, trees, state = (
        plan.out, plan.options, plan.search, plan.base_key, plan.trees, plan.state
    )
    templates = options.templates
    render.reset()  # before the workers fork: templates may have changed since the last build
    result = pipeline.run(files, rules=plan.rules, render=partial(reports.prepare, options, base_key, trees))
    inputs = inputs or last_build.inputs_digest(result.digests, base_key, search)
    jobs = _jobs(result, publishable(result, summary), base_key)
    before = swap.published_in(out)  # the site itself: whatever cache this build sees
    if not plan.allow_shrink and len(jobs) < before / 2:
        raise ShrinkRefused(
            f"这次只有 {len(jobs)} 份报告可以发布，现在的网站有 {before} 份，不到一半：{out}/ 保持原样。"
            "请检查源文件路径；确需如此时加 --allow-shrink"
        )
    batches = [jobs[i : i + BATCH] for i in range(0, len(jobs), BATCH)]
    _drop_unpublished(result, jobs, trees)
    with Workers(reports.init, (options, base_key, trees)) as workers:
        sizes = [size for batch in workers.map(reports.place, batches, len(jobs)) for size in batch]
    with ThreadPoolExecutor(1) as background:  # Pagefind indexes while data/ and the index pages are written
        failures = withheld_reports.failures(result, summary.withheld, trees, base_key)
        found = [(job.url, size) for job, size in zip(jobs, sizes)] + _withheld_documents(trees, options, failures)
        last = (trees.previous_documents, trees.previous_site) if trees.previous_documents else None
        searching = (background.submit(search_index, trees.documents, found, trees.site / "pagefind", last, base_key)
                     if search else None)
        entries, withheld = _collection(trees, jobs, failures)
        _findings(trees, result, jobs, entries, failures)
        records = ((e.slug, (trees.site / job.url / "report.json").read_text(encoding="utf-8"), True) for job, e in zip(jobs, entries))
        database.build(trees.site / "data", chain(records, ((f.slug, withheld_reports.record(f), False) for f in withheld)))
        data_sizes = {p.name: p.stat().st_size for p in sorted((trees.site / "data").iterdir())}
        kept = _Kept(trees, base_key)
        for name, text in indexes.pages(entries, options, failures, data_sizes, result.notes(), kept):
            _write(trees.site, name, text)
        kept.remember()
        for folder in reversed(templates):  # nianbao's static files, then the office's over them
            if (folder / "static").is_dir():  # a link is not followed out of the templates: it is left out
                shutil.copytree(folder / "static", trees.site / "static", dirs_exist_ok=True,
                                ignore=lambda at, names: [n for n in names if (Path(at) / n).is_symlink()])
        _write(trees.site, swap.MARKER, "nianbao 生成的网站：再次生成时整个目录会被替换。\n")
        if searching:
            searching.result()
    trash = state / TRASH if state else None
    swap.replace(trees.site, out, trash)
    if state is None:
        return
    swap.replace(trees.documents, state / "search", trash)
    swap.clear(trash)
    if result.unfinished:
        return  # a rule stopped on its time budget: the next build checks again, not "unchanged"
    last_build.LastBuild(inputs, last_build.identity(out), summary.published, summary.withheld, summary.unreadable).write(state)


__all__ = ["ShrinkRefused", "Summary", "build", "publishable"]
