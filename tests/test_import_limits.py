"""Inputs too large to be a report are refused before any work, with the
limit and how to raise it: one located error, the batch goes on."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from nianbao.commands.cli import main
from nianbao.importers import ImportFailure, import_file


def _pdf(path: Path, pages: int, size: tuple[float, float]) -> Path:
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pagesize=size)
    for _ in range(pages):
        drawing.drawString(10, 10, "x")
        drawing.showPage()
    drawing.save()
    return path


def test_a_huge_pdf_page_is_refused_before_it_is_drawn(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="第1页页面的边长为 14,400 磅，超过上限 3,000 磅.*NIANBAO_MAX_PAGE_POINTS"):
        import_file(_pdf(tmp_path / "big.pdf", 1, (14400, 14400)))


def test_too_many_pages_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_MAX_PAGES", "5")
    with pytest.raises(ImportFailure, match="页数为 6 页，超过上限 5 页"):
        import_file(_pdf(tmp_path / "long.pdf", 6, (595, 842)))


def test_a_huge_image_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "huge.png"
    Image.new("1", (10000, 10000)).save(path)  # 100 million pixels, a few kilobytes
    with pytest.raises(ImportFailure, match="图片的像素数为 100,000,000 像素"):
        import_file(path)


def test_a_word_file_that_unpacks_to_too_much_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_MAX_FILE_BYTES", str(1 << 20))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", "<w:document>" + " " * (4 << 20) + "</w:document>")
    path = tmp_path / "bomb.docx"
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 100_000
    with pytest.raises(ImportFailure, match="Word 文件解压后的大小"):
        import_file(path)


@pytest.mark.slow
def test_an_import_that_lint_would_refuse_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.txt"
    big.write_text("某县某局2024年政府信息公开工作年度报告\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n"
                   + "本年度工作情况良好。" * 160_000 + "\n", encoding="utf-8")
    small = tmp_path / "ok.txt"
    small.write_text("某县某局2024年政府信息公开工作年度报告\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n", encoding="utf-8")
    out = tmp_path / "reports"
    assert main(["import", str(big), str(small), "--out", str(out)]) == 2
    said = capsys.readouterr()
    assert "超过检查的上限 4 MB" in said.out + said.err
    assert [p.name for p in out.glob("*.md")] == ["mouxianmouju-2024.md"]


def _utf16(text: str, codec: str, broken_at: int) -> bytes:
    data = text.encode(codec)
    at = broken_at - broken_at % 2
    half = "\ud800".encode(codec, "surrogatepass")  # one half of a character pair, alone
    return data[:at] + half + data[at:]


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-le", b""), ("utf-16-be", b"")])
@pytest.mark.parametrize("broken_at", [40, 400])
def test_a_broken_utf16_text_is_one_located_error(tmp_path: Path, codec: str, bom: bytes, broken_at: int) -> None:
    """Half a character pair cannot be read as anything: never a guessed
    character, never 「内部错误」, never 「二进制文件」 for what is Chinese text."""
    text = "某县某局2024年政府信息公开工作年度报告\n" + "本年度工作情况良好。" * 30
    path = tmp_path / "r.txt"
    path.write_bytes(bom + _utf16(text, codec, broken_at))
    with pytest.raises(ImportFailure, match=f"第 {len(bom) + broken_at + 1} 字节起的内容不是有效字符"):
        import_file(path)


def _docx_with(tmp_path: Path, change: str) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("某县2024年政府信息公开工作年度报告")
    document.add_paragraph("正文")
    plain = tmp_path / "plain.docx"
    document.save(plain)
    out = tmp_path / "r.docx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data = data.replace("<w:t>正文</w:t>".encode(), change.encode())
            target.writestr(name, data)
    return out


@pytest.mark.parametrize("change", ["<w:t>正&#x7;文</w:t>", "<w:t>正文</w:t>" + "<w:x>" * 300 + "</w:x>" * 300,
                                    "<w:t>正文</w:p>"])
def test_a_word_file_whose_xml_is_broken_is_one_located_error(tmp_path: Path, change: str) -> None:
    with pytest.raises(ImportFailure, match=r"Word 文件内部的 XML 已损坏.*（第 \d+ 行第 \d+ 列）"):
        import_file(_docx_with(tmp_path, change))
