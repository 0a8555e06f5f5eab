"""Hostile and careless sources: each is one located error in plain
Chinese, and every other report is still linted, formatted and built."""

from __future__ import annotations

from pathlib import Path

import pytest
from build_support import build_site
from lint_support import TOWN_2021, text_of, without_waivers

from nianbao import pipeline
from nianbao.commands.cli import main
from nianbao.model.fmt import format_file
from nianbao.model.source import MAX_BYTES, SLUG, SLUG_MAX, SourceError, parse

TOWN = without_waivers(text_of(TOWN_2021))


def _with(front: str, drop: str = "") -> str:
    text = TOWN.replace(drop, "", 1) if drop else TOWN
    return text.replace("\nslug:", f"\n{front}\nslug:", 1)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]"


@pytest.mark.parametrize(
    "text, line, words",
    [
        (_with("published: 2026-02-30"), 12, "日期「2026-02-30」不存在"),
        (_with("published: 2026-13-45"), 12, "日期「2026-13-45」不存在"),
        (_with("published: 0000-01-01"), 12, "日期「0000-01-01」不存在"),
        (_with("published: 2026-01-10 10:00:00"), 12, "published 须为日期"),
        (_with("organ: 别的镇"), 12, "键「organ」重复（第 2 行已有）"),
        (_with(BOMB), 12, "不能使用 YAML 锚点和别名"),
        # values of the wrong shape: each a located error, never 「内部错误」 and never read as text
        (_with("source_url: 12345"), 12, "source_url 须为网址"),
        (TOWN.replace("year: 2025", "year: " + "9" * 5000, 1), 2, "位数过多的数字"),
        (TOWN.replace("organ: 红旗区小店镇", "organ: {a: 1}", 1), 2, "organ 须为机关名称"),
        (TOWN.replace("region:\n", "region: {code: '1', names: 5}\nx:\n", 1), 6, "region 须为包含 code"),
        # a slug names a folder of the site: past a file name's 255 bytes, a located error, not a failed build
        (TOWN.replace("slug: hongqiquxiaodianzhen-2025", "slug: " + "a" * 300, 1), 12, "slug 太长（300 个字符），最多 120 个"),
    ],
)
def test_a_bad_front_matter_is_one_located_error(text: str, line: int, words: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse(text, "r.md")
    assert caught.value.line == line and words in caught.value.message, caught.value


def test_a_source_too_large_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(TOWN.encode() + b"\n" + b"x" * MAX_BYTES)
    result = pipeline.run([path])
    assert [e.message for e in result.errors] == [f"文件过大（{(MAX_BYTES + len(TOWN.encode()) + 1) >> 20} MB）：报告源文件不超过 4 MB"]


def test_one_bad_date_stops_no_other_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a-bad.md").write_text(_with("published: 2026-02-30"), encoding="utf-8")
    good = TOWN.replace("|                0 |", "|  0 |", 1)  # not in the canonical layout
    (reports / "b-good.md").write_text(good, encoding="utf-8")
    assert main(["lint", str(reports)]) == 2
    out = capsys.readouterr()
    assert f"{reports / 'a-bad.md'}:12:1: YAML 前置元数据无法解析：日期「2026-02-30」不存在" in out.out
    assert "内部错误" not in out.out + out.err
    assert main(["fmt", str(reports)]) == 2
    assert (reports / "b-good.md").read_text(encoding="utf-8") != good  # formatted all the same
    summary = build_site(tmp_path / "site", [reports], search=False)
    assert summary.published == [str(reports / "b-good.md")]
    assert [path for path, _ in summary.withheld] == [str(reports / "a-bad.md")]


def test_fmt_does_not_write_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(TOWN.replace("|                0 |", "|  0 |", 1), encoding="utf-8")
    before = outside.read_bytes()
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "link.md").symlink_to(outside)
    assert main(["fmt", str(reports)]) == 2
    assert outside.read_bytes() == before
    with pytest.raises(SourceError, match="符号链接"):
        format_file(reports / "link.md", check=False)


def test_two_reports_with_one_slug_are_a_finding_naming_both(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(TOWN, encoding="utf-8")
    (tmp_path / "b.md").write_text(TOWN.replace("小店镇未收到", "小店镇全年未收到"), encoding="utf-8")
    (found,) = [f for f in pipeline.run([tmp_path]).findings if f.rule == "NB008"]
    assert found.path == str(tmp_path / "b.md") and str(tmp_path / "a.md") in found.message
    assert found.line == TOWN.split("\n").index("slug: hongqiquxiaodianzhen-2025") + 1


def test_organs_whose_names_sound_alike_get_a_page_each() -> None:
    from nianbao.portal.records import organ_url

    assert organ_url("巨鹿县") != organ_url("巨路县")
    assert organ_url("巨鹿县").startswith("organ/juluxian-") and organ_url("巨鹿县") == organ_url("巨鹿县 ")


@pytest.mark.parametrize("organ", ["红" * 300, "某县" + "第一中心" * 80 + "局", "Ａ" * 400])
def test_a_long_organ_name_makes_file_names_a_file_system_takes(organ: str, tmp_path: Path) -> None:
    """An organ's name becomes a slug and a page's folder: each fits in a
    file name (255 bytes), and two long names that differ at the end still
    get two pages."""
    from nianbao.model.names import report_slug
    from nianbao.portal.records import organ_url

    slug = report_slug(organ, 2025)
    assert SLUG.match(slug) and len(slug) <= SLUG_MAX
    (tmp_path / f"{slug}.md").write_text("x", encoding="utf-8")  # the file system takes it
    page = organ_url(organ).split("/")[1]
    assert len(page.encode()) <= 255 and page != organ_url(organ + "甲").split("/")[1]
