"""CMS pages in the style of real government sites import correctly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import seed
from office_support import write_html
from test_import_docx import projection

from nianbao.importers import ImportFailure, import_file
from nianbao.model.source import parse


@pytest.mark.parametrize("number", [0, 1, 3, 4])
def test_cms_page_imports_to_the_same_model_as_the_text(number: int, tmp_path: Path) -> None:
    from_text = parse(import_file(seed(number)).text)
    page = tmp_path / "t20260120_12345.html"
    write_html(from_text, page, "2026-01-20")
    result = import_file(page)
    imported = parse(result.text)
    assert projection(imported) == projection(from_text)
    assert imported.meta.published == date(2026, 1, 20)
    assert not [p for p in result.problems if "无法确定对应关系" not in p.message and "行政区划" not in p.message]


def test_navigation_and_metadata_stay_out_of_the_report(tmp_path: Path) -> None:
    page = tmp_path / "a.htm"
    write_html(parse(import_file(seed(1)).text), page, "2026年01月20日")
    text = import_file(page).text
    for noise in ("当前位置", "索引号", "办事服务", "网站标识码", "分享到", "_hmt"):
        assert noise not in text


def test_unrelated_page_is_a_clear_failure(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text("<html><body><h1>县长调研春耕生产</h1><p>发布日期：2026-03-01</p></body></html>", encoding="utf-8")
    with pytest.raises(ImportFailure, match="找不到年度报告正文"):
        import_file(page)


def test_br_breaks_a_paragraph_and_source_newlines_do_not(tmp_path: Path) -> None:
    from_text = parse(import_file(seed(4)).text)
    page = tmp_path / "p.html"
    write_html(from_text, page, "2026-01-20")
    html = page.read_text(encoding="utf-8").replace("（一）主动公开：</p>", "（一）主动公开：<br>第二行\n仍是第二行</p>", 1)
    page.write_text(html, encoding="utf-8")
    body = parse(import_file(page).text).section("overview").body
    assert "（一）主动公开：\n\n第二行 仍是第二行" in body
