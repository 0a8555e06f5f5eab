"""Scanning a report as an office's scanner does: pages rendered at 150 dpi,
turned slightly, blurred and saved as JPEG inside an image-only PDF."""

from __future__ import annotations

import io
import math
from collections.abc import Container
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter


def scanned_pages(pdf: Path, dpi: int = 150, turn: float = 0.4, blur: float = 0.5, quality: int = 70,
                  only: Container[int] | None = None, seal: tuple[int, float, float] | None = None,
                  tilt: float = 0.0) -> list[Image.Image]:
    """The pages (those numbered in `only`, from 1) as scanned. `seal`: a red
    round seal stamped on a page (its number) with its centre there
    (fractions of the page's width and height); `tilt`: the page
    photographed leaning back, its top that fraction narrower than its foot
    (a phone held over a desk)."""
    pages = []
    document = pdfium.PdfDocument(str(pdf))
    for number, page in enumerate(document, 1):
        if only is not None and number not in only:
            continue
        picture = page.render(scale=dpi / 72).to_pil().convert("RGB")
        if seal is not None and seal[0] == number:
            picture = stamped(picture, seal[1:])
        if tilt:
            picture = photographed(picture, tilt)
        picture = picture.convert("L") if seal is None else picture  # a scan with a seal is in colour
        picture = picture.rotate(turn, expand=False, fillcolor="white", resample=Image.BICUBIC)
        picture = picture.filter(ImageFilter.GaussianBlur(blur))
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=quality)
        pages.append(Image.open(io.BytesIO(out.getvalue())))
    document.close()
    return pages


def stamped(page: Image.Image, centre: tuple[float, float]) -> Image.Image:
    """A red round seal (a ring, a star and an arc of characters' strokes,
    as an organ's seal is) over the page, its ink letting the print show
    through, as a seal's does."""
    seal = Image.new("RGBA", page.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(seal)
    radius = page.width // 9
    x, y = centre[0] * page.width, centre[1] * page.height
    red = (220, 30, 40, 150)
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=red, width=max(radius // 14, 3))
    star = [(x + radius * 0.3 * math.cos(math.radians(90 + 72 * k * 2)) * (1 if k % 1 == 0 else 0.4),
             y - radius * 0.3 * math.sin(math.radians(90 + 72 * k * 2))) for k in range(5)]
    draw.polygon(star, fill=red)
    for k in range(14):  # the organ's name around the rim: short strokes
        angle = math.radians(200 + k * 10)
        inner, outer = radius * 0.62, radius * 0.82
        draw.line((x + inner * math.cos(angle), y + inner * math.sin(angle), x + outer * math.cos(angle),
                   y + outer * math.sin(angle)), fill=red, width=max(radius // 25, 2))
    return Image.alpha_composite(page.convert("RGBA"), seal).convert("RGB")


def photographed(page: Image.Image, tilt: float) -> Image.Image:
    """The page seen at a slant: its top `tilt` of its width narrower than
    its foot, as a phone held over a desk sees it."""
    w, h = page.size
    inset = tilt * w / 2
    # Image.transform's PERSPECTIVE maps output to input: coefficients from four corners
    source = [(0, 0), (w, 0), (w, h), (0, h)]
    target = [(inset, 0), (w - inset, 0), (w, h), (0, h)]
    matrix = []
    for (X, Y), (x, y) in zip(target, source):
        matrix.append([X, Y, 1, 0, 0, 0, -x * X, -x * Y])
        matrix.append([0, 0, 0, X, Y, 1, -y * X, -y * Y])
    import numpy as np

    coefficients = np.linalg.solve(np.array(matrix, dtype=float), np.array([c for point in source for c in point], dtype=float))
    return page.transform(page.size, Image.PERSPECTIVE, tuple(coefficients), Image.BICUBIC, fillcolor="white")


def save_pdf(pages: list[Image.Image], path: Path, dpi: int = 150) -> None:
    """An image-only PDF, as a scanner writes it."""
    pages[0].save(str(path), "PDF", resolution=dpi, save_all=True, append_images=pages[1:])


def smudge(page: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    """A blot of ink over part of a page."""
    page = page.copy()
    ImageDraw.Draw(page).rectangle(box, fill=40)
    return page
