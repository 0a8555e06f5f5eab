"""Import published reports (text, Word, HTML, PDF) into report sources."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from . import text
from .assemble import ImportFailure, Imported, ImportProblem, assemble

__all__ = ["ImportFailure", "ImportProblem", "Imported", "import_file"]


def _decode(data: bytes, encoding: str | None) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ImportFailure(f"无法按 {encoding} 解码：{exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailure("不是 UTF-8 编码；请用 --encoding 指定（如 gb18030）") from None


def import_file(
    path: Path,
    *,
    encoding: str | None = None,
    organ: str | None = None,
    kind: str | None = None,
    published: date | None = None,
    source_url: str | None = None,
) -> Imported:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailure(f"无法读取：{exc.strerror}") from None
    if not data.strip():
        raise ImportFailure("文件为空")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailure("二进制文件，不是文本")
    blocks = text.extract(_decode(data, encoding))
    return assemble(blocks, organ=organ, kind=kind, published=published, source_url=source_url)
