"""Plain text (.txt), as copied or extracted from a published report -> blocks.

Tables come in several layouts (spec §7 and the import issue): one cell per
line behind a tab, rows separated by blank lines (a header cell broken over
two lines continues on a line with no tab); one row per line with tab- or
pipe-separated cells; one row per line with cells separated by spaces or
nothing at all; one cell per line with nothing around it. The first two
are rows here; the others are lines of text, which the table reader cuts
into labels and values. Empty lines are kept: in one layout an empty line
is a blank cell.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from . import crawler
from .assemble import ImportFailure
from .blocks import Block, Extracted, Para, Row, TableBlock

SUFFIXES = (".txt", ".text")
# Chinese government text is GB18030 (a superset of GBK and GB2312) when it is
# not Unicode; trying it first avoids near-miss guesses such as Big5.
_CANDIDATES = ["gb18030", "utf_16", "big5"]
_MAX_CONTINUATION = 20
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


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


def _pipe_cells(line: str) -> list[str] | None:
    if "|" not in line:
        return None
    cells = line.strip().split("|")
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells if len(cells) > 1 else None


def blocks(lines: list[str]) -> list[Block]:
    out: list[Block] = []
    rows: list[Row] = []
    cell_run: list[tuple[str, int]] = []  # one-cell-per-line layout, current row
    run_lines: list[str] = []

    def end_run() -> None:
        if cell_run:
            rows.append(Row(tuple(c for c, _ in cell_run), cell_run[0][1], "\n".join(run_lines)))
        cell_run.clear()
        run_lines.clear()

    def end_table() -> None:
        end_run()
        if rows:
            out.append(TableBlock(tuple(rows), rows[0].line))
            rows.clear()

    for number, line in enumerate(lines, start=1):
        body = line.lstrip(" ")
        pipes = _pipe_cells(line)
        if _RULE.match(line) and "-" in line and ("|" in line or rows):
            continue  # a Markdown table's rule line
        if body.startswith("\t") and "\t" not in body[1:]:
            cell_run.append((body[1:], number))
            run_lines.append(line)
        elif "\t" in line.rstrip("\n").lstrip(" ") or pipes:
            end_run()
            rows.append(Row(tuple(pipes or line.split("\t")), number, line))
        elif not line.strip():
            end_run()
            out.append(Para("", number))
        elif cell_run and len(line.strip()) <= _MAX_CONTINUATION:
            # A header cell broken over two lines continues here.
            text, at = cell_run[-1]
            cell_run[-1] = (text + line.strip(), at)
            run_lines.append(line)
        else:
            end_table()
            out.append(Para(line.strip().rstrip("|").strip() if line.strip().endswith("|") else line.strip(), number))
    end_table()
    return out


def lines_of(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def extract(data: bytes, encoding: str | None = None) -> Extracted:
    lines = lines_of(decode(data, encoding))
    header = crawler.read(lines)
    taken = {n for n, _ in header.lines}
    body = ["" if n in taken else line for n, line in enumerate(lines, start=1)]
    return Extracted(
        blocks(body), header.published, title=header.title, source_url=header.url, dropped=header.lines
    )
