"""Images of report pages (.png .jpg .tif; a TIFF may hold several pages)
-> blocks, by OCR (ocr/)."""

from __future__ import annotations

import io
import re
import warnings

from .. import limits
from ..blocks import Block, Extracted, ImportFailure, last_line
from ..ocr import engine as ocr
from ..ocr.layout import Layout

SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
NAME = "扫描件和照片"  # as the import command's help names it
MAX_BYTES = limits.FILE_BYTES


LONGEST = 2400  # pixels: an A4 page at 200 dpi, the finest a PDF's scan is read at (pdf.SCAN_DPI)


def _frames(data: bytes) -> list[bytes]:
    """Each page of the image, no larger than LONGEST: a 300 dpi scan or a
    phone's photo reads as well at 200 dpi, in half the time."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # Pillow's own guard says it in English; ours says it in words, before decoding
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))  # reads the header only: the size is known before any pixel
    except Image.DecompressionBombError as exc:  # beyond twice Pillow's limit it refuses at the header
        size = re.search(r"\d+", str(exc))
        limits.PIXELS.check(int(size[0]) if size else limits.PIXELS.value + 1)
        raise ImportFailure("图片过大，Pillow 拒绝读取") from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ImportFailure(f"不是可以读取的图片：{type(exc).__name__}") from None
    try:
        limits.PIXELS.check(picture.width * picture.height)
        limits.FRAMES.check(getattr(picture, "n_frames", 1))
        frames = []
        for frame in ImageSequence.Iterator(picture):
            page = frame.convert("RGB")
            if max(page.size) > LONGEST:
                scale = LONGEST / max(page.size)
                page = page.resize((round(page.width * scale), round(page.height * scale)), Image.LANCZOS)
            frames.append(ocr.as_png(page))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ImportFailure(f"不是可以读取的图片：{type(exc).__name__}") from None
    return frames


def extract(data: bytes, encoding: str | None = None) -> Extracted:
    frames = _frames(data)
    try:
        pages = ocr.recognise(frames)
    except ocr.OcrUnavailable as exc:
        raise ImportFailure(str(exc)) from None
    layout = Layout()
    blocks: list[Block] = []
    read = False
    for number, page in enumerate(pages, 1):  # laid out as read: a page held decoded is let go once laid out
        if page.boxes and abs(page.slant) > ocr.MAX_SLANT:  # a blank page (the back of a sheet) is passed over
            raise ImportFailure(
                f"第{number}页图片倾斜约 {abs(page.slant):.0f} 度（超过 {ocr.MAX_SLANT:.0f} 度），"
                "无法可靠地对齐表格的行和列：请把页面摆正后重新拍照或扫描再导入"
            )
        read = read or bool(page.boxes)
        blocks += layout.page(page, number, last_line(blocks) + 1)
    if not read:
        raise ImportFailure("图片中没有识别出文字" if len(frames) == 1 else f"{len(frames)} 页图片中都没有识别出文字")
    return Extracted(blocks, wrapped=True, scanned=True, problems=layout.problems)
