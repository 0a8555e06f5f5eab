"""`nianbao import DIR`: one source per report, a summary, exit 1 on failures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import seed
from office_support import write_docx, write_html

from nianbao.importers import import_file
from nianbao.model.source import parse

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out


def _import(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao", "import", *args], capture_output=True, text=True)


def test_mixed_folder(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_bytes(seed(0).read_bytes())
    (inbox / "b.txt").write_bytes(seed(1).read_text(encoding="utf-8").encode("gb18030"))
    (inbox / "c.txt").write_bytes(seed(3).read_text(encoding="utf-8").encode("utf-16"))
    write_docx(parse(import_file(seed(4)).text), inbox / "d.docx")
    write_html(parse(import_file(seed(2)).text), inbox / "e.html", "2025-01-22")
    (inbox / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    (inbox / "news.html").write_text("<html><body><h1>县长调研春耕生产</h1><p>发布日期：2026-03-01</p></body></html>", encoding="utf-8")
    out = tmp_path / "reports"
    done = _import(str(inbox), "--out", str(out))
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert lines[0] == "已导入：3" and "已导入，有问题：2" in lines and "失败：3" in lines
    failed = done.stdout.split("失败：3")[1]
    assert "news.html" in failed and "找不到年度报告正文" in failed and "broken.docx" in failed and "Word" in failed
    assert "broken.pdf" in failed and "不是有效的 PDF 文件" in failed
    sources = [
        "dazhaizhen-2025.md",
        "hongqiquxiaodianzhen-2025.md",
        "juluxianrenminzhengfubangongshi-2025.md",
        "juluxianxiaolvzhaizhen-2025.md",
        "report-2024.md",
    ]
    assert sorted(p.name for p in out.iterdir()) == sources[:4] + ["originals", "report-2024.md"]
    # beside each source, where each of its rows and paragraphs came from in the original
    assert sorted(p.name for p in (out / "originals").iterdir()) == [s.replace(".md", ".where.json") for s in sources]


def test_existing_source_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    assert _import(str(seed(4)), "--out", str(out)).returncode == 0
    target = out / "hongqiquxiaodianzhen-2025.md"
    target.write_text("edited by hand", encoding="utf-8")
    again = _import(str(seed(4)), "--out", str(out))
    assert again.returncode == 2 and "已存在" in again.stdout
    assert target.read_text(encoding="utf-8") == "edited by hand"
    assert _import(str(seed(4)), "--out", str(out), "--force").returncode == 0
    assert target.read_text(encoding="utf-8") != "edited by hand"
