"""The batch summary: one row per report (organ, region, kind, year, its
status, its findings counted by severity and by rule), as CSV with a BOM
(Excel and WPS read UTF-8 Chinese only so) and as .xlsx (openpyxl)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from ..base.escape import spreadsheet
from ..base.escape import xml as printable
from ..lint.rules import Rule
from ..model.finding import Finding, Severity, Status
from ..model.report import Report
from .stable_zip import stable

HEADER = ("文件", "机关", "地区", "类型", "年度", "状态", *(s.zh for s in Severity), "已豁免")


@dataclass(frozen=True)
class Row:
    path: str
    organ: str
    region: str
    kind: str
    year: int | None
    status: str
    by_rule: dict[str, int]  # unwaived findings by rule id
    counts: tuple[int, int, int, int]  # errors, warnings, infos, waived

    def cells(self, rules: list[str]) -> list[object]:
        return [self.path, self.organ, self.region, self.kind, self.year or "", self.status, *self.counts,
                *(self.by_rule.get(r, 0) for r in rules)]


def row(report: Report, findings: list[Finding]) -> Row:
    live = [f for f in findings if not f.waived]
    severities = Counter(f.severity for f in live)
    waived = sum(1 for f in findings if f.waived)
    status = Status.of(findings)
    meta = report.meta
    return Row(report.path, meta.organ, "/".join(meta.region_names), meta.kind, meta.year, status,
               dict(Counter(f.rule for f in live)),
               (severities[Severity.ERROR], severities[Severity.WARNING], severities[Severity.INFO], waived))


def unreadable(path: str, reason: str) -> Row:
    return Row(path, "", "", "", None, f"无法读取：{reason}", {}, (0, 0, 0, 0))


def _table(rows: list[Row], rules: dict[str, Rule]) -> list[list[object]]:
    used = sorted({r for row in rows for r in row.by_rule})
    header: list[object] = [*HEADER, *(f"{r} {rules[r].title}" if r in rules else r for r in used)]
    return [header, *(row.cells(used) for row in rows)]


def as_csv(rows: list[Row], rules: dict[str, Rule]) -> str:
    """For Excel and WPS: text that would start a formula there is quoted
    with 「'」, as spreadsheets do themselves."""
    out = io.StringIO()
    table = [[spreadsheet(v) for v in values] for values in _table(rows, rules)]
    csv.writer(out, lineterminator="\r\n").writerows(table)
    return "\ufeff" + out.getvalue()


def as_xlsx(rows: list[Row], rules: dict[str, Rule], when: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    sheet = book.active
    sheet.title = "汇总"
    for values in _table(rows, rules):
        sheet.append([printable(v) if isinstance(v, str) else v for v in values])
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":  # text that looks like a formula (「=HYPERLINK(…)」) stays text
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 24
    stamp = datetime(when.year, when.month, when.day)
    book.properties.created = book.properties.modified = stamp  # the writer below keeps them (save_workbook would not)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return stable(out.getvalue())
