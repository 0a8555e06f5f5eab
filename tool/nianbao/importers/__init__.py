"""Import published reports into report sources.

One reader for every format: each extractor (one module per format in
FORMATS, with its SUFFIXES and one `extract(data, encoding)`) turns its
input into paragraphs and table rows with their places; the assembler
(assemble.py) and its table reader (tables.py) make the source from them.
A new format is one new module added to FORMATS.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Protocol

from ..base.paths import reason
from ..model.source import MAX_BYTES as SOURCE_BYTES
from . import limits
from .assemble import Imported, assemble
from .blocks import Extracted, ImportFailure, ImportProblem
from .formats import docx, html, image, markdown, pdf, text

__all__ = ["FORMATS", "ImportFailure", "ImportProblem", "Imported", "described", "import_file", "suffixes"]

class Format(Protocol):
    """An input format: one module of formats/, checked against this by mypy."""

    @property
    def SUFFIXES(self) -> tuple[str, ...]:  # noqa: N802 (a module's constant)
        """The file name endings it reads, lower case, with the dot."""
        ...

    @property
    def NAME(self) -> str:  # noqa: N802
        """What a user calls it, in Chinese."""
        ...

    @property
    def MAX_BYTES(self) -> limits.Limit:  # noqa: N802
        """The largest file it reads (checked before reading)."""
        ...

    def extract(self, data: bytes, encoding: str | None = None) -> Extracted:
        """The document's paragraphs and table rows in reading order, each
        with where it was found; ImportFailure when it is not a report."""
        ...


FORMATS: tuple[Format, ...] = (text, markdown, docx, html, pdf, image)


def suffixes() -> tuple[str, ...]:
    return tuple(s for f in FORMATS for s in f.SUFFIXES)


def described() -> str:
    """Every format with its file name endings, as the help says them."""
    return "、".join(f"{f.NAME}（{'/'.join(f.SUFFIXES)}）" for f in FORMATS)


def _format(path: Path) -> Format:
    suffix = path.suffix.lower()
    for module in FORMATS:
        if suffix in module.SUFFIXES:
            return module
    raise ImportFailure(f"暂不支持 {path.suffix or '无扩展名'} 格式（目前支持 {' '.join(suffixes())}）")


def import_file(
    path: Path,
    *,
    encoding: str | None = None,
    organ: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    published: date | None = None,
    source_url: str | None = None,
    keep_original: bool = False,
) -> Imported:
    """`keep_original`: the front matter says where a copy of `path` is kept
    (originals/<slug><suffix> beside the source); the caller copies it."""
    reader = _format(path)
    try:
        reader.MAX_BYTES.check(path.stat().st_size)
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailure(f"无法读取：{reason(exc)}") from None
    if not data.strip():
        raise ImportFailure("文件为空")
    extracted = reader.extract(data, encoding)
    original = {"file": path.name, "sha256": hashlib.sha256(data).hexdigest(), "keep": keep_original}
    imported = assemble(extracted, organ=organ, year=year, kind=kind, published=published, source_url=source_url,
                        original=original)
    size = len(imported.text.encode("utf-8"))
    if size > SOURCE_BYTES:  # what lint would refuse is never written
        raise ImportFailure(f"导入后的源文件有 {size / (1 << 20):.1f} MB，超过检查的上限 {SOURCE_BYTES >> 20} MB：这不像一份年度报告")
    return imported
