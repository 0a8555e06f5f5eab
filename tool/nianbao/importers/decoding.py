"""Bytes -> text: the encoding the user names, or the one the bytes are in
(UTF-8, UTF-16 with or without a byte order mark, GB18030/GBK), never a
guess that reads as something else. Plain text, Markdown and web pages
share it."""

from __future__ import annotations

from charset_normalizer import from_bytes

from .blocks import ImportFailure

# Chinese government text is GB18030 (a superset of GBK and GB2312) when it is
# not Unicode; trying it first avoids near-miss guesses such as Big5.
_CANDIDATES = ["gb18030", "utf_16", "big5"]


def decode(data: bytes, encoding: str | None) -> str:
    """UTF-8 (with or without BOM), UTF-16 and GB18030/GBK, detected by
    charset-normalizer unless the user names the encoding."""
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ImportFailure(f"无法按 {encoding} 解码：{exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _broken_utf16(data, "utf-16")
    if b"\x00" in data[:4096]:
        found = _utf16(data)
        if found is None:
            raise ImportFailure("二进制文件，不是文本")
        return found
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=_CANDIDATES).best() or from_bytes(data).best()
    if best is None:
        raise ImportFailure("无法识别文本编码；请用 --encoding 指定（如 gb18030）")
    return str(best)


def _broken_utf16(data: bytes, codec: str) -> str:
    """The text; ImportFailure at the first byte that is no character (half
    of a character pair, a file cut short): nothing is guessed in its place."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ImportFailure(f"文件按 UTF-16 编码，但第 {exc.start + 1} 字节起的内容不是有效字符（文件可能已损坏）；"
                            "请用原软件重新另存为 UTF-8") from None


def _utf16(data: bytes) -> str | None:
    """UTF-16 written without a byte order mark (Windows tools do): the byte
    order under which the file reads as Chinese text, or None (a binary file).
    Read so, a character that is no character (half of a pair) is an error
    of the file, said where it is."""
    readings = []
    for codec in ("utf_16_le", "utf_16_be"):
        text = data.decode(codec, "replace")
        readable = sum(ch.isprintable() or ch.isspace() for ch in text)
        chinese = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
        if text and readable >= 0.98 * len(text) and chinese >= 0.1 * len(text):
            readings.append((text.count("\ufffd"), codec, text))
    if not readings:
        return None
    broken, codec, text = min(readings)
    return _broken_utf16(data, codec) if broken else text
