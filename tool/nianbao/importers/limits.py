"""What one input may hold, checked before any work is done on it.

A report is a few pages and some tens of kilobytes; inputs come from
anyone, so a 14400-point PDF page, a 40000-pixel PNG, 800 MB of XML in a
small .docx or a 2000-page PDF are refused at once, with the limit and how
to raise it (an environment variable), instead of taking gigabytes or hours.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .blocks import ImportFailure


@dataclass(frozen=True)
class Limit:
    what: str  # in the reader's words
    default: int
    env: str
    unit: str = ""

    @property
    def value(self) -> int:
        try:
            return int(os.environ.get(self.env, "")) if os.environ.get(self.env) else self.default
        except ValueError:
            return self.default

    def check(self, found: int, where: str = "") -> None:
        if found > self.value:
            raise ImportFailure(
                f"{where}{self.what}为 {found:,}{self.unit}，超过上限 {self.value:,}{self.unit}，未读取"
                f"（年度报告不会这么大；确需导入时设置环境变量 {self.env}）"
            )


FILE_BYTES = Limit("文件大小", 64 << 20, "NIANBAO_MAX_FILE_BYTES", " 字节")  # PDF, Word, images
TEXT_BYTES = Limit("文件大小", 8 << 20, "NIANBAO_MAX_TEXT_BYTES", " 字节")  # text, Markdown, web pages: the text is the file
PAGES = Limit("页数", 200, "NIANBAO_MAX_PAGES", " 页")
PAGE_POINTS = Limit("页面的边长", 3000, "NIANBAO_MAX_PAGE_POINTS", " 磅")
PIXELS = Limit("图片的像素数", 60_000_000, "NIANBAO_MAX_PIXELS", " 像素")
FRAMES = Limit("图片的页数", 200, "NIANBAO_MAX_PAGES", " 页")
PACKED_BYTES = Limit("解压后的大小", 64 << 20, "NIANBAO_MAX_FILE_BYTES", " 字节")
