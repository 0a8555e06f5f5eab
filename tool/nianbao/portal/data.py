"""The machine-readable side of the portal: one JSON file per report, the
whole collection as CSV files (the cells of each template version as a
wide table, a report a row and a cell's code a column; reports; findings;
the dictionary of codes and their official labels) with their
Frictionless datapackage; database.py makes the same into SQLite, where
the cells are also a long table.

Each fact is written once per need: a cell is a number under its code, its
labels are in the dictionary, so that a province's collection stays small,
and its cells open in a spreadsheet (a long table of ten thousand reports
is two million rows, more than Excel holds). CSV files carry a UTF-8 BOM
so that Excel and WPS read the Chinese.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from functools import cache
from itertools import islice
from operator import itemgetter
from typing import Any, NamedTuple

import orjson

from .. import __version__
from ..base.escape import spreadsheet
from ..model import template as tpl
from ..model.finding import Finding, Severity, Status
from ..model.report import Number, Report

SCHEMA_ID = "nianbao-report/2"
_CODE = r"^t[0-9a-z_]+\.[0-9a-z_]+\.[0-9a-z_]+$"  # a cell's code: table.row.column
_BLANK = "空：原报告未填写，或所填不能读作数字（如「—」「不适用」；原样写法见各报告的 report.json 的 raw 和数据库的 raw 表）；不等于 0"
# The columns of data/reports.csv, findings.csv and dictionary.csv, and the
# first ones of each cells-<version>.csv, each with its type, title and
# description in datapackage.json: (name, type, title, description).
_REPORT, _YEAR, _ORGAN = ("report", "string", "报告标识（slug）", ""), ("year", "integer", "报告年度", ""), ("organ", "string", "机关名称", "")
_TEMPLATE = ("template", "integer", "模板版本", "")  # described by the template's versions (datapackage)
_TABLE = ("table", "string", "表", "t2_1…t2_9：表二各项；t3：表三；t4：表四")
_STATUS = ("status", "string", "检查结果", f"{'；'.join(Status)}（有未豁免的错误，本站未发布，数字照原报告列入）")
_CELLS = (_REPORT, _ORGAN, _YEAR, _STATUS)  # then one column per cell of the template version, named by its code
_REPORTS = (
    _REPORT, _ORGAN,
    ("kind", "string", "机关类型", ""),
    _YEAR,
    _TEMPLATE,
    ("region_code", "string", "行政区划代码", ""),
    ("region_names", "string", "行政区划名称", "省/市/县，以 / 分隔"),
    ("published", "date", "发布日期", ""),
    ("source_url", "string", "原文地址", ""),
    ("url", "string", "本站页面", "空表示未发布（未通过检查）"),
    _STATUS,
)
_FINDINGS = (
    _REPORT, _YEAR, _ORGAN,
    ("published", "boolean", "是否已发布", "false：有未豁免的错误，未发布"),
    ("rule", "string", "规则编号", ""),
    ("title", "string", "规则名称", ""),
    ("severity", "string", "级别", "；".join(f"{s} {s.zh}" for s in Severity)),
    ("message", "string", "说明", ""),
    ("cell", "string", "单元格", "表.行.列；空表示不在表格中"),
    ("line", "integer", "源文件行号", ""),
    ("waived", "string", "豁免理由", "空表示未豁免；否则为「原文如此」的理由"),
)
_DICTIONARY = (
    _TEMPLATE, _TABLE,
    ("table_name", "string", "表名", ""),
    ("axis", "string", "行或列", "行；列"),
    ("key", "string", "键", "格的代码「表.行.列」中的行或列"),
    ("label", "string", "官方标签", ""),
)
COLUMNS = {"reports": _REPORTS, "findings": _FINDINGS, "dictionary": _DICTIONARY}  # each CSV file of data/ but the cells: (name, type, title, description)
REPORT_FIELDS = tuple(f[0] for f in _REPORTS)
FINDING_FIELDS = tuple(f[0] for f in _FINDINGS)
DICTIONARY_FIELDS = tuple(f[0] for f in _DICTIONARY)


class Leaf(NamedTuple):
    """One official cell of a template version, with its text in the
    downloads made once: ten thousand reports are two million cells."""

    table: str
    row: str
    column: str
    code: str  # "table.row.column", as the downloads and findings name it
    table_name: str
    row_label: str
    column_label: str
    json: bytes  # the code as a key of report.json's cells, with its colon


@cache
def leaves(version: int) -> tuple[Leaf, ...]:
    """Every official cell of a template version, in template order."""
    spec = tpl.load(version)
    return tuple(Leaf(table.key, row.key, column.key, code, spec.table_name(table), row.label, column.label,
                      orjson.dumps(code) + b":")
                 for table in spec.tables for row in table.leaf_rows for column in table.leaf_columns
                 for code in (f"{table.key}.{row.key}.{column.key}",))


def _number(value: Number | None) -> int | float | None:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def cells(report: Report) -> list[tuple[int | float | None, str]]:
    """(value, raw) of every official cell of the report, in template
    order; blank -> (None, "")."""
    tables = {key: table.cells for key, table in report.tables.items()}
    out = []
    for leaf in leaves(report.meta.template):
        cell = tables[leaf.table].get((leaf.row, leaf.column)) if leaf.table in tables else None
        out.append((None, "") if cell is None else (_number(cell.value), cell.raw))
    return out


def by_cell(record: ReportRecord, values: list[tuple[int | float | None, str]]) -> dict[tuple[str, str, str], int | float | None]:
    """A report's values (in template order) by (table, row, column)."""
    return {(leaf.table, leaf.row, leaf.column): value for leaf, (value, _) in zip(leaves(record.template), values)}


@dataclass(frozen=True)
class FindingRecord:
    rule: str
    severity: str
    message: str
    cell: str | None
    line: int
    col: int
    waived: str | None


@dataclass(frozen=True)
class RegionRecord:
    code: str | None
    names: tuple[str, ...]


@dataclass(frozen=True)
class TextRecord:
    """A section of a report's text: its paragraphs as the source writes
    them (the tables are data of their own)."""

    section: str | None  # the template's key, None for text before the first section
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class ReportRecord:
    """report.json without its cells, its fields in the file's order
    (orjson writes a dataclass as an object, field by field)."""

    schema: str
    slug: str
    url: str
    organ: str
    kind: str
    year: int
    template: int
    region: RegionRecord
    published: str | None
    source_url: str | None
    title: str
    findings: tuple[FindingRecord, ...]
    texts: tuple[TextRecord, ...]


def _paragraphs(body: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"\n\s*\n", body) if p.strip())


def report_record(report: Report, url: str, findings: list[Finding]) -> ReportRecord:
    """report.json without its cells (report_json adds them)."""
    meta = report.meta
    return ReportRecord(
        SCHEMA_ID, meta.slug, url, meta.organ, meta.kind, meta.year, meta.template,
        RegionRecord(meta.region_code, meta.region_names),
        meta.published.isoformat() if meta.published else None, meta.source_url, report.title,
        tuple(FindingRecord(f.rule, f.severity, f.message, f.cell, f.line, f.col, f.waived) for f in findings),
        ((TextRecord(None, "", _paragraphs(report.preamble)),) if report.preamble.strip() else ())
        + tuple(TextRecord(s.key, s.heading, _paragraphs(s.body)) for s in report.sections),
    )


def report_json(record: ReportRecord, values: list[tuple[int | float | None, str]]) -> str:
    """report.json, as to_json would write it: the record; its cells, every
    official one by code (table.row.column, as findings name them), null
    when blank; and `raw`, the cells written other than as their number
    (「—」, 「1,234」, 「12.50」), by code."""
    codes = leaves(record.template)
    cells = [leaf.json + orjson.dumps(value) for leaf, (value, _) in zip(codes, values)]
    raw = [leaf.json + orjson.dumps(text) for leaf, (value, text) in zip(codes, values) if text != _value(value)]
    return (orjson.dumps(record)[:-1] + b',"cells":{' + b",".join(cells) + b'},"raw":{' + b",".join(raw) + b"}}\n").decode()


def to_json(data: Any) -> str:
    """Compact UTF-8 JSON (orjson: the same text as json.dumps with
    ensure_ascii=False and no spaces, five times faster)."""
    return orjson.dumps(data).decode() + "\n"


def _csv_lines(rows: Iterable[Iterable[Any]]) -> str:
    """CSV lines as Excel writes them; None is an empty field."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([map(spreadsheet, row) for row in rows])
    return buffer.getvalue()


def report_row(**values: object) -> dict[str, object]:
    """A line of reports.csv: every one of REPORT_FIELDS, by name (region
    names joined by 「/」)."""
    if values.keys() != set(REPORT_FIELDS):
        raise TypeError(f"reports.csv has the columns {REPORT_FIELDS}, not {tuple(values)}")
    row = {k: values[k] for k in REPORT_FIELDS}
    names = row["region_names"]
    return row | {"region_names": "/".join(names) if isinstance(names, tuple) else names}


def to_csv(fields: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> str:
    """A whole CSV file: BOM, header, one line per row (other keys ignored)."""
    return "\ufeff" + _csv_lines([fields, *map(itemgetter(*fields), rows)])


def _batches(rows: Iterable[Any]) -> Iterator[list[Any]]:
    left = iter(rows)
    return iter(lambda: list(islice(left, 1000)), [])


def csv_table(fields: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The UTF-8 text of to_csv, a thousand rows at a time: a province's
    findings or catalogue is tens of megabytes as one string."""
    yield to_csv(fields, []).encode()
    for batch in _batches(rows):
        yield _csv_lines(map(itemgetter(*fields), batch)).encode()


def json_list(rows: Iterable[Any]) -> Iterator[bytes]:
    """The UTF-8 text of to_json of a list, a thousand items at a time."""
    yield b"["
    for n, batch in enumerate(_batches(rows)):
        yield (b"," if n else b"") + b",".join(map(orjson.dumps, batch))
    yield b"]\n"


def _value(value: float | None) -> str:
    return "" if value is None else str(value)


def cells_file(version: int) -> str:
    """The file of data/ with the cells of a template version's reports."""
    return f"cells-{version}.csv"


def cells_line(record: ReportRecord, values: list[tuple[int | float | None, str]], status: Status) -> str:
    """The report's row of its template version's cells file: its slug,
    organ, year and standing after the checks, then its cells in template
    order (a number never needs quoting)."""
    head = _csv_lines([(record.slug, record.organ, record.year, status)]).removesuffix("\r\n")
    return ",".join([head, *(_value(value) for value, _ in values)]) + "\r\n"


def cells_header(version: int) -> str:
    """The first line of a cells file: the report's columns, then every cell's code."""
    return "\ufeff" + _csv_lines([[f[0] for f in _CELLS] + [leaf.code for leaf in leaves(version)]])


def _field(name: str, kind: str, title: str, description: str = "") -> dict[str, str]:
    out = {"name": name, "type": kind, "title": title}
    if description:
        out["description"] = description
    return out


def _cell_fields(version: int) -> list[dict[str, str]]:
    """A cells file's column for each cell of a template version: its code, titled by its labels."""
    return [_field(leaf.code, "number", f"{leaf.table_name} · {leaf.row_label} · {leaf.column_label}", _BLANK)
            for leaf in leaves(version)]


def _resource(name: str, title: str, fields: list[dict[str, str]], key: list[str], path: str = "",
              foreign: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": fields, "primaryKey": key} if key else {"fields": fields}
    schema |= {"foreignKeys": foreign} if foreign else {}
    return {
        "name": name,
        "title": title,
        "path": path or f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "schema": schema,
    }


def dictionary_rows() -> list[dict[str, object]]:
    """data/dictionary.csv: every code with its official label."""
    return [dict(zip(DICTIONARY_FIELDS, (version, table, name, axis, key, label)))
            for version, table, name, heads in dictionary() for axis, key, label in heads]


def dictionary() -> list[tuple[int, str, str, tuple[tuple[str, str, str], ...]]]:
    """Every code of the data files with its official label, by template
    version and table: (version, table key, table name, ((axis, key, label), ...))."""
    out = []
    for version in tpl.versions():
        spec = tpl.load(version)
        for table in spec.tables:
            heads = [("行", h.key, h.label) for h in table.rows] + [("列", h.key, h.label) for h in table.columns]
            out.append((version, table.key, spec.table_name(table), tuple(heads)))
    return out


def created(newest: str) -> str | None:
    """When the data was made, as the data package says it: the build's
    time when SOURCE_DATE_EPOCH gives it (reproducible builds' convention;
    the deploy workflows pass the commit's time), else the newest report's
    publication date, so that the same reports give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(min(int(epoch), 253402300799), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{newest}T00:00:00Z" if newest else None


def datapackage(made: str | None = None) -> dict[str, Any]:
    """Frictionless Data Package describing the data files; `made`: its `created`."""
    def fields(columns: tuple[tuple[str, str, str, str], ...]) -> list[dict[str, str]]:
        return [_field(*f) if f[0] != "template" else _field(*f[:3], tpl.versions_text()) for f in columns]

    return {
        "name": "nianbao-reports",
        "title": "政府信息公开工作年度报告数据集",
        "description": "政府信息公开工作年度报告的全部统计表数据及报告目录：通过检查的报告，"
        "以及未通过检查、本站未发布的报告（其数字照原报告列入，reports.csv 的 status 为「" + Status.FAILED + "」，请酌情使用）。"
        "统计表按模板版本各一个文件，每份报告一行，每格一列，列名为格的代码「表.行.列」，"
        "其官方标签见 dictionary.csv 和各列的 title；空值表示原报告未填写或所填不能读作数字，不等于 0。",
        "version": __version__,
        **({"created": made} if made else {}),
        "licenses": [{"name": "CC0-1.0", "title": "原报告为政府公开信息；本数据集整理部分以 CC0 发布"}],
        "resources": [
            *(_resource(f"cells_{version}", f"{version}年版模板的报告的统计表（每份报告一行，每格一列）",
                        fields(_CELLS) + _cell_fields(version), ["report"], cells_file(version),
                        [{"fields": ["report"], "reference": {"resource": "reports", "fields": ["report"]}}])
              for version in tpl.versions()),
            _resource("reports", "报告目录", fields(_REPORTS), ["report"]),
            _resource("findings", "检查结果（已发布和未通过检查的报告）", fields(_FINDINGS), []),
            _resource("dictionary", "数据字典：表、行、列的代码及其官方标签", fields(_DICTIONARY), ["template", "table", "axis", "key"]),
        ],
    }


def report_schema() -> dict[str, Any]:
    """JSON Schema of the per-report download (report.json)."""
    nullable_str = {"type": ["string", "null"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "政府信息公开工作年度报告（nianbao 导出）",
        "type": "object",
        "required": ["schema", "slug", "organ", "kind", "year", "template", "title", "cells", "raw", "findings"],
        "properties": {
            "schema": {"const": SCHEMA_ID},
            "slug": {"type": "string", "pattern": "^[a-z0-9-]+$"},
            "url": {"type": "string"},
            "organ": {"type": "string", "description": "机关名称"},
            "kind": {"enum": list(tpl.organ_kinds())},
            "year": {"type": "integer"},
            "template": {"enum": list(tpl.versions())},
            "region": {
                "type": "object",
                "properties": {"code": nullable_str, "names": {"type": "array", "items": {"type": "string"}}},
            },
            "published": {"type": ["string", "null"], "format": "date"},
            "source_url": nullable_str,
            "title": {"type": "string"},
            "texts": {
                "type": "array",
                "description": "报告的正文，按章节分段（照源文件写法；表格见 cells）",
                "items": {
                    "type": "object",
                    "required": ["section", "heading", "paragraphs"],
                    "properties": {
                        "section": {"type": ["string", "null"], "description": "模板的章节键；null 为第一个章节之前的文字"},
                        "heading": {"type": "string"},
                        "paragraphs": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
            "findings": {
                "type": "array",
                "description": "检查结果（含已豁免的，waived 为豁免理由）",
                "items": {
                    "type": "object",
                    "required": ["rule", "severity", "message"],
                    "properties": {
                        "rule": {"type": "string"},
                        "severity": {"enum": [s.value for s in Severity]},
                        "message": {"type": "string"},
                        "cell": nullable_str,
                        "line": {"type": "integer"},
                        "col": {"type": "integer", "description": "Unicode code points, 1-based"},
                        "waived": nullable_str,
                    },
                },
            },
            "cells": {
                "type": "object",
                "description": "模板的每一格，键为「表.行.列」（官方标签见 data/dictionary.csv），值为数值；null：未填写或无法读作数字",
                "propertyNames": {"pattern": _CODE},
                "additionalProperties": {"type": ["number", "null"]},
            },
            "raw": {
                "type": "object",
                "description": "源文件中写法不是其数值的格（如「—」「1,234」），键同 cells，值为原样写法",
                "propertyNames": {"pattern": _CODE},
                "additionalProperties": {"type": "string"},
            },
        },
    }
