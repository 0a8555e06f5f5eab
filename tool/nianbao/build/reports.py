"""One published report -> its page, JSON, CSV and search document.

A report's files depend only on its source, its findings, nianbao's code,
the templates, the rules and the build options. They are written once into
the cache under a key of all of these and hard-linked into the new site, so
an unchanged report is never rendered again and a cold build writes each
file once. Workers do this; the builder gets back only what its indexes and
the collection files need.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .. import template as tpl
from ..lint import Finding
from ..model import Report
from ..names import slug as name_slug
from ..source import parse_file
from . import data, render

CACHE = Path(".nianbao-cache") / "build" / "reports"
PAGE_FILES = ("index.html", "report.json", "report.csv")
SEARCH_FILE = "search.html"
ENTRY_FILE = "entry.json"  # its Entry and data/cells.csv lines; written last, it marks the entry complete
OUTCOMES = ("disclosed", "partial", "withheld", "unavailable", "not_handled", "other_handling")


@dataclass(frozen=True)
class Options:
    templates: Path
    base: str
    site_url: str


@dataclass(frozen=True)
class Job:
    path: str
    findings: list[Finding]
    key: str  # of everything the report's files depend on


@dataclass(frozen=True)
class Entry:
    """What the indexes need of a published report: small, so that ten
    thousand of them fit in memory while every page is written to disk."""

    slug: str
    url: str
    title: str
    organ: str
    kind: str
    year: int
    template: int
    published: str | None
    source_url: str | None
    region_code: str | None
    region_names: tuple[str, ...]
    totals: dict[str, int]
    search_bytes: int  # size of its search document, to share out the index


def report_url(year: int, slug: str) -> str:
    return f"{year}/{slug}/"


def organ_url(organ: str) -> str:
    return f"organ/{name_slug(organ)}/"


def _files(report: Report, findings: list[Finding], options: Options) -> tuple[dict[str, str], dict[str, Any]]:
    """The report's files by name, and its JSON record."""
    meta = report.meta
    version = tpl.load(meta.template)
    url = report_url(meta.year, meta.slug)
    record = data.report_record(report, url, findings)
    sections = []
    for section in report.sections:
        specs = version.tables_in(section.key or "")
        sections.append({
            "heading": section.heading,
            "html": render.markdown(section.body),
            "tables": [render.table(options.templates, options.base, meta.template, s.key, report.tables.get(s.key))
                       for s in specs],
            "unplaced": [text for s in specs if s.key in report.tables for _, text in report.tables[s.key].unplaced],
        })
    context = {
        "report": report, "meta": meta, "version": version, "sections": sections,
        "preamble": render.markdown(report.preamble) if report.preamble else "",
    }
    files = {
        "index.html": render.page(options.templates, options.base, "report.html", findings=findings,
                                  organ_url=organ_url(meta.organ), url=url, kinds=tpl.organ_kinds(), **context),
        "report.json": data.to_json(record),
        "report.csv": data.to_csv(data.CELL_FIELDS, record["cells"]),
        SEARCH_FILE: render.page(options.templates, options.base, "_search.html", **context),
    }
    return files, record


def _count(record: dict[str, Any], table: str, row: str) -> int:
    """A table's total for a row (group rows summed); 0 when any part is blank."""
    leaves = set(tpl.load(record["template"]).table(table).leaves("rows", row))
    parts = [c["value"] for c in record["cells"] if c["table"] == table and c["column"] == "total" and c["row"] in leaves]
    return 0 if not parts or None in parts else int(sum(parts))


def _entry(record: dict[str, Any], search_bytes: int) -> Entry:
    totals = {"new": _count(record, "t3", "new"), **{k: _count(record, "t3", k) for k in OUTCOMES}}
    totals |= {"review": _count(record, "t4", "review"), "suits": _count(record, "t4", "suit")}
    region = record["region"]
    return Entry(
        record["slug"], record["url"], record["title"], record["organ"], record["kind"], record["year"],
        record["template"], record["published"], record["source_url"], region["code"], tuple(region["names"]),
        totals, search_bytes,
    )


def key(path: str, findings: list[Finding], base: bytes) -> str:
    """The cache key of a report's files: its source, its findings and
    `base` (nianbao's code, the templates, the rules, the options)."""
    return hashlib.sha256(Path(path).read_bytes() + repr(findings).encode() + base).hexdigest()


def _render(report: Report, findings: list[Finding], options: Options) -> dict[str, str]:
    """Every file of the report's cache entry, by name."""
    files, record = _files(report, findings, options)
    entry = {**asdict(_entry(record, len(files[SEARCH_FILE].encode()))), "cells": data.collection_lines(record)}
    return {**files, ENTRY_FILE: json.dumps(entry, ensure_ascii=False)}


def _store(folder: Path, files: dict[str, str]) -> bool:
    """Write a cache entry, each file under a new inode (os.replace), so
    that a file already linked into a site is never changed in place."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():  # the entry file last: it marks the entry complete
            temporary = folder / f".{name}.{os.getpid()}"
            temporary.write_text(text, encoding="utf-8", newline="")
            os.replace(temporary, folder / name)
    except OSError:
        return False  # a read-only cache: the site is written directly
    return True


def prepare(options: Options, base: bytes, report: Report, findings: list[Finding]) -> None:
    """Render a report into the cache while the linter has it parsed (see
    lint.engine.Prepare); reports that will not be published are skipped."""
    if any(f.blocking for f in findings):
        return
    folder = CACHE / (k := key(report.path, findings, base))[:2] / k
    if not (folder / ENTRY_FILE).is_file():
        _store(folder, _render(report, findings, options))


def _put(target: Path, source: Path | None, text: str) -> None:
    """A file of the site: a hard link to the cache entry, else a copy."""
    if source is not None:
        try:
            os.link(source, target)
            return
        except OSError:  # another file system, or one without hard links
            pass
    target.write_text(text, encoding="utf-8", newline="")


_worker: tuple[Options, Path, Path] | None = None


def init(options: Options, site: Path, search: Path) -> None:
    """Set up a worker: the options and the new site and search trees."""
    global _worker
    _worker = (options, site, search)


def publish(job: Job) -> tuple[Entry, str, str]:
    """Put one report into the new site and its search document into the
    search tree, rendering them unless cached. Returns its index entry, its
    lines of data/cells.csv and its JSON."""
    assert _worker is not None, "init() first"
    options, site, search = _worker
    folder: Path | None = CACHE / job.key[:2] / job.key
    if (folder / ENTRY_FILE).is_file():
        files = {name: (folder / name).read_text(encoding="utf-8") for name in ("report.json", ENTRY_FILE)}
    else:
        files = _render(parse_file(job.path), job.findings, options)
        folder = folder if _store(folder, files) else None
    fields = json.loads(files[ENTRY_FILE])
    lines = fields.pop("cells")
    entry = Entry(**{**fields, "region_names": tuple(fields["region_names"])})
    (site / entry.url).mkdir(parents=True, exist_ok=True)
    for name in PAGE_FILES:
        _put(site / entry.url / name, folder and folder / name, files.get(name, ""))
    (search / entry.url).mkdir(parents=True, exist_ok=True)
    _put(search / entry.url / "index.html", folder and folder / SEARCH_FILE, files.get(SEARCH_FILE, ""))
    return entry, lines, files["report.json"]
