"""The reports the checks withheld, as the failures page and data/ list them.

A withheld report is never published, but its numbers are data (reports.csv
and the cells files mark it 未通过, the database holds them) and every
organ with a report is found by search. What the build needs of it (a line
of JSON: its reader-facing facts and its cells) is written beside the
search documents by the worker that parsed it (keep), under a key of its
source and of nianbao's code, rules and templates. A later build takes the
line from the last build's documents when the key is the same, so the main
process parses a withheld report only when neither has it (a province
withholds thousands). The last build's documents are in a cache anyone may
have written: a line from there is read within bounds, checked field by
field and written anew; every file made of it (reports.csv, the cells
files, the database) is made from the checked fields by the same code as
from a parsed report.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any

import orjson

from ..model import template as tpl
from ..model.finding import Finding, Status
from ..model.names import natural_key
from ..model.report import Report
from ..model.source import SourceError, decode, parse
from ..pipeline import LintResult, source_digest
from . import data, files
from .records import Failure, Trees

_MAX_BYTES = 1 << 20  # of one report's facts: about 10 KB


def _file(documents: Path, path: str) -> Path:
    return documents / f".withheld-{hashlib.sha256(path.encode()).hexdigest()[:16]}.json"


def _key(digest: str, base: str) -> str:
    return hashlib.sha256(f"{base} {digest}".encode()).hexdigest()


def keep(documents: Path, report: Report, digest: str, base: str) -> None:
    """Write what the build needs of a withheld report (a worker, while it has the report parsed)."""
    meta = report.meta
    record = data.report_record(report, "", [])
    facts = {"key": _key(digest, base), "slug": record.slug, "organ": record.organ, "title": record.title, "kind": record.kind,
             "year": record.year, "template": record.template, "region_code": record.region.code,
             "region_names": record.region.names, "published": record.published, "source_url": meta.source_url,
             "values": data.cells(report)}
    files.write(_file(documents, report.path), [orjson.dumps(facts), b"\n"])


def _read(path: Path) -> bytes | None:
    """A file's bytes, within bounds, when it is a regular file and not a
    link (a FIFO would block, a device never end)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        return os.read(fd, _MAX_BYTES + 1) if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except OSError:
        return None
    finally:
        os.close(fd)


_TEXTS = ("slug", "organ", "title", "kind")
_MAYBE_TEXTS = ("region_code", "published", "source_url")


def _checked(raw: bytes | None, key: str) -> dict[str, Any] | None:
    """The facts of a withheld report's file when they were written under
    `key` and every field has its type; None otherwise."""
    if raw is None or len(raw) > _MAX_BYTES:
        return None
    try:
        facts = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(facts, dict) or facts.get("key") != key:
        return None
    names, values, template = facts.get("region_names"), facts.get("values"), facts.get("template")
    fine = (all(isinstance(facts.get(k), str) for k in _TEXTS) and all(isinstance(facts.get(k), (str, type(None))) for k in _MAYBE_TEXTS)
            and type(facts.get("year")) is int and type(template) is int and template in tpl.versions()
            and isinstance(names, list) and all(isinstance(n, str) for n in names)
            and isinstance(values, list) and len(values) == len(data.leaves(template))
            and all(isinstance(v, list) and len(v) == 2 and type(v[0]) in (int, float, type(None)) and isinstance(v[1], str)
                    for v in values))
    return facts if fine else None


def _record(facts: dict[str, Any]) -> tuple[data.ReportRecord, list[tuple[int | float | None, str]]]:
    """The report.json (without texts and findings: never published) and cells of checked facts."""
    record = data.ReportRecord(data.SCHEMA_ID, facts["slug"], "", facts["organ"], facts["kind"], facts["year"], facts["template"],
                               data.RegionRecord(facts["region_code"], tuple(facts["region_names"])), facts["published"],
                               facts["source_url"], facts["title"], (), ())
    return record, [(value, raw) for value, raw in facts["values"]]


def record(failure: Failure) -> str:
    """A withheld report's report.json for the database (its numbers; its
    text is not published), from the file this build wrote."""
    facts = orjson.loads(Path(failure.record).read_bytes())
    return data.report_json(*_record(facts))


def _found(trees: Trees, path: str, key: str) -> dict[str, Any] | None:
    """A withheld report's facts as this build's worker wrote them, or as
    the last build did (checked, and written anew among this build's)."""
    here = _file(trees.documents, path)
    facts = _checked(_read(here), key)
    if facts is None and trees.previous_documents is not None:
        facts = _checked(_read(_file(trees.previous_documents, path)), key)
        if facts is not None:
            files.write(here, [orjson.dumps(facts), b"\n"])
    return facts


def failures(result: LintResult, withheld: list[tuple[str, list[str]]], trees: Trees, base: str) -> list[Failure]:
    """The withheld reports as the failures page shows them: by what they
    say of themselves, never by a path on the builder's disk; in order,
    the newest year first."""
    out = []
    for path, reasons in withheld:
        name = Path(path).name
        if path not in result.reports:
            out.append(Failure(name, "", "", None, "", (), re.sub(r"^\d+:\d+: ", "", reasons[0]) if reasons else ""))
            continue
        facts = _found(trees, path, _key(result.digests[path], base))
        if facts is None:  # withheld only by the rules across years, or the last build's file missing or damaged
            try:
                source = Path(path).read_bytes()
                report = parse(decode(source, path), path)
            except (OSError, SourceError) as exc:  # changed since it was checked
                out.append(Failure(name, "", "", None, "", (), getattr(exc, "message", "文件无法读取")))
                continue
            keep(trees.documents, report, source_digest(source), base)  # keyed by the bytes read
            facts = _checked(_read(_file(trees.documents, path)), _key(source_digest(source), base))
            if facts is None:  # a report too large for the bound, or without a year
                out.append(Failure(name, report.meta.organ, report.title, None, report.meta.slug, (), "报告的基本信息无法读取"))
                continue
        report_record, values = _record(facts)
        row = data.report_row(report=report_record.slug, organ=report_record.organ, kind=report_record.kind,
                              year=report_record.year, template=report_record.template, region_code=report_record.region.code,
                              region_names=report_record.region.names, published=report_record.published,
                              source_url=report_record.source_url, url="", status=Status.FAILED)
        open_: tuple[Finding, ...] = tuple(f for f in result.for_path(path) if not f.waived)
        out.append(Failure(name, report_record.organ, report_record.title, report_record.year, report_record.slug, open_, None,
                           report_record.kind, report_record.region.names, row,
                           data.cells_line(report_record, values, Status.FAILED), str(_file(trees.documents, path)),
                           report_record.template))
    return sorted(out, key=lambda f: (-(f.year or 0), natural_key(f.organ), f.name))
