"""What a build passes between its steps about the reports: the build's
options and folders, a report to place (Job), a published report as the
indexes see it (Entry), a withheld one (Failure), and their addresses in
the site (a report's URL and search document, an organ's page)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..model.finding import Finding, Severity, Status
from ..model.names import organ_key
from ..model.names import slug as name_slug
from . import data, figures

ACROSS_YEARS = "NB6"  # rules.yaml numbers the rules that compare an organ's years NB6xx


@dataclass(frozen=True)
class Options:
    templates: tuple[Path, ...]  # site.theme: the office's template folder, then nianbao's
    base: str
    site_url: str | None  # where the site is published; None: no feed, no sitemap (never a localhost address)
    organ_aliases: tuple[tuple[str, str], ...] = ()  # settings.organ_aliases of the rules


@dataclass(frozen=True)
class Trees:
    """Where a build writes, and the previous build it may reuse."""

    site: Path
    documents: Path  # one search document per report URL
    previous_site: Path
    previous_documents: Path | None  # None when they do not belong to previous_site


@dataclass(frozen=True)
class Job:
    path: str
    url: str
    findings: list[Finding]
    key: str  # of everything the report's files depend on
    shared_url: bool  # another source has the same URL: what was prepared there may be its


@dataclass(frozen=True, slots=True)
class Entry:
    """What the indexes need of a published report: small, so that ten
    thousand of them fit in memory while every page is written to disk."""

    slug: str
    url: str
    title: str
    organ: str
    organ_url: str
    kind: str
    year: int
    template: int
    published: str | None
    source_url: str | None
    region_code: str | None
    region_names: tuple[str, ...]
    totals: dict[str, figures.Value]  # its headline figures (figures.py), by key: None when unknown
    status: Status  # PASSED or WAIVED: a published report never has an unwaived error
    across_years: tuple[str, ...] = ()  # what the rules across years found, in words


@dataclass(frozen=True)
class Failure:
    """A report withheld by the checks, as the failures page lists it."""

    name: str  # its file name
    organ: str
    title: str
    year: int | None
    slug: str
    findings: tuple[Finding, ...]  # unwaived
    reason: str | None  # why it could not be read at all
    kind: str = ""
    region_names: tuple[str, ...] = ()
    row: dict[str, object] | None = None  # its line of data/reports.csv, when it could be read
    cells: str = ""  # its row of data/cells-<version>.csv: its numbers as the organ published them
    record: str = ""  # where its report.json is, never published: the database reads its numbers from it
    template: int = 0  # its template version, when it could be read

    @property
    def errors(self) -> list[tuple[str, list[Finding]]]:
        """Its errors grouped as a report page groups its findings: one
        group for each rule in each table, titled by the rule's name."""
        groups: dict[tuple[str, str | None], list[Finding]] = {}
        for f in self.findings:
            if f.severity == Severity.ERROR:
                groups.setdefault((f.rule, f.table), []).append(f)
        return [(group[0].title or rule, group) for (rule, _), group in groups.items()]


def report_url(year: int, slug: str) -> str:
    return f"{year}/{slug}/"


def document(url: str) -> str:
    """The file name of a report's search document: the documents are one
    folder of files, each naming its page's URL for Pagefind (meta url)."""
    return url.strip("/").replace("/", "-") + ".html"


def organ_url(
    organ: str, region_code: str | None = None, region_names: tuple[str, ...] = (), aliases: tuple[tuple[str, str], ...] = ()
) -> str:
    """The organ's page: its name's pinyin, readable, and a short digest of
    the organ's key (names.organ_key), so that names that sound alike (巨鹿,
    巨路) never share a page, while one organ named with or without its
    higher regions (洪泽区人民政府, 淮安市洪泽区人民政府) has one."""
    key = organ_key(organ, region_code, region_names, dict(aliases))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:6]
    return f"organ/{name_slug(key.split('|', 1)[1])}-{digest}/"


def key(digest: str, findings: list[Finding], base: str) -> str:
    """The key of a report's files: its source (the digest of its bytes),
    its findings and `base` (the digest of nianbao's code and libraries,
    the templates, the rules, the options)."""
    return hashlib.sha256(f"{digest}{base}{findings!r}".encode()).hexdigest()


def entry(record: data.ReportRecord, values: list[tuple[int | float | None, str]], organ_url: str) -> Entry:
    totals = figures.of_report(record.template, data.by_cell(record, values))
    across = tuple(f"{f.message}" for f in record.findings if f.rule.startswith(ACROSS_YEARS) and not f.waived)
    return Entry(
        record.slug, record.url, record.title, record.organ, organ_url, record.kind, record.year, record.template,
        record.published, record.source_url, record.region.code, record.region.names, totals, Status.of(record.findings),
        across,
    )


