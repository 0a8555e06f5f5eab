"""Word files built from the seeds' real content (official merged headers,
seed 001's numbers and errors) import to the same model as the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import seed
from office_support import write_docx

from nianbao.importers import ImportFailure, import_file
from nianbao.model.report import Report
from nianbao.model.source import parse

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out


def projection(report: Report) -> dict:
    return {
        "meta": (report.meta.organ, report.meta.year, report.meta.template, report.meta.slug),
        "title": report.title,
        "sections": [(s.key, s.body) for s in report.sections],
        "cells": {k: sorted((key, c.value, c.blank) for key, c in t.cells.items()) for k, t in report.tables.items()},
    }


@pytest.mark.parametrize("number", [0, 1, 2, 4])
def test_docx_imports_to_the_same_model_as_the_text(number: int, tmp_path: Path) -> None:
    options = {"organ": "巨鹿县巨鹿镇"} if number == 2 else {}
    from_text = parse(import_file(seed(number), **options).text)
    document = tmp_path / "report.docx"
    write_docx(from_text, document)
    result = import_file(document, **options)
    assert projection(parse(result.text)) == projection(from_text)
    assert [p for p in result.problems if "机关名称" not in p.message] == []


def test_docx_has_real_merged_header_cells(tmp_path: Path) -> None:
    from docx import Document

    document = tmp_path / "report.docx"
    write_docx(parse(import_file(seed(1)).text), document)
    tables = Document(str(document)).tables
    t3 = next(t for t in tables if "申请人情况" in t._tbl.xml)
    assert 'w:gridSpan w:val="5"' in t3._tbl.xml and "w:vMerge" in t3._tbl.xml


def test_seed_001_errors_survive_the_round_trip(tmp_path: Path) -> None:
    document = tmp_path / "report.docx"
    write_docx(parse(import_file(seed(1)).text), document)
    report = parse(import_file(document).text)
    assert report.cell("t3", "total", "total").value == 16
    assert report.cell("t3", "partial", "natural").value == 2 and report.cell("t3", "partial", "total").value == 0


def test_corrupt_docx_is_a_clear_failure(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(ImportFailure, match="不是有效的 Word"):
        import_file(broken)


def test_same_docx_twice_gives_identical_output(tmp_path: Path) -> None:
    document = tmp_path / "report.docx"
    write_docx(parse(import_file(seed(4)).text), document)
    assert import_file(document).text == import_file(document).text


def test_a_docx_declaring_entities_is_refused_not_cut_short(tmp_path) -> None:
    import io
    import zipfile

    import pytest
    from conftest import FIXTURES

    from nianbao.importers import ImportFailure, import_file

    original = (FIXTURES / "import" / "word_official.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/document.xml":
                head, rest = data.split(b"?>", 1)
                data = head + b'?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/hostname">]>' + rest.replace(
                    b"<w:t>", b"<w:t>&x;", 1)
            new.writestr(item, data)
    path = tmp_path / "entity.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(ImportFailure, match="实体声明"):
        import_file(path)
