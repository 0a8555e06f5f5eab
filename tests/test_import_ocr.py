"""Scanned reports, read offline by OCR: pages rendered and degraded here
as a scanner does (tests/scan_support.py), imported number-exact."""

from __future__ import annotations

import io
from concurrent.futures import Future
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from conftest import FIXTURES
from import_corpus import expected_cells
from scan_support import save_pdf, scanned_pages, smudge

from nianbao.importers import ImportFailure, import_file
from nianbao.importers.ocr import engine as ocr
from nianbao.importers.ocr import layout
from nianbao.model import template as tpl
from nianbao.model.source import parse

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out

SOURCES = {"A": FIXTURES / "import" / "pdf_for_scan.pdf", "B": FIXTURES / "import" / "pdf_for_scan_2019.pdf"}
STACKED = FIXTURES / "import" / "pdf_stacked_headers.pdf"  # report A, header cells over two lines or one character a line


def _wrong(text: str, report: str, skip: set[tuple[str, str, str]] = frozenset()) -> list:
    parsed = parse(text)
    wrong = []
    for (table, row, column), value in expected_cells({"report": report}).items():
        if (table, row, column) in skip:
            continue
        cell = parsed.cell(table, row, column)
        got = None if cell is None or cell.blank else cell.value
        want = Decimal(value) if isinstance(value, str) else value
        if got != want:
            wrong.append((table, row, column, want, cell and cell.raw))
    return wrong


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scans")
    out = {}
    for report, source in SOURCES.items():
        out[report] = folder / f"scan-{report}.pdf"
        save_pdf(scanned_pages(source), out[report])
    return out


@pytest.mark.parametrize("report", ["A", "B"])
def test_a_scanned_report_imports_number_exact_with_its_sections(scans: dict[str, Path], report: str) -> None:
    result = import_file(scans[report])
    assert _wrong(result.text, report) == []
    parsed = parse(result.text)
    assert [s.key for s in parsed.sections] == [s.key for s in tpl.load(result.template).sections]
    assert parsed.meta.year == (2023 if report == "A" else 2020)


def test_a_pdf_with_text_pages_and_one_scanned_table_page(scans: dict[str, Path], tmp_path: Path) -> None:
    text, scanned = pdfium.PdfDocument(str(SOURCES["A"])), pdfium.PdfDocument(str(scans["A"]))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(text, [0])
    mixed.import_pages(scanned, [1])  # the page that holds most of 表三
    mixed.import_pages(text, list(range(2, len(text))))
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    with pdfplumber.open(str(path)) as pdf:
        assert [bool(page.chars) for page in pdf.pages] == [True, False, True]
    assert _wrong(import_file(path).text, "A") == []


def test_header_cells_stacked_in_narrow_columns(tmp_path: Path) -> None:
    """Narrow columns wrap their header cells (「商业/企业」, 表四's
    「结/果/维/持」 one character a line): none is a column label as read,
    and the rows are still placed number-exact."""
    path = tmp_path / "stacked.pdf"
    save_pdf(scanned_pages(STACKED), path)
    assert _wrong(import_file(path).text, "A") == []


def _box_of(pdf: Path, page: int, after: str, word: str) -> tuple[int, int, int, int]:
    """Where `word` stands, right of the label `after`, in pixels at 150 dpi."""
    with pdfplumber.open(str(pdf)) as document:
        words = document.pages[page].extract_words()
    label = next(w for w in words if w["text"].startswith(after))
    hit = next(w for w in words if w["text"] == word and abs(w["top"] - label["top"]) < 12 and w["x0"] > label["x1"])
    scale = 150 / 72
    return (int(hit["x0"] * scale) - 3, int(hit["top"] * scale) - 3, int(hit["x1"] * scale) + 3, int(hit["bottom"] * scale) + 3)


def test_a_smudged_cell_stays_blank_with_a_located_warning(tmp_path: Path) -> None:
    pages = scanned_pages(SOURCES["A"])
    pages[0] = smudge(pages[0], _box_of(SOURCES["A"], 0, "一、本年新收", "217"))
    path = tmp_path / "smudged.pdf"
    save_pdf(pages, path)
    result = import_file(path)
    cell = ("t3", "new", "natural")
    assert parse(result.text).cell(*cell).blank
    assert _wrong(result.text, "A", skip={cell}) == []
    said = [p for p in result.problems if p.page == 1 and "请核对扫描件" in p.message]
    assert any("「一、本年新收政府信息公开申请数量」行第1列（自然人）没有识别出内容" in p.message for p in said) or any(
        "不是数字" in p.message for p in said
    ), [p.message for p in result.problems]


def _table_as_picture(tmp_path: Path) -> Path:
    """Report A with 表三's second page pasted in as a picture, under a line of text."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    shot = scanned_pages(SOURCES["A"], turn=0, blur=0.3, quality=85)[1]
    scale = 150 / 72
    table = shot.crop((0, int(55 * scale), shot.width, int(800 * scale))).convert("RGB")  # no running header, no page number
    middle = tmp_path / "picture-page.pdf"
    width, height = 595.2756, 841.8898
    sheet = canvas.Canvas(str(middle), pagesize=(width, height))
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sheet.setFont("STSong-Light", 10)
    sheet.drawString(72, height - 120, "本页表格为截图。")
    sheet.drawImage(ImageReader(table), 60, height - 700, width=width - 120, height=560)
    sheet.showPage()
    sheet.save()
    text, picture = pdfium.PdfDocument(str(SOURCES["A"])), pdfium.PdfDocument(str(middle))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(text, [0])
    mixed.import_pages(picture, [0])
    mixed.import_pages(text, list(range(2, len(text))))
    path = tmp_path / "with-picture.pdf"
    mixed.save(str(path))
    return path


def test_a_table_pasted_as_a_picture_on_a_page_of_text(tmp_path: Path) -> None:
    path = _table_as_picture(tmp_path)
    with pdfplumber.open(str(path)) as pdf:
        assert pdf.pages[1].chars and pdf.pages[1].images  # a page of text, with a picture on it
    result = import_file(path)
    assert _wrong(result.text, "A") == []
    assert "本页表格为截图。" in result.text


def test_without_the_ocr_extra_a_table_picture_is_reported_not_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise ocr.OcrUnavailable(ocr.INSTALL)

    monkeypatch.setattr(ocr, "_check_installed", missing)
    result = import_file(_table_as_picture(tmp_path))
    said = [p for p in result.problems if p.page == 2]
    assert any("第2页有一幅图片，可能是表格的截图：图片中的文字没有读取" in p.message and "pip install" in p.message for p in said)


def _table_4_number(pdf: Path, nth: int) -> tuple[int, tuple[int, int, int, int]]:
    """The page and pixel box (150 dpi) of the nth number of 表四's one line of numbers."""
    with pdfplumber.open(str(pdf)) as document:
        page = len(document.pages) - 1
        words = document.pages[page].extract_words()
    head = next(w for w in words if w["text"].startswith("结果维持"))
    line = sorted((w for w in words if w["top"] > head["bottom"] and w["text"].isdigit()), key=lambda w: (round(w["top"]), w["x0"]))
    hit, scale = line[nth], 150 / 72
    return page, (int(hit["x0"] * scale) - 3, int(hit["top"] * scale) - 3, int(hit["x1"] * scale) + 3, int(hit["bottom"] * scale) + 3)


@pytest.mark.parametrize("nth", [3, 14])
def test_a_smudged_cell_of_table_4_leaves_that_cell_alone_blank(tmp_path: Path, nth: int) -> None:
    """表四 is one line of 15 numbers under header cells the reader does not
    take for columns: the ruling lines across it keep each number in its cell."""
    page, box = _table_4_number(SOURCES["A"], nth)
    pages = scanned_pages(SOURCES["A"])
    pages[page] = smudge(pages[page], box)
    path = tmp_path / "smudged.pdf"
    save_pdf(pages, path)
    result = import_file(path)
    table = tpl.load(result.template).table("t4")
    cell = ("t4", table.leaf_rows[nth // 5].key, table.leaf_columns[nth % 5].key)
    assert parse(result.text).cell(*cell).blank
    assert _wrong(result.text, "A", skip={cell}) == []
    said = [p.message for p in result.problems if p.page == page + 1]
    assert any(f"行第{nth + 1}列" in m and "没有识别出内容：此格留空" in m for m in said), said


def test_a_line_of_numbers_alone_keeps_each_in_its_place_by_their_spacing() -> None:
    """Unruled: evenly spaced numbers show their cells; a gap of two steps is
    a cell with nothing read, a misreading (「I」) a cell left blank."""
    def at(x: float, text: str) -> ocr.Box:
        return ocr.Box(x, 200, x + 12, 218, text, 0.95)

    page = ocr.Page((), 0.0)
    problems: list = []
    row = layout._loose_row(page, [at(100, "2"), at(160, "1"), at(280, "I"), at(340, "4")], 7, 3, problems)
    assert row is not None and row.cells == (None, "2", "1", "", "", "4") and row.spans_known
    assert any("第3格没有识别出内容" in p.message and p.line == 7 and p.page == 3 for p in problems)
    assert any("识别出「I」，不是数字：此格留空" in p.message for p in problems)
    whole = [at(100 + 60 * i, "0") for i in range(5)]
    assert layout._loose_row(page, whole, 7, 3, []) is None  # nothing missed: read as text
    uneven = [at(100, "2"), at(160, "1"), at(250, "0")]
    assert layout._loose_row(page, uneven + [at(290, "I")], 7, 3, []) is None  # no columns to be seen
    widths = [60, 60, 60, 60, 80] * 3  # 总计 a third wider: the steps drift, and no place is trusted
    lefts = [100 + sum(widths[:i]) + w / 2 - 6 for i, w in enumerate(widths)]
    assert layout._loose_row(page, [at(x, "0") for x in lefts[:9] + lefts[10:]] + [at(lefts[9], "I")], 7, 3, []) is None
    wide = [at(100, "2"), at(160, "1"), ocr.Box(190, 200, 270, 218, "10", 0.95), at(340, "I")]
    assert layout._loose_row(page, wide, 7, 3, []) is None  # a box wider than its cell


def test_a_rows_cells_with_nothing_read_are_said_once_for_the_row() -> None:
    """Two cells of one row missed (or empty in the original): one problem
    naming both, not one a cell, so a long blank table is checked row by row."""
    def at(x: float, text: str) -> ocr.Box:
        return ocr.Box(x, 200, x + 12, 218, text, 0.95)

    problems: list = []
    row = layout._loose_row(ocr.Page((), 0.0), [at(100, "2"), at(160, "1"), at(340, "4"), at(400, "I")], 7, 3, problems)
    assert row is not None and row.cells == (None, "2", "1", "", "", "4", "")
    unread = [p for p in problems if "没有识别出内容" in p.message]
    assert len(unread) == 1 and (unread[0].line, unread[0].page) == (7, 3), problems
    assert "一行第3格、第4格没有识别出内容" in unread[0].message and "这些格留空" in unread[0].message
    assert any("识别出「I」，不是数字" in p.message for p in problems)  # other problems of the row stay as they were


def test_an_empty_cell_or_a_dash_is_not_searched_for_text_but_a_lone_1_is(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three ruled cells cut at the line's height: their side lines run
    across the cut, as short as a 「1」. The empty one and the one with a
    dash are done without the recogniser; the 「1」, which stands clear of
    the cut's ends, is not taken for a ruling line."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (400, 100), "white")
    draw = ImageDraw.Draw(picture)
    for x in (10, 110, 210, 310):
        draw.line((x, 0, x, 99), fill="black", width=2)
    draw.line((150, 50, 168, 50), fill="black", width=2)  # a dash put for none
    draw.line((260, 40, 260, 60), fill="black", width=3)  # a 「1」
    page = ocr.Page((ocr.Box(0, 0, 40, 24, "本年", 0.99),), 0.0, picture)  # a line of text 24 pixels high

    class Asked(Exception):
        pass

    def engine() -> None:
        raise Asked

    monkeypatch.setattr(ocr, "_engine", engine)
    assert ocr.reread(page, 12, 37, 108, 63) is None  # empty
    assert ocr.reread(page, 112, 37, 208, 63) is None  # a dash
    with pytest.raises(Asked):
        ocr.reread(page, 212, 37, 308, 63)  # the 「1」 is looked at
    assert ocr._empty(page.crop(12, 37, 108, 63), 24) and not ocr._empty(page.crop(212, 37, 308, 63), 24)


def test_ruled_cells_of_odd_width_at_the_ends_are_not_cells_of_the_line() -> None:
    """A scanner's dark edge or a label column beside the ruled cells is left out."""
    def at(x: float, text: str) -> ocr.Box:
        return ocr.Box(x, 300, x + 12, 318, text, 0.97)

    page = ocr.Page((), 0.0)
    rules = [ocr.Rule(76 + 60 * i, 250, 350) for i in range(16)] + [ocr.Rule(1100, 0, 2000), ocr.Rule(-80, 0, 2000)]
    page.__dict__["rules"] = (tuple(rules), ())
    read = ["", "1", "0", "0", "4", "2", "0", "0", "1", "3", "1", "1", "0", "0", "I"]
    problems: list = []
    row = layout._loose_row(page, [at(100 + 60 * i, v) for i, v in enumerate(read) if v], 4, 1, problems)
    assert row is not None and row.cells == (None, "", *read[1:14], "")
    assert any("第1格没有识别出内容" in p.message for p in problems)


@pytest.mark.parametrize(("again", "value"), [("10", "10"), ("0", "")])
def test_a_number_read_unsurely_is_taken_only_if_a_second_look_reads_it_the_same(
    monkeypatch: pytest.MonkeyPatch, again: str, value: str
) -> None:
    monkeypatch.setattr(layout, "reread", lambda page, *box: ocr.Box(*box, again, 0.99))
    page = ocr.Page((), 0.0, object())  # a picture, never looked at: reread is replaced
    problems: list = []
    box = ocr.Box(500, 300, 520, 318, "10", 0.72)  # a ruling line beside 0, read as 1
    _, got = layout._cell(page, box, (495, 530), (300, 318), "「x」行第3列", 9, 2, problems)
    assert got == value
    if value:
        assert problems == []  # read twice the same: confirmed
    else:
        assert [p.message for p in problems] == [
            "「x」行第3列先识别为「10」（置信度 0.72），再次识别为「0」，两次不一致：此格留空，请核对扫描件"
        ]


def _page_image(angle: float) -> bytes:
    page = scanned_pages(SOURCES["A"], turn=angle)[0].convert("RGB")
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()


def test_a_photo_at_a_slight_angle_imports(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(_page_image(2.5))
    result = import_file(path)
    parsed = parse(result.text)
    assert parsed.meta.organ == "临河县交通运输局"
    assert parsed.cell("t2_1", "normative", "in_force").value == 25
    assert parsed.cell("t3", "new", "total").value == 218


@pytest.mark.parametrize("quarter", [90, -90, 180])
def test_a_page_scanned_on_its_side_or_upside_down_is_turned_and_read(tmp_path: Path, quarter: int) -> None:
    """A landscape table is often scanned lying on its side, either way; a
    sheet fed the wrong way round comes out upside down."""
    pages = [page.convert("RGB") for page in scanned_pages(SOURCES["A"])]
    path = tmp_path / "sideways.tif"  # the table page on its side between two upright ones
    pages[0].save(path, save_all=True, append_images=[pages[1].rotate(quarter, expand=True), pages[2]])
    assert _wrong(import_file(path).text, "A") == []


def test_a_photo_turned_too_far_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(_page_image(12))
    with pytest.raises(ImportFailure, match=r"倾斜约 1\d 度"):
        import_file(path)


def test_without_the_ocr_extra_a_scan_says_how_to_install_it(
    scans: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise ocr.OcrUnavailable(ocr.INSTALL)

    monkeypatch.setattr(ocr, "_check_installed", missing)
    with pytest.raises(ImportFailure, match=r"扫描件.*pip install -e '\.\[ocr\]'"):
        import_file(scans["B"])


def test_a_row_whose_sums_fail_after_reading_is_reported() -> None:
    from nianbao.importers.assemble import assemble
    from nianbao.importers.blocks import Extracted, Para, Row, TableBlock

    row = Row(("一、本年新收政府信息公开申请数量", "3", "1", "0", "0", "0", "0", "8"), 3, "", 1, spans_known=True)
    extracted = Extracted(
        [Para("某县某局2024年政府信息公开工作年度报告", 1, 1), Para("三、收到和处理政府信息公开申请情况", 2, 1), TableBlock((row,), 3)],
        scanned=True,
    )
    said = [p.message for p in assemble(extracted).problems]
    assert any("表三「一、本年新收政府信息公开申请数量」" in m and "8 和 4" in m and "请核对扫描件" in m for m in said), said


def test_ruling_lines_give_a_cell_its_bounds() -> None:
    from PIL import Image, ImageDraw

    picture = Image.new("L", (400, 300), 255)
    draw = ImageDraw.Draw(picture)
    for x in (50, 150, 300):
        draw.line([(x, 20), (x, 280)], fill=0, width=2)
    for y in (20, 100, 280):
        draw.line([(50, y), (300, y)], fill=0, width=2)
    draw.text((60, 50), "0 12 345", fill=0)  # text is no ruling line
    page = ocr.Page((), 0.0, picture.convert("RGB"))
    vertical, horizontal = page.rules
    assert [round(r.at) for r in vertical] == [50, 150, 300]
    assert [round(r.at) for r in horizontal] == [20, 100, 280]
    left, top, right, bottom = page.cell(100, 60)
    assert (round(left), round(top), round(right), round(bottom)) == (50, 20, 150, 100)
    assert page.cell(350, 60) is None  # outside the table


def test_which_way_a_page_lies_is_told_by_its_lines_not_its_digits() -> None:
    def box(w: float, h: float, text: str, score: float) -> tuple[list[list[float]], str, float]:
        return [[0, 0], [w, 0], [w, h], [0, h]], text, score

    digits = [box(11, 17, "1", 0.95)] * 60 + [box(17, 17, "0", 0.95)] * 40  # a table page: tall 「1」s
    lines = [box(300, 24, "本年度办理结果", 0.99)] * 6
    assert ocr._turn(digits + lines) == 0
    assert ocr._turn(digits) == 0  # nothing to tell by: read as it is
    assert ocr._turn(digits + [box(300, 24, "", 0.0)] * 6) == 180
    assert ocr._turn(digits + [box(24, 300, "本年度办理结果", 0.99)] * 6) == 90
    assert ocr._turn(digits + [box(24, 300, "", 0.1)] * 6) == -90


def test_a_blank_page_among_the_scans_is_passed_over(tmp_path: Path) -> None:
    from PIL import Image

    pages = [page.convert("RGB") for page in scanned_pages(SOURCES["A"])]
    blank = Image.new("RGB", pages[0].size, "white")
    path = tmp_path / "with-blank.tif"  # the back of the first sheet scanned too
    pages[0].save(path, save_all=True, append_images=[blank, *pages[1:]])
    assert _wrong(import_file(path).text, "A") == []
    only = tmp_path / "blank.png"
    blank.save(only)
    with pytest.raises(ImportFailure, match="图片中没有识别出文字"):
        import_file(only)


def test_a_scan_with_a_page_number_stamped_on_as_text_is_still_read(tmp_path: Path) -> None:
    """Websites stamp a page number or a watermark as text onto a scanned
    PDF: a few characters over a full-page picture make the page no less a scan."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "stamped.pdf"
    sheet = canvas.Canvas(str(path), pagesize=(595, 842))
    for number, page in enumerate(scanned_pages(SOURCES["A"]), 1):
        sheet.drawImage(ImageReader(page.convert("RGB")), 0, 0, width=595, height=842)
        sheet.setFont("Helvetica", 8)
        sheet.drawString(40, 825, f"www.example.gov.cn  {number}/3")
        sheet.showPage()
    sheet.save()
    with pdfplumber.open(str(path)) as pdf:
        assert all(page.chars for page in pdf.pages)
    assert _wrong(import_file(path).text, "A") == []


def test_a_stamp_with_a_number_at_the_foot_of_a_table_page_is_not_a_row() -> None:
    columns = layout._Columns()
    columns.add([ocr.Box(600 + 70 * i, 100, 640 + 70 * i, 118, name, 0.99) for i, name in enumerate("ABCDEFG")])

    def at(x: float, text: str) -> ocr.Box:
        return ocr.Box(x, 200, x + 12 * len(text), 218, text, 0.95)

    for left in (960, 80):  # at the right of the foot, or at its left, where a label would be
        stamp = [at(left, "www.example.gov.cn"), at(1200, "2")]
        assert not layout._in_table(stamp, stamp[1:], columns)
    labelled = [at(300, "（六）其他处理"), at(605, "3")]  # the other numbers smudged: still a row
    assert layout._in_table(labelled, labelled[1:], columns)
    unlabelled = [at(605 + 70 * i, "0") for i in range(7)]  # the label not read: still a row
    assert layout._in_table(unlabelled, unlabelled, columns)


@pytest.mark.parametrize("at", [500, 20])
def test_a_picture_page_with_a_few_characters_in_a_text_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    """A cover drawn as a full-page picture with a short text on it, in a PDF
    whose other pages are text. Its title in the page is text: the file is
    not a scan. A text only in the page's margin looks like a site's stamp
    on a scan: without the OCR extra, that text is read and the page reported."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from nianbao.importers.formats import pdf

    cover = tmp_path / "cover.pdf"
    sheet = canvas.Canvas(str(cover), pagesize=(595, 842))
    sheet.drawImage(ImageReader(Image.new("RGB", (620, 877), (235, 240, 250))), 0, 0, width=595, height=842)
    sheet.setFont("Helvetica", 12)
    sheet.drawString(120, at, "2023 Annual Report")
    sheet.showPage()
    sheet.save()
    whole = pdfium.PdfDocument.new()
    whole.import_pages(pdfium.PdfDocument(str(cover)))
    whole.import_pages(pdfium.PdfDocument(str(SOURCES["A"])))
    path = tmp_path / "with-cover.pdf"
    whole.save(str(path))

    def missing() -> None:
        raise ocr.OcrUnavailable(ocr.INSTALL)

    monkeypatch.setattr(ocr, "_check_installed", missing)
    result = import_file(path)
    assert _wrong(result.text, "A") == []
    warned = [p for p in result.problems if p.page == 1 and "整页图片" in p.message and "pip install" in p.message]
    assert bool(warned) == (at == 20)
    assert pdf.extract(path.read_bytes()).scanned is False


def _read_as(found: list) -> list[Future]:
    """A page's reading, as the threads hand it over: already done."""
    band: Future = Future()
    band.set_result(found)
    return [band]


def test_pages_are_read_a_few_ahead_of_their_layout_not_all_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long scan is held decoded only a few pages at a time: the first
    page comes back once AHEAD more are queued, not after every page is read."""
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(image, "PNG")
    taken: list[int] = []

    def images():
        for number in range(10):
            taken.append(number)
            yield image.getvalue()

    monkeypatch.setattr(ocr, "_queue", lambda picture: _read_as([]))
    pages = ocr.recognise(images())
    next(pages)
    assert len(taken) == ocr.AHEAD + 1
    assert len(list(pages)) == 9 and len(taken) == 10


def test_a_turned_page_is_kept_only_if_it_reads_better(monkeypatch: pytest.MonkeyPatch) -> None:
    """A poor scan, upright, reads badly too: turned, it reads worse still, so it is read as it is."""
    from PIL import Image

    def lines(score: float) -> list:
        return [([[0, 10 * i], [300, 10 * i], [300, 10 * i + 24], [0, 10 * i + 24]], "公开工作报告", score) for i in range(6)]

    readings = iter([lines(0.55), lines(0.3)])
    monkeypatch.setattr(ocr, "_queue", lambda image: _read_as(next(readings)))
    image = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(image, "PNG")
    (page,) = ocr.recognise([image.getvalue()])
    assert page.picture.size == (400, 300) and {b.confidence for b in page.boxes} == {0.55}


def test_on_its_side_the_other_quarter_is_tried_when_the_first_reads_doubtfully(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    def lines(score: float, tall: bool = False) -> list:
        w, h = (24, 300) if tall else (300, 24)
        return [([[0, 0], [w, 0], [w, h], [0, h]], "公开工作报告", score) for _ in range(6)]

    readings = iter([lines(0.3, tall=True), lines(0.5), lines(0.97)])  # as scanned; -90; then +90
    monkeypatch.setattr(ocr, "_queue", lambda image: _read_as(next(readings)))
    image = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(image, "PNG")
    (page,) = ocr.recognise([image.getvalue()])
    assert {b.confidence for b in page.boxes} == {0.97}
    assert page.picture.size == (300, 400)  # turned a quarter


def test_a_large_photo_is_read_at_the_size_of_a_200_dpi_scan() -> None:
    from PIL import Image

    from nianbao.importers.formats import image

    out = io.BytesIO()
    Image.new("RGB", (3000, 4000), "white").save(out, "JPEG")
    (page,) = image._frames(out.getvalue())
    assert Image.open(io.BytesIO(page)).size == (1800, 2400)


def test_only_a_picture_ruled_as_a_table_is_read() -> None:
    """A letterhead banner (bold strokes over one red rule) is no table; a grid is."""
    from PIL import Image, ImageDraw

    from nianbao.importers.formats import pdf

    def png(picture: Image.Image) -> bytes:
        out = io.BytesIO()
        picture.save(out, "PNG")
        return out.getvalue()

    banner = Image.new("RGB", (1400, 200), "white")
    draw = ImageDraw.Draw(banner)
    for x in range(220, 1180, 48):  # the strokes of big characters
        draw.rectangle((x, 30, x + 9, 150), fill=(220, 0, 0))
        draw.rectangle((x - 10, 60, x + 30, 68), fill=(220, 0, 0))
    draw.rectangle((0, 180, 1400, 188), fill=(220, 0, 0))
    assert not pdf._ruled(png(banner))
    grid = Image.new("RGB", (1000, 400), "white")
    draw = ImageDraw.Draw(grid)
    for x in (20, 300, 500, 700, 980):
        draw.line((x, 20, x, 380), fill=0, width=2)
    for y in (20, 110, 200, 290, 380):
        draw.line((20, y, 980, y), fill=0, width=2)
    assert pdf._ruled(png(grid))


@pytest.mark.parametrize("offset", [-20, -8, 0, 8])
def test_a_line_across_the_edge_of_a_band_is_read_once_and_whole(offset: int) -> None:
    """A page is read in bands side by side; a line of numbers standing
    across where one band ends and the next begins is neither cut in two
    nor read twice."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("RGB", (1240, 1754), "white")
    bands = ocr._bands(np.asarray(page))
    assert len(bands) == ocr.BANDS and [b[1] for b in bands[1:]] == [b[2] for b in bands[:-1]]  # every row once
    edge = bands[1][1]
    ImageDraw.Draw(page).text((200, edge + offset), "20231 45678 90", fill="black",
                              font=ImageFont.load_default(size=44), anchor="lm")
    (read,) = ocr.recognise([ocr.as_png(page)])
    assert [b.text.replace(" ", "") for b in read.boxes] == ["202314567890"]
    (box,) = read.boxes
    assert box.y0 < edge + offset < box.y1 and box.height > 30  # the whole line, not the half one band holds


def test_a_small_picture_is_read_in_one_band() -> None:
    import numpy as np
    from PIL import Image

    assert len(ocr._bands(np.asarray(Image.new("RGB", (300, 84), "white")))) == 1


@pytest.mark.parametrize("kind", ["pdf", "tiff"])
def test_the_lines_of_scanned_pages_never_repeat(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kind: str) -> None:
    """Each page's blocks go on numbering where the last page's table rows
    ended: the table reader tells rows apart by their lines, and a line
    number used twice (page 7's row and page 8's) once gave a row at the end
    of one page the numbers of a row at the top of the next."""
    from PIL import Image

    from nianbao.importers.blocks import Para, Row, TableBlock
    from nianbao.importers.formats import image as image_format
    from nianbao.importers.formats import pdf as pdf_format

    class Rows:
        """A page of a table's three rows and a line of text, numbered from `line`."""

        problems: list = []

        def page(self, page: object, number: int, line: int) -> list:
            rows = tuple(Row(("1", "2"), line + i, "1\t2", number) for i in range(3))
            return [TableBlock(rows, line), Para("甲乙丙"[number - 1] + "页的文字", line + 3, number)]

    pages = [Image.new("RGB", (200, 280), "white") for _ in range(3)]
    read = ocr.Page((ocr.Box(0, 0, 10, 10, "字", 0.9),), 0.0)
    monkeypatch.setattr(ocr, "recognise", lambda images: iter([read] * len(list(images))))
    monkeypatch.setattr(pdf_format, "_layout", Rows)
    monkeypatch.setattr(image_format, "Layout", Rows)
    if kind == "pdf":
        save_pdf(pages, tmp_path / "scan.pdf")
        blocks = pdf_format.extract((tmp_path / "scan.pdf").read_bytes()).blocks
    else:
        pages[0].save(tmp_path / "scan.tif", save_all=True, append_images=pages[1:])
        blocks = image_format.extract((tmp_path / "scan.tif").read_bytes()).blocks
    lines = [r.line for b in blocks for r in (b.rows if isinstance(b, TableBlock) else (b,))]
    assert len(lines) == 12 and lines == sorted(set(lines)), lines
