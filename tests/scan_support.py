"""Scanning a report as an office's scanner does: pages rendered at 150 dpi,
turned slightly, blurred and saved as JPEG inside an image-only PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter


def scanned_pages(pdf: Path, dpi: int = 150, turn: float = 0.4, blur: float = 0.5, quality: int = 70) -> list[Image.Image]:
    pages = []
    document = pdfium.PdfDocument(str(pdf))
    for page in document:
        picture = page.render(scale=dpi / 72).to_pil().convert("L")
        picture = picture.rotate(turn, expand=False, fillcolor=255, resample=Image.BICUBIC)
        picture = picture.filter(ImageFilter.GaussianBlur(blur))
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=quality)
        pages.append(Image.open(io.BytesIO(out.getvalue())))
    document.close()
    return pages


def save_pdf(pages: list[Image.Image], path: Path, dpi: int = 150) -> None:
    """An image-only PDF, as a scanner writes it."""
    pages[0].save(str(path), "PDF", resolution=dpi, save_all=True, append_images=pages[1:])


def smudge(page: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    """A blot of ink over part of a page."""
    page = page.copy()
    ImageDraw.Draw(page).rectangle(box, fill=40)
    return page
