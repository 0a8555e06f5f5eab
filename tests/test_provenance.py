"""The original and its provenance: import records the document's name and
SHA-256 (and the URL and date when given) and can keep a copy; the report
page links to both the source page and the kept document, never to a kept
web page (its scripts would run as the portal's)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from build_support import build_site
from lint_support import TOWN_2021, text_of
from lxml import html
from markdown_it import MarkdownIt

from nianbao.commands.cli import main
from nianbao.model import provenance
from nianbao.model.source import parse_file


@pytest.mark.parametrize("suffix, linked", [(".md", True), (".html", False)])
def test_import_keeps_the_original_and_the_page_links_it(tmp_path: Path, suffix: str, linked: bool) -> None:
    body = text_of(TOWN_2021).split("---\n", 2)[2]
    original = tmp_path / f"小店镇2025年报{suffix}"
    page = MarkdownIt("commonmark").enable("table").render(body)
    original.write_text(body if suffix == ".md" else f"<html><body>{page}<script>alert(1)</script></body></html>",
                        encoding="utf-8")
    out = tmp_path / "reports"
    assert main(["import", str(original), "--out", str(out), "--keep-original", "--url", "https://www.example.gov.cn/a.html",
                 "--published", "2026-01-15"]) == 0
    (source,) = out.glob("*.md")
    meta = parse_file(source).meta
    assert meta.original.file == original.name
    assert meta.original.sha256 == hashlib.sha256(original.read_bytes()).hexdigest()
    assert meta.source_url == "https://www.example.gov.cn/a.html" and meta.published.isoformat() == "2026-01-15"
    kept = out / meta.original.kept
    assert kept.read_bytes() == original.read_bytes() and kept.parent.name == "originals"
    site = tmp_path / "site"
    summary = build_site(site, [out], search=False)
    assert summary.published == [str(source)]  # the kept copy is not taken for a source
    folder = site / "2025" / meta.slug
    page = html.fromstring((folder / "index.html").read_bytes())
    assert page.xpath("//a[@href='https://www.example.gov.cn/a.html']")
    assert bool(page.xpath(f"//a[@href='original{suffix}']")) == linked
    assert (folder / f"original{suffix}").exists() == linked
    assert meta.original.sha256[:16] in page.text_content()


def _imported(tmp_path: Path, name: str) -> tuple[Path, str, provenance.Provenance | None]:
    """A fixture imported as an office would: its source, slug and provenance record."""
    out = tmp_path / "reports"
    assert main(["import", str(Path(__file__).parent / "fixtures" / "import" / name), "--out", str(out)]) in (0, 1)
    (source,) = out.glob("*.md")
    slug = parse_file(source).meta.slug
    return source, slug, provenance.load(source, slug)


def _letter_with_a_wrong_cell(tmp_path: Path, source: Path, slug: str) -> str:
    """The web letter after the first cell of 「一、本年新收」 is set to 9999."""
    text = source.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 一、本年新收"))
    cells = row.split("|")
    cells[2] = " 9999 "
    source.write_text(text.replace(row, "|".join(cells)), encoding="utf-8")
    main(["review", str(source.parent), "--out", str(tmp_path / "review"), "--date", "2026-01-20"])
    return (tmp_path / "review" / f"{slug}.html").read_text(encoding="utf-8")


def test_import_records_where_each_row_came_from_and_the_letter_cites_the_original(tmp_path: Path) -> None:
    source, slug, record = _imported(tmp_path, "pdf_unruled.pdf")
    assert record is not None and record.file == "pdf_unruled.pdf"
    found = record.of_row("t3", "new")
    assert found is not None and found[0].page == 1
    assert found[1] == "一、本年新收政府信息公开申请数量 217 1 0 0 0 0 218"
    # Break one cell; the review letter points the organ to its own page and words, not to our line.
    letter = _letter_with_a_wrong_cell(tmp_path, source, slug)
    assert "原文第 1 页：「一、本年新收政府信息公开申请数量 217 1 0 0 0 0 218」" in letter
    assert not any("表三" in part and "源文件第" in part for part in letter.split("<p"))


def test_a_letter_quotes_a_web_page_by_its_words_not_by_a_line_of_its_source(tmp_path: Path) -> None:
    """A web page's (or a crawler's text's) line numbers are no place the
    organ knows: the letter quotes the row as the original writes it."""
    source, slug, record = _imported(tmp_path, "cms_year_first.html")
    found = record.of_row("t3", "new") if record else None
    assert found is not None and found[0].page is None
    letter = _letter_with_a_wrong_cell(tmp_path, source, slug)
    assert f"原文：「{found[1]}」" in letter and "原文第" not in letter


@pytest.mark.parametrize("content", [b"\x80not json", b'{"file": "a", "places": [[1]]}', b"[]"])
def test_a_broken_provenance_record_is_no_record(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "originals").mkdir()
    (tmp_path / "originals" / "x.where.json").write_bytes(content)
    assert provenance.load(tmp_path / "x.md", "x") is None


def test_a_provenance_record_behind_a_link_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text('{"file": "a", "sha256": "", "places": []}', encoding="utf-8")
    (tmp_path / "c" / "originals").mkdir(parents=True)
    (tmp_path / "c" / "originals" / "x.where.json").symlink_to(outside)
    assert provenance.load(tmp_path / "c" / "x.md", "x") is None


def test_the_report_page_shows_where_a_finding_is_in_the_original(tmp_path: Path) -> None:
    pdf = Path(__file__).parent / "fixtures" / "import" / "pdf_unruled.pdf"
    out = tmp_path / "reports"
    main(["import", str(pdf), "--out", str(out)])
    (source,) = out.glob("*.md")
    text = source.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 一、本年新收"))
    cells = row.split("|")
    cells[2] = " 9999 "
    waivers = "".join(f"- rule: NB10{n}\n  reason: 原文如此\n" for n in range(1, 6))
    text = text.replace(row, "|".join(cells)).replace("\n---\n", f"\nwaivers:\n{waivers}---\n", 1)
    source.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    summary = build_site(site, [out], search=False)
    assert summary.published == [str(source)]  # published, its waived findings shown
    page = (site / "2023" / "linhexianjiaotongyunshuju-2023" / "index.html").read_text(encoding="utf-8")
    assert "原文第 1 页：「一、本年新收政府信息公开申请数量 217 1 0 0 0 0 218」" in page


def test_a_finding_on_a_sentence_cites_its_page_in_the_letter_and_on_the_page(tmp_path: Path) -> None:
    """A narrative finding: the letter quotes the sentence (not the line's
    opening) with the page of the PDF it came from, and so does the portal."""
    source, slug, record = _imported(tmp_path, "pdf_unruled.pdf")
    said = "全年收到政府信息公开申请218件"
    text = source.read_text(encoding="utf-8")
    assert said in text and record is not None
    source.write_text(text.replace(said, "全年收到政府信息公开申请219件", 1), encoding="utf-8")
    main(["review", str(source.parent), "--out", str(tmp_path / "review"), "--date", "2026-01-20"])
    letter = (tmp_path / "review" / f"{slug}.html").read_text(encoding="utf-8")
    assert "部分，原文第 1 页：「全年收到政府信息公开申请219件，上年结转3件，已办结216…」" in letter
    build_site(tmp_path / "site", [source.parent], search=False)
    page = html.fromstring((tmp_path / "site" / "2023" / slug / "index.html").read_bytes())
    (finding,) = [li for li in page.xpath("//li[starts-with(@id, 'finding-')]") if "NB501" in li.text_content()]
    assert finding.xpath("string(.//span[@class='origin'])") == "原文第 1 页"


def test_two_paragraphs_opening_alike_are_told_apart_by_more_of_their_words() -> None:
    """Two paragraphs of a PDF on pages 2 and 5 share their first 20
    characters; the sentence's page is the one whose opening is in the line."""
    common = "根据《中华人民共和国政府信息公开条例》规定，"
    record = provenance.Provenance("a.pdf", (
        provenance.Place(3, 2, 0, "para", "overview", common + "本机关编制本报告，全文包括总体情况等六个部分。"),
        provenance.Place(40, 5, 0, "para", "other", common + "本机关没有收取任何信息处理费用，特此说明。"),
    ))
    line = common + "本机关没有收取任何信息处理费用，特此说明。"
    found = record.of_text(line, len(common) + 3)
    assert found is not None and found.page == 5
