"""A crawler's or collector's header above the report: what the document
says about itself, never part of the report's text.

Archives of government sites store each page as text behind a few
`键: 值` lines (「标题: …」「发布时间: 2023-02-20 15:07」「发布机构: …」
「原文链接: https://…」) and often a separator line (「==== 正文 ====」).
The title, the publication date and the address become the source's
metadata; every header line is listed as dropped with its line number, so
that nothing leaves the input unaccounted for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_FIELD = re.compile(r"^\s*(?P<key>[\u4e00-\u9fff]{2,6})\s*[:：]\s*(?P<value>.*?)\s*$")
_SEPARATOR = re.compile(r"^\s*[=＝\-—*#]{4,}\s*(?:正文|内容|全文)?\s*[=＝\-—*#]*\s*$")
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_URL = re.compile(r"https?://\S+")
KEYS = {
    "title": ("标题", "题目", "文章标题"),
    "published": ("发布时间", "发布日期", "发文日期", "成文日期", "日期", "时间"),
    "publisher": ("发布机构", "发文机关", "发布单位", "来源单位", "单位"),
    "url": ("原文链接", "原文地址", "链接", "来源", "网址", "URL"),
}
OTHER = ("文号", "栏目", "本地目录", "索引号", "主题分类", "采集时间", "信息来源", "作者", "分类", "关键词", "浏览次数")
MAX_LINES = 15  # a header is at the top


@dataclass
class Header:
    """What a header said, and the lines it took (line number, text)."""

    title: str | None = None
    published: date | None = None
    publisher: str | None = None
    url: str | None = None
    lines: list[tuple[int, str]] = field(default_factory=list)


def _known(name: str) -> str | None:
    for what, names in KEYS.items():
        if name in names:
            return what
    return "other" if name in OTHER else None


def read(lines: list[str]) -> Header:
    """The header at the top of `lines` (1-based line numbers), if any: at
    least two known `键: 值` lines, up to a separator line or the first line
    that is neither a field nor blank (a separator may end a header whose
    last lines are a crawler's notes)."""
    header = Header()
    separator = next((i for i, line in enumerate(lines[: MAX_LINES + 1]) if _SEPARATOR.match(line)), None)
    fields = 0
    end = 0
    for i, line in enumerate(lines[: MAX_LINES if separator is None else separator]):
        match = _FIELD.match(line)
        what = _known(match["key"]) if match else None
        if what is None and (separator is None or not line.strip()):
            if line.strip():
                break
            end = i + 1
            continue
        end = i + 1
        if match is None or what is None:
            continue  # a crawler's note inside the header
        fields += 1
        value = match["value"]
        if what == "title" and value:
            header.title = header.title or value
        elif what == "published" and header.published is None:
            found = _DATE.search(value)
            if found:
                try:
                    header.published = date(int(found[1]), int(found[2]), int(found[3]))
                except ValueError:
                    pass
        elif what == "publisher" and value:
            header.publisher = header.publisher or value
        elif what == "url" and header.url is None:
            url = _URL.search(value)
            header.url = url[0] if url else None
    if fields < 2:
        return Header()
    if separator is not None and separator >= end:
        end = separator + 1
    header.lines = [(i + 1, lines[i]) for i in range(end) if lines[i].strip()]
    return header
