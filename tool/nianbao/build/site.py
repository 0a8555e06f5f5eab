"""`nianbao build`: passing reports -> a static portal and its data.

The site is written into a fresh folder beside the output and swapped in
only when complete, so a failed or interrupted build leaves the previous
site as it was. Report pages are cached by their inputs.
"""

from __future__ import annotations

import csv
import hashlib
import json
import pickle
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from .. import template as tpl
from ..lint import Finding, LintResult, lint_paths
from ..lint.engine import code_digest
from ..lint.rules import default_path as rules_path
from ..paths import find_sources
from ..model import Report
from ..source import parse_file
from ..names import slug as name_slug
from . import data
from .charts import bars
from .layout import official
from .render import page

TEMPLATES = Path("site_templates")
CACHE = Path(".nianbao-cache") / "build"
PARALLEL_FROM = 64
OUTCOMES = ("disclosed", "partial", "withheld", "unavailable", "not_handled", "other_handling")


@dataclass
class Summary:
    published: list[str] = field(default_factory=list)
    withheld: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: bool = False  # nothing the build reads changed: the site was kept


@dataclass(frozen=True)
class Options:
    templates: Path
    base: str
    site_url: str


def report_url(report: Report) -> str:
    return f"{report.meta.year}/{report.meta.slug}/"


def organ_url(organ: str) -> str:
    return f"organ/{name_slug(organ)}/"


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def _templates_digest(templates: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(templates).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def _inputs_digest(sources: Sequence[str | Path], templates: Path, options: Options) -> str:
    """Everything a build reads: when it is unchanged, so is the site."""
    digest = hashlib.sha256(repr(options).encode() + code_digest().encode() + _templates_digest(templates).encode())
    for path in find_sources(sources):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    rules = rules_path()
    digest.update(rules.read_bytes() if rules.is_file() else b"")
    return digest.hexdigest()


def _last_build(stamp: Path) -> dict[str, Any]:
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _value(report: Report, table: str, row: str, column: str) -> int | None:
    """A count, group rows summed; None when any part is blank."""
    spec = tpl.load(report.meta.template).table(table)
    tab = report.tables.get(table)
    if tab is None:
        return None
    parts = [tab.value(r, column) for r in spec.leaves("rows", row)]
    return None if any(v is None for v in parts) else int(sum(parts))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Entry:
    """What the indexes need of a published report: small, so that ten
    thousand of them fit in memory while every page is written to disk."""

    path: str
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


def _entry(report: Report) -> Entry:
    meta = report.meta

    def count(table: str, row: str) -> int:
        return _value(report, table, row, "total") or 0

    totals = {"new": count("t3", "new"), **{k: count("t3", k) for k in OUTCOMES}}
    totals |= {"review": count("t4", "review"), "suits": count("t4", "suit")}
    return Entry(
        report.path, meta.slug, report_url(report), report.title, meta.organ, meta.kind, meta.year, meta.template,
        meta.published.isoformat() if meta.published else None, meta.source_url, meta.region_code, meta.region_names,
        totals,
    )


def _report_files(report: Report, findings: list[Finding], options: Options) -> dict[str, str]:
    """The page, JSON and CSV of one report: everything it alone decides."""
    version = tpl.load(report.meta.template)
    url = report_url(report)
    record = data.report_record(report, url, findings)
    sections = []
    for section in report.sections:
        grids = [official(spec, report.tables.get(spec.key)) for spec in version.tables_in(section.key or "")]
        unplaced = [
            text for spec in version.tables_in(section.key or "") if spec.key in report.tables
            for _, text in report.tables[spec.key].unplaced
        ]
        sections.append({"heading": section.heading, "body": section.body, "grids": grids, "unplaced": unplaced})
    html = page(
        options.templates,
        options.base,
        "report.html",
        report=report,
        meta=report.meta,
        version=version,
        sections=sections,
        findings=findings,
        organ_url=organ_url(report.meta.organ),
        url=url,
        kinds=tpl.organ_kinds(),
    )
    return {
        url + "index.html": html,
        url + "report.json": data.to_json(record),
        url + "report.csv": data.to_csv(data.CELL_FIELDS, record["cells"]),
    }


_worker: tuple[Options, Path] | None = None


def _init(options: Options, built: Path) -> None:
    global _worker
    _worker = (options, built)


def _render_one(job: tuple[str, list[Finding], str]) -> Entry:
    """Write one report's files into the new site (in a worker); the files
    and the entry come from the cache when the inputs are unchanged."""
    path, findings, key = job
    assert _worker is not None
    options, built = _worker
    cached = CACHE / key[:2] / f"{key}.pickle"
    try:
        entry, files = pickle.loads(cached.read_bytes())
    except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError):
        report = parse_file(path)
        entry, files = _entry(report), _report_files(report, findings, options)
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(pickle.dumps((entry, files), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass
    for name, text in files.items():
        _write(built, name, text)
    return replace(entry, path=path)


def _report_pages(jobs: list[tuple[str, list[Finding], str]], options: Options, built: Path) -> list[Entry]:
    if len(jobs) >= PARALLEL_FROM:
        with ProcessPoolExecutor(initializer=_init, initargs=(options, built)) as pool:
            return list(pool.map(_render_one, jobs, chunksize=16))
    _init(options, built)
    return [_render_one(job) for job in jobs]


def _region_tree(entries: list[Entry]) -> list[dict[str, Any]]:
    nested: dict[str, Any] = {}
    for entry in sorted(entries, key=lambda e: (e.region_names, -e.year, e.organ)):
        node = nested
        for name in entry.region_names or ("未标注地区",):
            node = node.setdefault(name, {})
        node.setdefault("", []).append(entry)

    def walk(node: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"name": name, "reports": child.get("", []), "children": walk(child)}
            for name, child in sorted(node.items())
            if name
        ]

    return walk(nested)


def _stats(entries: list[Entry]) -> dict[str, Any]:
    def totals(group: list[Entry]) -> dict[str, Any]:
        def add(key: str) -> int:
            return sum(e.totals[key] for e in group)

        return {
            "reports": len(group),
            "new": add("new"),
            "outcomes": {key: add(key) for key in OUTCOMES},
            "review": add("review"),
            "suits": add("suits"),
        }

    by_year: dict[int, list[Entry]] = defaultdict(list)
    by_region: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_year[entry.year].append(entry)
        by_region["/".join(entry.region_names) or "未标注地区"].append(entry)
    years = {year: totals(group) for year, group in sorted(by_year.items())}
    regions = {name: totals(group) for name, group in sorted(by_region.items())}
    labels = {key: tpl.load(2021).table("t3").row(key).label for key in OUTCOMES}
    return {
        "years": years,
        "regions": regions,
        "outcome_labels": labels,
        "year_chart": bars("各年度新收政府信息公开申请数量", [(f"{y}年", t["new"]) for y, t in years.items()]),
        "region_chart": bars("各地区新收政府信息公开申请数量", [(n, t["new"]) for n, t in regions.items()]),
    }


def _sitemap(urls: list[str], site_url: str) -> str:
    body = "".join(f"<url><loc>{xml_escape(site_url + u)}</loc></url>\n" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n'


def _feed(entries: list[Entry], site_url: str) -> str:
    def when(e: Entry) -> str:
        return e.published or f"{e.year + 1}-01-01"

    items = sorted(entries, key=lambda e: (when(e), e.slug), reverse=True)
    updated = when(items[0]) if items else "1970-01-01"
    body = "".join(
        f"<entry><title>{xml_escape(e.title)}</title><id>{xml_escape(site_url + e.url)}</id>"
        f'<link href="{xml_escape(site_url + e.url)}"/><updated>{when(e)}T00:00:00Z</updated>'
        f"<author><name>{xml_escape(e.organ)}</name></author></entry>\n"
        for e in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">\n'
        f"<title>政府信息公开工作年度报告</title><id>{xml_escape(site_url)}</id>"
        f'<link href="{xml_escape(site_url)}"/><link rel="self" href="{xml_escape(site_url)}feed.xml"/>'
        f"<updated>{updated}T00:00:00Z</updated>\n{body}</feed>\n"
    )


def _index_pages(entries: list[Entry], options: Options) -> dict[str, str]:
    def render(name: str, **context: Any) -> str:
        return page(options.templates, options.base, name, organ_url=organ_url, **context)

    latest = sorted(entries, key=lambda e: (-e.year, e.published or "", e.organ, e.slug))
    by_year: dict[int, list[Entry]] = defaultdict(list)
    by_organ: dict[str, list[Entry]] = defaultdict(list)
    for entry in latest:
        by_year[entry.year].append(entry)
        by_organ[entry.organ].append(entry)
    files = {
        "index.html": render(
            "index.html", latest=latest[:20], count=len(entries), organs=len(by_organ), years=sorted(by_year, reverse=True)
        ),
        "years/index.html": render("years.html", by_year=sorted(by_year.items(), reverse=True)),
        "regions/index.html": render("regions.html", tree=_region_tree(entries)),
        "organ/index.html": render("organs.html", organs=sorted(by_organ.items())),
        "stats/index.html": render("stats.html", **_stats(entries)),
        "data/index.html": render("data.html", count=len(entries)),
        "404.html": render("404.html"),
    }
    for year, items in by_year.items():
        files[f"{year}/index.html"] = render("year.html", year=year, reports=items)
    for organ, items in by_organ.items():
        files[organ_url(organ) + "index.html"] = render("organ.html", organ=organ, reports=items)
    pages = sorted(k for k in files if k.endswith(".html") and k != "404.html")
    urls = [p.removesuffix("index.html") for p in pages] + [e.url for e in entries]
    files["sitemap.xml"] = _sitemap(sorted(urls), options.site_url)
    files["feed.xml"] = _feed(entries, options.site_url)
    files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {options.site_url}sitemap.xml\n"
    return files


def _collection(built: Path, entries: list[Entry]) -> None:
    """data/: the whole collection, streamed from the reports' own files."""
    folder = built / "data"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "cells.csv", "w", encoding="utf-8-sig", newline="") as cells, open(
        folder / "reports.json", "w", encoding="utf-8", newline=""
    ) as records:
        writer = csv.writer(cells, lineterminator="\r\n")
        writer.writerow(data.COLLECTION_FIELDS)
        records.write("[\n")
        for i, e in enumerate(entries):
            with open(built / e.url / "report.csv", encoding="utf-8-sig", newline="") as own:
                for row in csv.DictReader(own):
                    writer.writerow([e.slug, e.year, e.organ, e.region_code or "", e.template,
                                     row["table"], row["row"], row["column"], row["value"]])
            records.write(("," if i else "") + (built / e.url / "report.json").read_text(encoding="utf-8"))
        records.write("]\n")
    rows = [
        {
            "report": e.slug, "organ": e.organ, "kind": e.kind, "year": e.year, "template": e.template,
            "region_code": e.region_code, "region_names": "/".join(e.region_names), "published": e.published,
            "source_url": e.source_url, "url": e.url,
        }
        for e in entries
    ]
    _write(built, "data/reports.csv", data.to_csv(data.REPORT_FIELDS, rows))
    _write(built, "data/datapackage.json", data.to_json(data.datapackage()))
    _write(built, "data/report.schema.json", data.to_json(data.report_schema()))


def _search_index(root: Path) -> None:
    """Pagefind (extended build: segments Chinese) writes root/pagefind/."""
    done = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(root), "--silent"], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"Pagefind 建立搜索索引失败：{done.stderr.strip() or done.stdout.strip()}")


def _swap(built: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    built.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def publishable(result: LintResult, summary: Summary) -> list[str]:
    """Sources without unwaived errors, one per slug; the rest are withheld."""
    out: list[str] = []
    seen: dict[str, str] = {}
    for error in result.errors:
        summary.withheld.append((error.path, [f"{error.line}:1: {error.message}"]))
    for path in result.readable():
        blocking = result.blocking(path)
        slug = result.slugs[path]
        if blocking:
            summary.withheld.append((path, [f"{f.line}:{f.col}: {f.rule} {f.message}" for f in blocking[:3]]))
        elif slug in seen:
            summary.withheld.append((path, [f"slug「{slug}」与 {seen[slug]} 重复"]))
        else:
            seen[slug] = path
            out.append(path)
            summary.published.append(path)
    return out


def build(
    sources: Sequence[str | Path],
    out: Path,
    *,
    base: str = "/",
    site_url: str = "http://127.0.0.1:8000/",
    templates: Path = TEMPLATES,
    search: bool = True,
) -> Summary:
    summary = Summary()
    options = Options(templates, base, site_url.rstrip("/") + base)
    stamp = CACHE / f"{hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]}.last"
    inputs = _inputs_digest(sources, templates, options)
    last = _last_build(stamp)
    if (out / "index.html").is_file() and last.get("inputs") == inputs:
        # The same summary as the build that made the site, so --strict holds.
        return Summary(last["published"], [(p, r) for p, r in last["withheld"]], unchanged=True)
    result = lint_paths(sources)
    paths = publishable(result, summary)
    key_base = (code_digest() + _templates_digest(templates) + result.rules.digest + repr(options)).encode()
    jobs = []
    for path in paths:
        findings = result.for_path(path)
        key = hashlib.sha256(Path(path).read_bytes() + repr(findings).encode() + key_base).hexdigest()
        jobs.append((path, findings, key))
    built = out.with_name(f".{out.name}.building")
    shutil.rmtree(built, ignore_errors=True)
    built.mkdir(parents=True)
    entries = _report_pages(jobs, options, built)
    for name, text in _index_pages(entries, options).items():
        _write(built, name, text)
    _collection(built, entries)
    shutil.copytree(templates / "static", built / "static")
    if search:
        _search_index(built)
    _swap(built, out)
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        record = {"inputs": inputs, "published": summary.published, "withheld": summary.withheld}
        stamp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass
    return summary


__all__ = ["Entry", "Summary", "build", "organ_url", "publishable", "report_url"]
