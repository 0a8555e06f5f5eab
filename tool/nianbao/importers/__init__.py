"""Import published reports (text, Word, HTML, PDF) into report sources."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from charset_normalizer import from_bytes

from . import docx, html, pdf, text
from .assemble import ImportFailure, Imported, ImportProblem, assemble

__all__ = ["ImportFailure", "ImportProblem", "Imported", "import_file"]

# Chinese government text is GB18030 (a superset of GBK and GB2312) when it is
# not Unicode; trying it first avoids near-miss guesses such as Big5.
_CANDIDATES = ["gb18030", "utf_16", "big5"]


def _decode(data: bytes, encoding: str | None) -> str:
    """UTF-8 (with or without BOM), UTF-16 and GB18030/GBK, detected by
    charset-normalizer unless the user names the encoding."""
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ImportFailure(f"无法按 {encoding} 解码：{exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=_CANDIDATES).best() or from_bytes(data).best()
    if best is None:
        raise ImportFailure("无法识别文本编码；请用 --encoding 指定（如 gb18030）")
    return str(best)


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
    suffix = path.suffix.lower()
    if suffix == ".docx":
        blocks = docx.extract(path)
    elif suffix == ".pdf":
        blocks = pdf.extract(path)
    elif suffix in (".html", ".htm"):
        blocks, stated = html.extract(data)
        published = published or stated
    elif b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailure("二进制文件，不是文本")
    else:
        blocks = text.extract(_decode(data, encoding))
    return assemble(blocks, organ=organ, kind=kind, published=published, source_url=source_url)
