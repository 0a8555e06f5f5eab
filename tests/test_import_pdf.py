"""Text-layer PDFs generated from the seeds, 表三 broken across two pages,
import to the same model as the text."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from conftest import seed
from office_support import write_pdf

from nianbao.importers import ImportFailure, import_file
from nianbao.model.source import parse


def _cells(report):
    return {k: sorted((key, c.value, c.blank) for key, c in t.cells.items()) for k, t in report.tables.items()}


@pytest.mark.parametrize("number", [0, 1])
def test_pdf_with_table_three_across_a_page_break(number: int, tmp_path: Path) -> None:
    from_text = parse(import_file(seed(number)).text)
    document = tmp_path / "report.pdf"
    write_pdf(from_text, document)
    with pdfplumber.open(str(document)) as pdf:
        pages_with_t3 = [i for i, page in enumerate(pdf.pages) if "属于国家秘密" in (page.extract_text() or "")
                         or "（七）总计" in (page.extract_text() or "")]
        assert len(set(pages_with_t3)) == 2, "the test PDF must break 表三 across two pages"
    imported = parse(import_file(document).text)
    assert _cells(imported) == _cells(from_text)
    assert imported.title == from_text.title
    assert [s.key for s in imported.sections] == [s.key for s in from_text.sections]


def test_scanned_pdf_needs_ocr(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(scan))
    page.rect(50, 50, 400, 600, fill=1)
    page.save()
    with pytest.raises(ImportFailure, match="扫描件.*OCR"):
        import_file(scan)
