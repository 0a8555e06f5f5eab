"""One published report -> its page, JSON and search document.

A report's files depend only on its source, its findings, nianbao's code,
the templates, the rules and the build options: the key of all of these is
written into its search document. They are written while the linter has the
report parsed (prepare), or, when an earlier build wrote them under the same
key, hard-linked from that build's site (place): an unchanged report is
never rendered again.
"""

from __future__ import annotations

import re
import shutil
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import orjson

from ..model import provenance
from ..model import template as tpl
from ..model.finding import Finding, Status
from ..model.provenance import Provenance
from ..model.report import Report
from ..model.sentences import sentence_at
from ..model.source import decode, parse
from ..pipeline import source_digest
from . import data, figures, records, render, withheld
from .files import folder, inside, link, write
from .records import Entry, Job, Options, Trees, document, key, organ_url, report_url

PAGE_FILES = ("index.html", "report.json")  # in the site
PUBLISHED_ORIGINALS = (".pdf", ".docx", ".txt", ".md", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
ORIGINAL = "original"  # beside them, when the document imported is kept: original.pdf, original.docx…
KEY = re.compile(rb'<meta name="nianbao-key" content="([0-9a-f]{64})">')


def _part(url: str) -> str:
    """The file name, beside its search document, of a report's part of the
    collection: its index entry as a JSON line, then its row of
    data/cells-<version>.csv. Pagefind reads only .html files."""
    return document(url).removesuffix(".html") + ".part"


@dataclass(frozen=True)
class Shown:
    """A finding as the report page shows it, with its id and its cell's."""

    id: str
    finding: Finding
    cell: str | None  # the id of the marked cell in the table
    origin: str | None = None  # where the import found the row in the original, in the reader's words
    text: str | None = None  # the id of the marked sentence in the text


@dataclass(frozen=True)
class ShownGroup:
    """Findings of one rule in one table: shown one by one, or folded under
    one line when there are many (「表三 175 处：单元格未填写」)."""

    title: str
    severity: str
    items: tuple[Shown, ...]

    @property
    def folded(self) -> bool:
        return len(self.items) > FOLD


FOLD = 5


def _origin(record: Provenance | None, finding: Finding, lines: list[str]) -> str | None:
    """Where the import found what a finding names: a row's place and words
    in the original; a sentence's page, when the original has pages."""
    if record is None:
        return None
    if finding.table and finding.row:
        found = record.of_row(finding.table, finding.row)
        return f"{found[0].cited()}：「{found[1]}」" if found else None
    place = record.of_text(lines[finding.line - 1], finding.col) if 0 < finding.line <= len(lines) else None
    return place.cited() if place and place.page else None


def _shown(report: Report, findings: list[Finding]) -> tuple[list[ShownGroup], list[ShownGroup], dict[str, dict],
                                                             dict[int, list[render.TextMark]]]:
    """The page's findings: the open ones grouped, the waived ones grouped,
    the marks of the cells they name, by table, and of the sentences of
    the text they name, by source line. A finding on a row the import
    recorded shows where that row is in the original, as printed (the
    record is written with the source, so the two change together)."""
    record = provenance.load(Path(report.path), report.meta.slug) if report.meta.original else None
    in_text = {n for s in report.sections for n in s.body_lines}
    first: dict[int, str] = {}  # the first finding on each marked line of the text: its mark's id
    for i, f in enumerate(findings, start=1):
        if not f.cell and f.line in in_text:
            first.setdefault(f.line, f"text-finding-{i}")
    shown = [Shown(f"finding-{i}", f, f"cell-{f.table}-{f.row}-{f.column}" if f.cell else None, _origin(record, f, report.lines),
                   None if f.cell else first.get(f.line))
             for i, f in enumerate(findings, start=1)]
    marks: dict[str, dict] = {}
    for s in shown:
        f = s.finding
        if s.cell and (f.row, f.column) not in marks.setdefault(f.table or "", {}):
            severity = "waived" if f.waived else f.severity
            marks[f.table or ""][f.row, f.column] = render.Mark(s.cell, s.id, severity, f"{f.title or f.rule}：{f.message}")
    texts: dict[int, list[render.TextMark]] = {}
    for s in shown:
        f = s.finding
        if s.text == f"text-{s.id}":
            _, words = sentence_at(report.lines[f.line - 1], f.col - 1)
            texts[f.line] = [render.TextMark(s.text, s.id, "waived" if f.waived else f.severity,
                                             f"{f.title or f.rule}：{f.message}", words.strip())]
    names = {t.key: report.template.table_name(t) for t in report.template.tables}

    def grouped(items: list[Shown]) -> list[ShownGroup]:
        groups: dict[tuple[str, str | None], list[Shown]] = {}
        for s in items:
            groups.setdefault((s.finding.rule, s.finding.table), []).append(s)
        return [
            ShownGroup(f"{names.get(table or '', '')} {len(group)} 处：{group[0].finding.title or rule}".strip(),
                       group[0].finding.severity, tuple(group))
            for (rule, table), group in groups.items()
        ]

    return grouped([s for s in shown if not s.finding.waived]), grouped([s for s in shown if s.finding.waived]), marks, texts


def _render(report: Report, findings: list[Finding], options: Options, key: str) -> dict[str, str]:
    """The report's page files, its search document and its part of the
    collection, by name."""
    meta = report.meta
    version = report.template
    url, organ = report_url(meta.year, meta.slug), organ_url(meta.organ, meta.region_code, meta.region_names, options.organ_aliases)
    record, values = data.report_record(report, url, findings), data.cells(report)
    groups, waived, marks, texts = _shown(report, findings)
    kept = _kept(report)
    sections = []
    for section in report.sections:
        specs = version.tables_in(section.key or "")
        sections.append({
            "heading": section.heading,
            "html": render.markdown(section.body, {i: texts[n] for i, n in enumerate(section.body_lines) if n in texts}),
            "tables": [render.table(options.templates, options.base, meta.template, s.key, report.tables.get(s.key),
                                    marks.get(s.key, {}))
                       for s in specs],
            "unplaced": [text for s in specs if s.key in report.tables for _, text in report.tables[s.key].unplaced],
        })
    context = {
        "report": report, "meta": meta, "version": version, "sections": sections,
        "preamble": render.markdown(report.preamble) if report.preamble else "",
    }
    entry = records.entry(record, values, organ)
    glance = [(f.label, figures.shown(entry.totals.get(f.key), f, f.key in entry.totals),
               not f.rate and entry.totals.get(f.key) is not None) for f in figures.headline()]
    return {
        "index.html": render.page(options.templates, options.base, "report.html",
                                  feed=False,  # rendered alone: whether any report is dated is known later
                                  findings=findings, groups=groups,
                                  waived=waived, status=Status.of(findings), glance=glance,
                                  kept=f"{ORIGINAL}{kept.suffix}" if kept else None,
                                  organ_url=organ, url=url, kinds=tpl.organ_kinds(), **context),
        "report.json": data.report_json(record, values),
        "document": render.page(options.templates, options.base, "_search.html", feed=False, key=key, status=Status.of(findings),
                                url=url, waived=[s for g in waived for s in g.items], **context),
        "part": data.to_json(entry) + data.cells_line(record, values, entry.status),
        "original": str(kept) if kept else "",
    }


def _files(site: Path, documents: Path, url: str) -> list[tuple[str, Path]]:
    """Where each of a report's files goes: its page files into the site,
    the others among the documents."""
    return [(name, site / url / name) for name in PAGE_FILES] + [
        ("document", documents / document(url)), ("part", documents / _part(url))
    ]


def _write(trees: Trees, url: str, files: dict[str, str]) -> None:
    """Write a report into the new trees, with a copy of the document it was
    imported from when one is kept (files["original"]: its path)."""
    folder(trees.site / url)
    for name, target in _files(trees.site, trees.documents, url):
        write(target, files[name])
    if files.get("original"):
        kept = Path(files["original"])
        shutil.copyfile(kept, trees.site / url / f"{ORIGINAL}{kept.suffix}")


def _kept(report: Report) -> Path | None:
    """The kept copy of the document the report was imported from, if any
    and if a browser would not run it: a web page from a source is never
    served from the portal (its scripts would run as the portal's)."""
    original = report.meta.original
    if original is None or original.kept is None:
        return None
    path = Path(report.path).parent / original.kept
    if path.is_symlink() or path.parent.is_symlink():
        return None  # a link could put any file of the machine on the site
    return path if path.suffix.lower() in PUBLISHED_ORIGINALS and path.is_file() else None


def remove(trees: Trees, url: str) -> None:
    """Take a report's files out of the new trees."""
    shutil.rmtree(trees.site / url, ignore_errors=True)
    for _, target in _files(trees.site, trees.documents, url)[len(PAGE_FILES) :]:
        target.unlink(missing_ok=True)
    with suppress(OSError):  # the year's folder, when nothing else is in it
        (trees.site / url).parent.rmdir()


def prepare(
    options: Options, base: str, trees: Trees, report: Report, findings: list[Finding], digest: str
) -> None:
    """Render a report while the pipeline has it parsed (pipeline.Render),
    unless the previous build made it under the same key; keep what the
    build needs of it when its findings withhold it (withheld.keep). Rules
    across years may still change its findings, and so its key: place()
    then renders it again."""
    if any(f.blocking for f in findings):
        withheld.keep(trees.documents, report, digest, base)
        return
    url, k = report_url(report.meta.year, report.meta.slug), key(digest, findings, base)
    if not _reuse(trees, url, k):
        _write(trees, url, _render(report, findings, options, k))


def _key_of(path: Path) -> str | None:
    """The key a search document was written under."""
    try:
        with open(path, "rb") as f:
            match = KEY.search(f.read(200))
    except OSError:
        return None
    return match[1].decode() if match else None


def _reuse(trees: Trees, url: str, key: str) -> bool:
    """Link the report's files from the previous build when it made them
    under the same key."""
    old = trees.previous_documents
    if old is None or _key_of(old / document(url)) != key or inside(trees.previous_site, url) is None:
        return False  # (a folder of the last site that is a link leads out of it)
    try:
        folder(trees.site / url)
        for (_, previous), (_, new) in zip(_files(trees.previous_site, old, url),
                                           _files(trees.site, trees.documents, url)):
            link(previous, new)
        for kept in (trees.previous_site / url).glob(f"{ORIGINAL}.*"):
            link(kept, trees.site / url / kept.name)
    except OSError:
        return False
    return True


_worker: tuple[Options, str, Trees] | None = None


def init(options: Options, base: str, trees: Trees) -> None:
    """Set up a worker for place()."""
    global _worker
    _worker = (options, base, trees)


def place(jobs: list[Job]) -> list[int]:
    """Make sure each report is in the new trees under its final key: as
    prepared, linked from the previous build, or rendered now. Returns the
    sizes of their search documents."""
    assert _worker is not None, "init() first"
    options, base, trees = _worker
    sizes = []
    for job in jobs:
        prepared = not job.shared_url and _key_of(trees.documents / document(job.url)) == job.key
        if not prepared and (job.shared_url or not _reuse(trees, job.url, job.key)):
            # Keyed by the bytes rendered: a source edited during the build
            # is rendered again next time.
            source = Path(job.path).read_bytes()
            report = parse(decode(source, job.path), job.path)
            k = key(source_digest(source), job.findings, base)
            _write(trees, job.url, _render(report, job.findings, options, k))
        sizes.append((trees.documents / document(job.url)).stat().st_size)
    return sizes


def collect(trees: Trees, url: str) -> tuple[Entry, bytes]:
    """A placed report's index entry and its row of its template version's
    cells file: read as written, not parsed again."""
    entry, _, lines = (trees.documents / _part(url)).read_bytes().partition(b"\n")
    fields = orjson.loads(entry)
    for name in _SHARED:  # the same words in many entries held once: a province's entries fill the memory
        if isinstance(fields[name], str):
            fields[name] = sys.intern(fields[name])
    names = tuple(map(sys.intern, fields["region_names"]))
    return Entry(**fields | {"region_names": names, "status": Status(fields["status"])}), lines


_SHARED = ("organ", "organ_url", "kind", "published", "region_code")
