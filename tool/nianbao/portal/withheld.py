"""The reports the checks withheld, as the failures page and data/ list them.

A withheld report is never published, but its numbers are data (reports.csv
marks it 未通过) and every organ with a report is found by search. What
the build needs of it (its reader-facing facts, its row of the cells file,
its report.json for the database) is written beside the search documents
by the worker that parsed it (keep), under a key of its source and of
nianbao's code, rules and templates; a later build links that file from the
last one's documents when the key is the same, so the main process parses
a withheld report only when neither has it (a province withholds thousands).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import orjson

from ..model.finding import Finding, Status
from ..model.names import natural_key
from ..model.report import Report
from ..model.source import SourceError, decode, parse
from ..pipeline import LintResult, source_digest
from . import data, files
from .records import Failure, Trees


def _file(documents: Path, path: str) -> Path:
    return documents / f".withheld-{hashlib.sha256(path.encode()).hexdigest()[:16]}.json"


def _key(digest: str, base: str) -> str:
    return hashlib.sha256(f"{base} {digest}".encode()).hexdigest()


def keep(documents: Path, report: Report, digest: str, base: str) -> None:
    """Write what the build needs of a withheld report: a line of its facts
    (with the key), then its report.json. The JSON holds no findings: it is
    never published, and the database takes findings from findings.csv."""
    meta = report.meta
    record, values = data.report_record(report, "", []), data.cells(report)
    row = data.report_row(report=record.slug, organ=meta.organ, kind=meta.kind, year=meta.year, template=meta.template,
                          region_code=meta.region_code, region_names=meta.region_names, published=record.published,
                          source_url=meta.source_url, url="", status=Status.FAILED)
    facts = {"key": _key(digest, base), "organ": meta.organ, "title": report.title, "year": meta.year, "slug": meta.slug,
             "kind": meta.kind, "region_names": list(meta.region_names), "template": meta.template, "row": row,
             "cells": data.cells_line(record, values, Status.FAILED)}
    files.write(_file(documents, report.path), orjson.dumps(facts).decode() + "\n" + data.report_json(record, values))


def record(failure: Failure) -> str:
    """A withheld report's report.json, for the database."""
    return Path(failure.record).read_text(encoding="utf-8").partition("\n")[2]


def _facts(path: Path, key: str) -> dict[str, Any] | None:
    """The facts line of a withheld report's file, when it was written under `key`."""
    try:
        with open(path, "rb") as f:
            facts = orjson.loads(f.readline())
    except (OSError, orjson.JSONDecodeError):
        return None
    return facts if isinstance(facts, dict) and facts.get("key") == key else None


def _found(trees: Trees, path: str, key: str) -> dict[str, Any] | None:
    """A withheld report's facts as this build's worker wrote them, or as
    the last build did (its file linked into this build's documents)."""
    here = _file(trees.documents, path)
    facts = _facts(here, key)
    if facts is None and trees.previous_documents is not None:
        before = _file(trees.previous_documents, path)
        facts = _facts(before, key)
        try:
            if facts is not None:
                files.link(before, here)
        except OSError:
            facts = None
    return facts if facts is not None and _typed(facts) else None


def _typed(facts: dict[str, Any]) -> bool:
    """Whether facts read back (from a cache anyone may have written) have their types."""
    texts = ("organ", "title", "slug", "kind", "cells")
    return (all(isinstance(facts.get(k), str) for k in texts) and isinstance(facts.get("year"), int)
            and isinstance(facts.get("template"), int) and isinstance(facts.get("row"), dict)
            and isinstance(facts.get("region_names"), list) and all(isinstance(n, str) for n in facts["region_names"])
            and facts["row"].keys() == set(data.REPORT_FIELDS))


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
        key = _key(result.digests[path], base)
        facts = _found(trees, path, key)
        if facts is None:  # withheld only by the rules across years, or a file of the last build's missing
            try:
                source = Path(path).read_bytes()
                report = parse(decode(source, path), path)
            except (OSError, SourceError) as exc:  # changed since it was checked
                out.append(Failure(name, "", "", None, "", (), getattr(exc, "message", "文件无法读取")))
                continue
            keep(trees.documents, report, source_digest(source), base)  # keyed by the bytes read
            facts = _facts(_file(trees.documents, path), _key(source_digest(source), base))
            assert facts is not None
        open_: tuple[Finding, ...] = tuple(f for f in result.for_path(path) if not f.waived)
        out.append(Failure(name, facts["organ"], facts["title"], facts["year"], facts["slug"], open_, None, facts["kind"],
                           tuple(facts["region_names"]), facts["row"], facts["cells"], str(_file(trees.documents, path)),
                           facts["template"]))
    return sorted(out, key=lambda f: (-(f.year or 0), natural_key(f.organ), f.name))
