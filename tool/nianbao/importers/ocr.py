"""Scanned pages -> blocks, with offline OCR (RapidOCR: the PP-OCR models ship
inside its wheel and run on onnxruntime; nothing is downloaded).

Each page is recognised in bands, on all cores (threads of one process, the
models held once), while the pages already read are laid out; a page lying on
its side or upside down is turned upright and recognised again. The boxes of a page are
turned back by their median slant and gathered into lines by their vertical
position; a line with numbers under a table's header becomes a row whose
cells are placed by column (from the header cells, then from the table's
fullest row), so a cell the recogniser missed stays blank and the others
keep their columns. A missed or misread cell gets a second look where its
column's numbers stand, then inside its ruled cell. Never a guess: a cell
that is not a number (「O」 for 0, a smudge) or is read with too little
confidence stays blank, and it, a doubtful reading and a second look are
reported with page and position.
"""

from __future__ import annotations

import io
import math
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from statistics import median
from typing import Any

from .. import template as tpl
from . import grid
from .blocks import Block, ImportProblem, Para, Row, TableBlock
from .labels import key
from .paragraphs import is_furniture

CONFIDENCE = 0.8  # below this a number is reported for checking against the scan
UNREADABLE = 0.6  # below this it is no reading at all: the cell stays blank
SECOND_LOOK = 0.9  # a second look at a cell must be at least this sure
MAX_SLANT = 5.0  # degrees: a page turned further is a photo to retake, not to read
INSTALL = "识别扫描件需要 OCR 组件：请在 nianbao 所在的环境中运行 python -m pip install 'nianbao[ocr]'（在 nianbao 的仓库中：python -m pip install -e '.[ocr]'）"
_NUMBER = re.compile(r"^[+\-－]?[0-9０-９]+(?:[.．][0-9０-９]+)?$")
_VALUE = re.compile(r"^(?:增加|减少|增|减)?[+\-－]?[0-9０-９](?:[0-9０-９,，.．]*[0-9０-９])?(?:万元|元|件)?$")  # as cells are written
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*([0-9]{1,3})[-—–－\s]*$")
_CELL_LIKE = re.compile(r"^[0-9０-９OoDQUIil|\]SsBZzbgq.．,，+\-－]{1,8}$")  # a number, or what a number is misread as


# One core per engine (each thread has its own; bands run side by side); upright pages need no
# angle classifier; small recognition batches are fastest on a CPU; lower
# detection thresholds find the faint single digits of a scan. Every text is
# recognised at least 256 pixels wide, not RapidOCR's 320: most boxes are
# short numbers, and this is 11% faster with the same cells read on five scan
# qualities (120-300 dpi, blur, JPEG 40); at 200 cells are lost.
_SETTINGS: dict[str, Any] = {
    "intra_op_num_threads": 1,
    "inter_op_num_threads": 1,
    "use_cls": False,
    "rec_batch_num": 1,
    "rec_img_shape": [3, 48, 256],
    "det_limit_side_len": 200,  # a cell's small crop is found at 200 pixels, not blown up to 736 (0.65 s a look; at 96 more cells under a seal are lost)
    "det_thresh": 0.2,
    "det_box_thresh": 0.3,
    "text_score": 0.0,  # every box kept, to see which way a page lies; TEXT_SCORE applied after
}
TEXT_SCORE = 0.5  # below this a box's text is not read at all (RapidOCR's own default)
SURE = 0.75  # a page whose lines read this well is read the right way up


class OcrUnavailable(Exception):
    """The OCR extra is not installed (or its system libraries are missing)."""


@dataclass(frozen=True)
class Box:
    """A recognised text, turned upright: its bounds on the page, in pixels."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    confidence: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


MARGIN = 8  # white pixels around a cell cut out of a page


@dataclass(frozen=True)
class Page:
    boxes: tuple[Box, ...]
    slant: float  # degrees the page was turned
    image: bytes = b""  # the page as recognised, for a second look at a cell
    seal: tuple[float, float, float, float] | None = None  # where a red seal was taken off the page, upright

    def under_seal(self, box: Box) -> bool:
        """Whether a box stands where a seal was: what was read there is read again before it is taken."""
        if self.seal is None:
            return False
        x0, y0, x1, y1 = self.seal
        return box.x0 < x1 and box.x1 > x0 and box.y0 < y1 and box.y1 > y0

    def crop(self, x0: float, y0: float, x1: float, y1: float) -> Any:
        """The page's pixels under an upright rectangle, with a white margin."""
        from PIL import ImageOps

        turn = math.radians(-self.slant)
        corners = [(x, y) for x in (x0, x1) for y in (y0, y1)]
        xs = [x * math.cos(turn) + y * math.sin(turn) for x, y in corners]
        ys = [-x * math.sin(turn) + y * math.cos(turn) for x, y in corners]
        part = self._picture.crop((int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1))
        return ImageOps.expand(part, border=MARGIN, fill="white")

    @cached_property
    def _picture(self) -> Any:
        """The page image, decoded once for all the second looks."""
        from PIL import Image

        return Image.open(io.BytesIO(self.image)).convert("RGB")

    @cached_property
    def _upright(self) -> Any:
        """The page in grey, turned upright like the boxes, as a numpy array."""
        import numpy as np
        from PIL import Image

        return np.asarray(self._picture.convert("L").rotate(self.slant, center=(0, 0), fillcolor=255, resample=Image.BILINEAR))

    @cached_property
    def rules(self) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
        """The table's ruling lines, turned upright like the boxes:
        (vertical lines, horizontal lines)."""
        if not self.image:
            return (), ()
        dark = self._upright < 160
        return _lines_in(dark, RULE_RUN), _lines_in(dark.T, 2 * RULE_RUN)

    @cached_property
    def grids(self) -> tuple[grid.Grid, ...]:
        """The ruled tables on the page, their cells found by their lines."""
        if not self.image or not self.boxes:
            return ()
        return tuple(grid.find(self._upright, median(b.height for b in self.boxes)))

    def cell(self, x: float, y: float) -> tuple[float, float, float, float] | None:
        """The ruled cell around a point: (left, top, right, bottom), or None."""
        vertical, horizontal = self.rules
        left = max((r.at for r in vertical if r.at < x and r.start <= y <= r.end), default=None)
        right = min((r.at for r in vertical if r.at > x and r.start <= y <= r.end), default=None)
        top = max((r.at for r in horizontal if r.at < y and r.start <= x <= r.end), default=None)
        bottom = min((r.at for r in horizontal if r.at > y and r.start <= x <= r.end), default=None)
        if None in (left, right, top, bottom):
            return None
        return left, top, right, bottom  # type: ignore[return-value]


@dataclass(frozen=True)
class Rule:
    """A ruling line: where it stands across, and from where to where it runs."""

    at: float
    start: float
    end: float


RULE_RUN = 40  # pixels of unbroken ink down a column that make a ruling line, not text


def _lines_in(dark: Any, run: int) -> tuple[Rule, ...]:
    """The vertical lines of a boolean image (rows × columns): columns with an
    unbroken run of `run` dark pixels, neighbours merged."""
    import numpy as np

    sums = np.vstack([np.zeros((1, dark.shape[1]), dtype=np.int32), np.cumsum(dark, axis=0, dtype=np.int32)])
    long = (sums[run:] - sums[:-run]) >= run - 2  # rows × columns: a run starts here
    columns = np.where(long.any(axis=0))[0]
    rules = []
    for group in np.split(columns, np.where(np.diff(columns) > 2)[0] + 1) if len(columns) else []:
        rows = np.where(long[:, group].any(axis=1))[0]
        rules.append(Rule(float(group.mean()), float(rows.min()), float(rows.max() + run)))
    return tuple(rules)


# -- recognising -------------------------------------------------------------

_local = threading.local()


def _engine() -> Any:
    """This thread's recogniser, on one core: the pool's threads read bands
    of pages side by side while the calling thread lays out the pages read
    so far (onnxruntime runs outside Python's lock), all in one process that
    holds the models once."""
    if not hasattr(_local, "engine"):
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:  # the extra, or a system library of OpenCV (libGL)
            raise OcrUnavailable(f"{INSTALL}（{exc}）") from None
        _local.engine = RapidOCR(**_SETTINGS)
    return _local.engine


def reread(page: Page, x0: float, y0: float, x1: float, y1: float) -> Box | None:
    """A second look at one cell the page's reading missed: the cell's ink
    read as one short text (recognition alone: a lone digit is often too
    small for the detector to find, never for the recogniser to read);
    failing that, the best box found in just that rectangle; or None."""
    import numpy as np

    engine = _engine()
    ink = _ink(page.crop(x0, y0, x1, y1))
    if ink is not None:
        read = _agreed(engine, ink)
        if read is not None:
            return Box(x0, y0, x1, y1, *read)
    for margin in (0, 5):  # tight first; a little wider if the number stands off its column
        found, _ = engine(np.asarray(page.crop(x0 - margin, y0, x1 + margin, y1)))
        best = max(found or [], key=lambda f: float(f[2]), default=None)
        if best is not None and _NUMBER.match(str(best[1]).strip()) and float(best[2]) >= SECOND_LOOK:
            return Box(x0, y0, x1, y1, str(best[1]).strip(), float(best[2]))
    return None


INK = 160  # grey below which a pixel is ink
FAINT = 215  # grey below which a pixel is part of a stroke (its blurred edge)
SIZES = (None, 24, 32)  # heights a cell's ink is read at (None: as scanned)
AGREED = 0.6  # the reading as scanned at least this sure; each other one the same number, at least AGAIN sure
AGAIN = 0.35


def _agreed(engine: Any, ink: Any) -> tuple[str, float] | None:
    """A cell's ink read at each of SIZES: its number and the first
    reading's sureness when every reading gives the same number, the first
    at least AGREED sure and the others AGAIN (the recogniser is unsure of
    a lone 「0」 even where it reads 0 at every size; one reading of 「。」
    or 「o」 and the cell is not read)."""
    readings = []
    for size in SIZES:
        glyphs = _at_height(ink, size)
        tall = glyphs.shape[0]
        found, _ = engine(_as_line(glyphs, max(tall // 2, (2 * tall - glyphs.shape[1]) // 2, 4)),
                          use_det=False, use_cls=False, use_rec=True)
        text, score = (str(found[0][0]).strip(), float(found[0][1])) if found else ("", 0.0)
        if not _NUMBER.match(text) or score < (AGAIN if readings else AGREED) or (readings and text != readings[0][0]):
            return None
        readings.append((text, score))
    return readings[0]


def _at_height(ink: Any, size: int | None) -> Any:
    """A cell's ink scaled to `size` pixels high (None: as scanned)."""
    import numpy as np
    from PIL import Image

    if size is None or size == ink.shape[0]:
        return ink
    return np.asarray(Image.fromarray(ink).resize((max(1, round(ink.shape[1] * size / ink.shape[0])), size), Image.BICUBIC))


def _as_line(glyphs: Any, across: int = 0) -> Any:
    """Grey glyphs in the white a line of text has above and below it (and
    `across` either side), in the recogniser's three channels."""
    import numpy as np

    tall = glyphs.shape[0]
    line = np.pad(glyphs, ((tall // 3 + 2, tall // 3 + 2), (across, across)), constant_values=255)
    return np.stack([line] * 3, axis=-1)


def _ink(picture: Any) -> Any:
    """The ink of a cell's picture, cut out tight, as a grey array; None
    when there is none. What touches the picture's edge (its ruling lines,
    a neighbour's number cut by the crop) is not the cell's text and is
    left out (the picture has a white MARGIN around what was cut)."""
    import cv2
    import numpy as np

    grey = np.asarray(picture.convert("L"))
    # Strokes by their faint edges too: a blurred 「4」 has one dark stroke, and that alone reads 「1」.
    count, labels, stats, _ = cv2.connectedComponentsWithStats((grey < FAINT).astype(np.uint8), connectivity=8)
    darkest = np.full(count, 255)
    np.minimum.at(darkest, labels.ravel(), grey.ravel())
    height, width = grey.shape
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    right, bottom = left + stats[:, cv2.CC_STAT_WIDTH], top + stats[:, cv2.CC_STAT_HEIGHT]
    keep = [
        i for i in range(1, count)
        if left[i] > MARGIN and top[i] > MARGIN and right[i] < width - MARGIN and bottom[i] < height - MARGIN
        and stats[i, cv2.CC_STAT_AREA] >= 3 and darkest[i] < INK  # a speck or a haze is no stroke
    ]
    if not keep:
        return None
    rows, columns = np.where(np.isin(labels, keep))
    tall = rows.max() - rows.min() + 1
    for i in range(1, count):
        if i in keep or stats[i, cv2.CC_STAT_AREA] < 3:
            continue
        w, h = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]
        ruling = max(w, h) >= 2 * tall and stats[i, cv2.CC_STAT_AREA] <= 4 * (w + h)  # long and thin
        near = (left[i] - tall <= columns.max() and right[i] + tall > columns.min()
                and top[i] - tall <= rows.max() and bottom[i] + tall > rows.min())
        if near and not ruling:
            return None  # the cell's own text cut by the crop: what is left of it (「1」 of a 「4」) is no reading
    cleaned = np.where(np.isin(labels, [i for i in range(1, count) if i not in keep]), 255, grey)  # the grey of strokes kept
    part = cleaned[max(rows.min() - 1, 0) : rows.max() + 2, max(columns.min() - 1, 0) : columns.max() + 2]
    return part.astype(np.uint8)


def _check_installed() -> None:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError as exc:  # the extra, or a system library of OpenCV (libGL)
        raise OcrUnavailable(f"{INSTALL}（{exc}）") from None


@cache
def _threads() -> ThreadPoolExecutor:
    """Threads kept for the whole run, one a core, so that a folder of scans
    loads each thread's models once, not once per file."""
    return ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="ocr")


Found = list[tuple[list[list[float]], str, float]]  # a recogniser's boxes: corner points, text, score


DETECT_SIDE = 960  # pixels: text is found on the page scaled so that its shorter side is this (read at full size)


def _recognise(part: tuple[bytes, int, int]) -> Found:
    """The boxes of one band of a page image, rows `top` to `bottom`, in the
    page's coordinates. Text is found on the band scaled down with its
    page to DETECT_SIDE (less time and memory, and lone digits are found
    as often; a page on its side is scaled as it would be upright), and
    read on the full-size image."""
    import cv2
    import numpy as np
    from PIL import Image

    image, top, bottom = part
    picture = Image.open(io.BytesIO(image)).convert("RGB")
    band = np.asarray(picture.crop((0, top, picture.width, min(bottom, picture.height))))
    engine = _engine()
    scale = min(1.0, DETECT_SIDE / min(picture.size))
    small = band if scale == 1.0 else cv2.resize(band, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    boxes, _ = engine.text_det(small)
    if boxes is None or len(boxes) == 0:
        return []
    boxes = engine.sorted_boxes(np.asarray(boxes, dtype=np.float32) / scale)
    readings, _ = engine.text_rec(engine.get_crop_img_list(band, boxes))
    return [([[float(x), float(y) + top] for x, y in points], str(text), float(score))
            for points, (text, score) in zip(boxes, readings)]


BANDS = 4  # a page is read in this many bands: the cores share its work, and each band's detection needs a quarter of the memory


def _bands(image: bytes) -> list[tuple[bytes, int, int]]:
    """A page cut across its emptiest rows near each of BANDS - 1 even
    heights (a cut runs between lines of text, never through one)."""
    import numpy as np
    from PIL import Image

    picture = Image.open(io.BytesIO(image)).convert("L")
    ink = (np.asarray(picture) < 128).sum(axis=1)
    step = picture.height / BANDS
    cuts = [0]
    for k in range(1, BANDS):
        aim = round(k * step)
        near = np.arange(max(cuts[-1] + 1, aim - int(step / 3)), min(picture.height, aim + int(step / 3)))
        if len(near):  # the emptiest row, and of those the nearest the even height
            cuts.append(int(near[np.lexsort((np.abs(near - aim), ink[near]))[0]]))
    cuts.append(picture.height)
    return [(image, top, bottom) for top, bottom in zip(cuts, cuts[1:])]


def _upright(found: Found, image: bytes) -> Page:
    """Boxes turned back by the page's slant: its ruling lines', or the
    median slant of its lines of text (long and straight) on a page without."""
    import numpy as np
    from PIL import Image

    slants = [
        math.degrees(math.atan2(p[1][1] - p[0][1], p[1][0] - p[0][0]))
        for p, _, _ in found
        if p[1][0] - p[0][0] > 3 * abs(p[3][1] - p[0][1])
    ]
    ruled = grid.slant(np.asarray(Image.open(io.BytesIO(image)).convert("L")))
    slant = ruled if ruled is not None else median(slants) if slants else 0.0
    turn = math.radians(-slant)
    boxes = []
    for points, text, score in found:
        xs = [x * math.cos(turn) - y * math.sin(turn) for x, y in points]
        ys = [x * math.sin(turn) + y * math.cos(turn) for x, y in points]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text.strip(), score))
    return Page(tuple(boxes), slant, image)


def recognise(images: list[bytes]) -> Iterator[Page]:
    """Every page, in order, as it is read: the bands of every page are
    queued on the pool's threads at once, so that they read on while the
    caller lays out the pages already read. A progress bar on a terminal.
    A page lying on its side (a landscape table scanned sideways) or upside
    down is turned upright and read again; the turned reading is kept only
    if its lines read better (on its side, the other quarter turn is tried
    too if the first reads doubtfully)."""
    _check_installed()  # fail here, once, if OCR cannot run
    return _progress(_pages(images), len(images))


def _pages(images: list[bytes]) -> Iterator[Page]:
    queued: list[tuple[bytes, Any, list[Future[Found]]]] = []
    try:
        for image in images:
            clean, seal = _unsealed(image)
            queued.append((clean, seal, _queue(clean)))
        for scan, seal, bands in queued:
            image, found = _righted(scan, [box for band in bands for box in band.result()])
            page = _upright([f for f in found if f[2] >= TEXT_SCORE], image)
            yield replace(page, seal=_upright_bounds(seal, page.slant)) if seal and image is scan else page  # turned: no seal told
    finally:  # the caller stopped (an error in a page): the pages not yet read are not read
        for _, _, bands in queued:
            for band in bands:
                band.cancel()


def _queue(image: bytes) -> list[Future[Found]]:
    return [_threads().submit(_recognise, band) for band in _bands(image)]


def _righted(scan: bytes, found: Found) -> tuple[bytes, Found]:
    """The page the right way up, and its boxes."""
    image, turn = scan, _turn(found)
    for _ in range(2):  # on its side, the other quarter too if the first reads doubtfully
        if not turn:
            break
        turned = _turned(scan, turn)
        boxes = [box for band in _queue(turned) for box in band.result()]
        if _legibility(boxes) > _legibility(found):
            image, found = turned, boxes
        turn = -turn if abs(turn) == 90 and _legibility(found) < SURE else 0
    return image, found


SEAL_RED = 150  # a seal's red: its red channel above this, and above green and blue by SEAL_MARGIN
SEAL_MARGIN = 70
SEAL_PIXELS = 500  # fewer red pixels than this are a red word or a logo, not a seal


def _unsealed(image: bytes) -> tuple[bytes, tuple[float, float, float, float] | None]:
    """The page without the red of a seal stamped over it (an organ's seal
    often sits on its table), and where the seal was: read in its red light
    alone, where red ink is as pale as the paper and print, black in every
    light, stays dark, even under the seal. A page with no seal is left as
    it is."""
    import numpy as np
    from PIL import Image

    picture = Image.open(io.BytesIO(image))
    if picture.mode not in ("RGB", "RGBA", "P"):
        return image, None  # grey or black and white: no seal to tell by its colour
    pixels = np.asarray(picture.convert("RGB"))
    red = pixels[..., 0].astype(np.int16)
    seal = (red > SEAL_RED) & (red - np.maximum(pixels[..., 1], pixels[..., 2]) > SEAL_MARGIN)
    if seal.sum() < SEAL_PIXELS:
        return image, None
    rows, columns = np.where(seal)
    bounds = (float(columns.min()), float(rows.min()), float(columns.max()), float(rows.max()))
    return as_png(Image.fromarray(pixels[..., 0])), bounds  # grey: a third of the bytes


def _upright_bounds(bounds: tuple[float, float, float, float], slant: float) -> tuple[float, float, float, float]:
    """A rectangle of the page as scanned, turned upright as its boxes are (_upright)."""
    turn = math.radians(-slant)
    corners = [(x, y) for x in (bounds[0], bounds[2]) for y in (bounds[1], bounds[3])]
    xs = [x * math.cos(turn) - y * math.sin(turn) for x, y in corners]
    ys = [x * math.sin(turn) + y * math.cos(turn) for x, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _sides(points: list[list[float]]) -> tuple[float, float]:
    """(width, height) of a box given by its four corners."""
    return math.dist(points[0], points[1]), math.dist(points[0], points[3])


def _turn(found: Found) -> int:
    """Degrees anticlockwise that turn the page upright: 0 when its text
    reads. On its side, its lines run down the page (whatever was read of
    them), and the recogniser reads a tall box turned a quarter
    anticlockwise: if those readings are sure the page is turned the same
    way, otherwise the other. Upside down, its lines read badly."""
    sides = [(_sides(points), score) for points, _, score in found]
    tall = [score for (w, h), score in sides if h > 3 * w]  # a line of three characters or more
    wide = [score for (w, h), score in sides if w > 3 * h]
    if len(tall) > max(3, 2 * len(wide)):
        return 90 if median(tall) >= SURE else -90
    return 180 if len(wide) >= 5 and median(wide) < 0.6 else 0


def _legibility(found: Found) -> float:
    """How well a page's lines of text read: the median sureness of its
    boxes of two characters or more, read upright."""
    scores = [score for points, text, score in found if len(text) >= 2 and _sides(points)[0] > _sides(points)[1]]
    return median(scores) if scores else 0.0


def _turned(image: bytes, degrees: int) -> bytes:
    from PIL import Image

    return as_png(Image.open(io.BytesIO(image)).convert("RGB").rotate(degrees, expand=True))


def as_png(picture: Any) -> bytes:
    """A page image as the PNG bytes it is kept in until it is read:
    compressed lightly (a scan's white compresses well at any level; at
    Pillow's default level a page took a fifth of a second to write)."""
    out = io.BytesIO()
    picture.save(out, "PNG", compress_level=1)
    return out.getvalue()


def _progress(items: Any, total: int) -> Iterator[Any]:
    if not sys.stderr.isatty() or total < 2:
        yield from items
        return
    from tqdm import tqdm  # comes with RapidOCR

    yield from tqdm(items, total=total, desc="文字识别", unit="页", file=sys.stderr)


# -- pages into blocks --------------------------------------------------------

@cache
def _column_labels() -> frozenset[str]:
    """Every leaf column label of both templates (a table's header cells)."""
    return frozenset(
        key(text)
        for version in tpl.versions()
        for table in tpl.load(version).tables
        for column in table.leaf_columns
        for text in (column.label, *column.aliases)
    )


def _lines(boxes: tuple[Box, ...] | list[Box]) -> list[list[Box]]:
    """Boxes gathered into lines, top to bottom, each left to right."""
    if not boxes:
        return []
    size = median(b.height for b in boxes)
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        if lines and abs(box.cy - median(b.cy for b in lines[-1])) < size * 0.5:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _cells(box: Box) -> list[Box]:
    """A box holding several numbers (「0 0」) as one box per number."""
    parts = box.text.split()
    if len(parts) < 2 or not all(_CELL_LIKE.match(p) for p in parts):
        return [box]
    width = (box.x1 - box.x0) / max(len(box.text), 1)
    out, at = [], 0
    for part in parts:
        start = box.text.index(part, at)
        out.append(Box(box.x0 + start * width, box.y0, box.x0 + (start + len(part)) * width, box.y1, part, box.confidence))
        at = start + len(part)
    return out


@dataclass
class _Columns:
    """Where a table's columns are. From its header cells at first: a column
    runs from where its header cell starts to where the next one starts. Once
    a row has a number in every column, from that row: a column runs halfway
    to its neighbours' numbers (numbers left-, centre- or right-aligned)."""

    headers: list[Box] = field(default_factory=list)
    values: list[Box] = field(default_factory=list)  # a row that filled every column
    open: bool = True  # more header lines may add to the headers
    seen: dict[int, list[Box]] = field(default_factory=dict)  # the numbers read in each column

    def add(self, headers: list[Box]) -> None:
        boxes = sorted([*self.headers, *headers], key=lambda b: b.x0)
        size = median(b.height for b in boxes)
        self.headers = [b for i, b in enumerate(boxes) if i == 0 or b.x0 - boxes[i - 1].x0 > size]  # one header, two lines

    def count(self) -> int:
        return len(self.values or self.headers)

    def learn(self, numbers: list[Box]) -> None:
        """A row with a number in every column shows where the columns are."""
        if len(numbers) >= max(self.count(), 1) and (not self.values or len(numbers) >= len(self.values)):
            self.values = sorted(numbers, key=lambda b: b.cx)
            self.seen = {}

    def of(self, box: Box, pad: float) -> int | None:
        """The column the box stands in; None left of the first."""
        if self.values:
            centres = [b.cx for b in self.values]
            first = centres[0] - ((centres[1] - centres[0]) / 2 if len(centres) > 1 else 2 * pad)
            if box.cx < first:
                return None
            return min(range(len(centres)), key=lambda i: abs(centres[i] - box.cx))
        found = None
        for i, head in enumerate(self.headers):
            if box.cx >= head.x0 - pad:
                found = i
        return found

    def where(self, column: int) -> tuple[float, float] | None:
        """Where numbers stand in a column, from those read in it so far."""
        boxes = self.seen.get(column) or self.values[column : column + 1] or self.headers[column : column + 1]
        return (median(b.x0 for b in boxes) - 3, max(b.x1 for b in boxes) + 3) if boxes else None


class Layout:
    """Reads recognised pages into blocks, in order; a table's columns carry
    on from one page to the next."""

    def __init__(self) -> None:
        self.columns: _Columns | None = None
        self.problems: list[ImportProblem] = []

    def page(self, page: Page, number: int, line: int) -> list[Block]:
        """The page's blocks, its lines numbered from `line`."""
        out: list[Block] = []
        tables = list(page.grids)
        loose = [b for b in page.boxes if not any(g.holds(b.cx, b.cy) for g in tables)]
        lines = [[c for b in boxes for c in _cells(b)] for boxes in _lines(loose)]
        numbers = [[b for b in boxes if _NUMBER.match(b.text)] for boxes in lines]
        heads = [[b for b in boxes if key(b.text) in _column_labels()] for boxes in lines]
        for i, boxes in enumerate(lines):
            while tables and tables[0].y0 < median(b.cy for b in boxes):
                out.append(_ruled_table(page, tables.pop(0), line, number, self.problems))
                line += len(out[-1].rows)  # type: ignore[union-attr]
                self.columns = None
            text = " ".join(b.text for b in boxes)
            if i == len(lines) - 1 and len(boxes) == 1 and _PAGE_NUMBER.match(text):
                text = f"- {_PAGE_NUMBER.match(text)[1]} -"  # a page number whose dashes the scan lost
            headers = heads[i]
            cells = [b for b in boxes if _CELL_LIKE.match(b.text.replace(" ", ""))]
            row = None
            if is_furniture(text):
                pass
            elif headers and not cells:
                if self.columns is None or not self.columns.open:
                    self.columns = _Columns()
                self.columns.add(headers)
            elif not cells:
                if _is_heading(text):
                    self.columns = None  # the next section's table has columns of its own
            else:
                if self.columns and self.columns.count() and _in_table(boxes, cells, self.columns):
                    self.columns.open = False
                    if not self.columns.values:  # the fullest row of the table shows its columns
                        end = next((j for j in range(i, len(lines)) if heads[j] and not numbers[j]), len(lines))
                        self.columns.learn(max(numbers[i:end], key=len))
                    self.columns.learn(numbers[i])
                    row = _row(page, boxes, self.columns, line, number, self.problems)
                row = row or _loose_row(page, boxes, line, number, self.problems)
                if row is None:
                    for cell in cells:
                        _check(cell, line, number, self.problems, kept=True)
            out.append(TableBlock((row,), line) if row else Para(text, line, number))
            line += 1
        for table in tables:  # a table that ends the page
            out.append(_ruled_table(page, table, line, number, self.problems))
            line += len(out[-1].rows)  # type: ignore[union-attr]
            self.columns = None
        return out


def _ruled_table(page: Page, table: grid.Grid, line: int, number: int, problems: list[ImportProblem]) -> TableBlock:
    """A ruled table read cell by cell: each row with every cell of the
    grid, a merged cell's text in its first row and column and None in the
    others (as a PDF's ruled table is read). The boxes read on the page go
    to the cell they stand in; a value cell (in a column of numbers, below
    the header) is taken as `_cell` takes it: a sure number as read, any
    other reading, none or a box across its ruling lines read again on the
    cell's own crop, and never a guess."""
    held: dict[grid.Cell, list[Box]] = {}
    across: set[grid.Cell] = set()  # cells given part of a box that ran over their ruling lines
    for box in (b for b in page.boxes if table.holds(b.cx, b.cy)):
        under = [c for c in table.cells if c.y0 <= box.cy <= c.y1 and c.x0 < box.x1 - 4 and box.x0 + 4 < c.x1]
        pieces = _characters(box) if len(under) > 1 else [box]
        for piece in pieces:
            home = min(table.cells, key=lambda c: _distance(c, piece.cx, piece.cy))
            held.setdefault(home, []).append(piece)
            if len(pieces) > 1:
                across.add(home)
    texts = {cell: _joined([b.text for line in _lines(held.get(cell, [])) for b in line]) for cell in table.cells}
    numeric = [c for c in table.cells if _NUMBER.match(texts[c].replace(" ", "")) and c.columns == 1]
    body = min((c.row for c in numeric), default=table.row_count)
    values = set(_value_columns(table, texts, numeric, body))
    covering: dict[tuple[int, int], grid.Cell] = {
        (r, k): c for c in table.cells for r in range(c.row, c.row + c.rows) for k in range(c.column, c.column + c.columns)
    }
    heads = {k: next((t for r in range(body - 1, -1, -1) if (t := texts[covering[r, k]] if (r, k) in covering else "")), "")
             for k in values}  # the lowest header over each column of numbers
    rows = []
    for r in range(table.row_count):
        labels = [covering[(r, k)] for k in range(table.column_count) if (r, k) in covering and k not in values]
        label = next((f"「{texts[c]}」行" for c in reversed(labels) if texts[c]), f"表格第{r + 1}行")
        origins = [covering[r, k] for k in range(table.column_count) if (r, k) in covering and (covering[r, k].row, covering[r, k].column) == (r, k)]
        numbers = [c for c in origins if r >= body and c.column in values and not _CHINESE.search(texts[c])]
        boxes = {c: held[c][0] if len(held.get(c, [])) == 1 and c not in across else None for c in numbers}
        sure = {c for c, box in boxes.items() if box is not None and _sound(box) and box.confidence >= CONFIDENCE
                and _NUMBER.match(box.text) and not page.under_seal(box)}
        readings = _row_readings(page, numbers) if set(numbers) - sure else {}
        cells: list[str | None] = []
        for k in range(table.column_count):
            cell = covering.get((r, k))
            if cell is None:
                cells.append("")
            elif (cell.row, cell.column) != (r, k):
                cells.append(None)
            elif cell in boxes:
                name = f"{label}第{k - min(values) + 1}列" + (f"（{heads[k]}）" if heads[k] else "")
                alike = _merged_alike(covering, cell)
                cells.append(_value(page, cell, boxes[cell], cell in sure, readings.get(cell), alike, name, line + r, number, problems))
            else:
                for box in held.get(cell, []) if r >= body else []:  # a number among labels: said if doubtful, kept as read
                    if _CELL_LIKE.match(box.text):
                        _check(box, line + r, number, problems, kept=True)
                cells.append(texts[cell])
        read = "\t".join(texts[c] if c is not None and (c.row, c.column) == (r, k) else ""
                         for k, c in ((k, covering.get((r, k))) for k in range(table.column_count)))
        unlabelled = r >= body and min(values, default=1) == 0  # 表四: a line of numbers alone, its label cell None
        rows.append(Row((None, *cells) if unlabelled else tuple(cells), line + r, read, number, spans_known=True))
    return TableBlock(tuple(rows), line)


def _value_columns(table: grid.Grid, texts: dict[grid.Cell, str], numeric: list[grid.Cell], body: int) -> list[int]:
    """The columns of numbers: each with a number read below the header,
    and, from the right up to the first column of labels, each with no text
    there (a column whose lone 「1」s the page's reading missed)."""
    first = table.column_count
    for k in reversed(range(table.column_count)):
        below = [c for c in table.cells if c.column == k and c.row >= body]
        if not any(c in numeric for c in below) and any(_CHINESE.search(texts[c]) for c in below):
            break
        first = k
    return sorted({c.column for c in numeric} | set(range(first, table.column_count) if numeric else ()))


def _value(page: Page, cell: grid.Cell, box: Box | None, sure: bool, reading: str | None, merged_alike: bool,
           name: str, line: int, number: int, problems: list[ImportProblem]) -> str:
    """A value cell of a ruled table. Taken without a word: a number the
    page's reading was sure of (its row's reading, if it was read, the
    same), or the row's reading where the page had none or letters. Two
    sure readings that differ: blank, both reported. A cell merged unlike
    its neighbours (`merged_alike` false: a line the scan broke joined two
    cells, and their numbers with them): blank, reported. Anything else is
    read again on the cell's own crop (`_cell`), and reported."""
    if not merged_alike:
        problems.append(ImportProblem(line, f"{name}与相邻的格连成了一格（扫描件上两格之间的框线缺失或断开），"
                                      "分不清数字属于哪一格：此格留空，请核对扫描件", number))
        return ""
    if reading is not None and box is not None and _NUMBER.match(box.text) and _digits(box.text) != reading and (
            box.confidence >= UNREADABLE):
        problems.append(ImportProblem(line, f"{name}在整页中识别为「{box.text}」（置信度 {box.confidence:.2f}），"
                                      f"按行识别为「{reading}」，两次不一致：此格留空，请核对扫描件", number))
        return ""
    if sure and box is not None:
        return box.text
    sealed = page.under_seal(box or _place(cell))  # under a seal a reading is taken only when two agree
    if reading is not None and (not sealed or box is not None and _digits(box.text) == reading):
        return reading
    return _cell(page, box, (cell.x0 + 2, cell.x1 - 2), (cell.y0 + 2, cell.y1 - 2), name, line, number, problems, placed=True)[1]


def _merged_alike(covering: dict[tuple[int, int], grid.Cell], cell: grid.Cell) -> bool:
    """Whether a value cell is one cell of the table as drawn: not merged,
    or merged as the cell above it (表二's 「本年处理决定数量」 over its
    number, across three columns) or the one left of it is."""
    if cell.rows == 1 and cell.columns == 1:
        return True
    above, left = covering.get((cell.row - 1, cell.column)), covering.get((cell.row, cell.column - 1))
    return (cell.columns > 1 and cell.rows == 1 and above is not None and (above.column, above.columns) == (cell.column, cell.columns)
            or cell.rows > 1 and cell.columns == 1 and left is not None and (left.row, left.rows) == (cell.row, cell.rows))


def _digits(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _place(cell: grid.Cell) -> Box:
    return Box(cell.x0, cell.y0, cell.x1, cell.y1, "", 0.0)


ROW_SIZES = SIZES  # heights a row's numbers are read at, as a cell's own ink is; every reading must agree


def _row_readings(page: Page, cells: list[grid.Cell]) -> dict[grid.Cell, str]:
    """The numbers of a table row's value cells read as one line: each
    cell's ink, cut out, side by side with a digit's width of white
    between them. A lone 「0」 that the recogniser doubts on its own (a
    「。」, an 「o」) it reads surely among other numbers. A cell's reading
    is kept when it is a number and the same at every one of ROW_SIZES,
    as a cell's own ink is (`_agreed`: every character at least AGREED
    sure the first time, AGAIN after); each character goes to the cell
    it was read in, by where it stands on the line."""
    import numpy as np

    inks = [(cell, ink) for cell in cells if (ink := _ink(page.crop(cell.x0 + 2, cell.y0 + 2, cell.x1 - 2, cell.y1 - 2))) is not None]
    if inks:  # a speck far shorter than the row's digits is no number: its cell is read on its own
        usual = median(ink.shape[0] for _, ink in inks)
        inks = [(cell, ink) for cell, ink in inks if ink.shape[0] >= 0.6 * usual]
    if not inks:
        return {}
    engine = _engine()
    agreed: dict[grid.Cell, str] | None = None
    for size in ROW_SIZES:
        tall = size or max(ink.shape[0] for _, ink in inks)
        parts, spans, at = [np.full((tall, tall), 255, np.uint8)], [], tall
        for cell, ink in inks:
            if size is None:  # as scanned: a shorter ink keeps its size, in white up to the row's height
                extra = tall - ink.shape[0]
                glyphs = np.pad(ink, ((extra // 2, extra - extra // 2), (0, 0)), constant_values=255)
            else:
                glyphs = _at_height(ink, size)
            spans.append((cell, at - tall / 2, at + glyphs.shape[1] + tall / 2))
            parts += [glyphs, np.full((tall, tall), 255, np.uint8)]
            at += glyphs.shape[1] + tall
        spans[0], spans[-1] = (spans[0][0], 0.0, spans[0][2]), (spans[-1][0], spans[-1][1], math.inf)  # the line's ends too
        line = _as_line(np.hstack(parts))
        found, _ = engine.text_rec([line], True)
        if len(found[0]) < 3 or not found[0][2]:
            return {}  # nothing read on the line
        steps, words, places, _, confidences = found[0][2]
        read: dict[grid.Cell, list[tuple[str, float]]] = {}
        for char, step, confidence in zip([c for w in words for c in w], [p for w in places for p in w], confidences):
            x = (step + 0.5) / steps * line.shape[1]
            home = next((cell for cell, x0, x1 in spans if x0 <= x < x1), None)
            if home is None and not char.isspace():
                return {}  # a character read where no cell's ink stands: the line is not trusted
            if home is not None:
                read.setdefault(home, []).append((char, confidence))
        texts = {cell: _digits("".join(c for c, _ in chars).strip()) for cell, chars in read.items()
                 if any(not c.isspace() for c, _ in chars)
                 and min(p for c, p in chars if not c.isspace()) >= (AGREED if agreed is None else AGAIN)}  # 「２」 is 2
        texts = {cell: text for cell, text in texts.items() if _NUMBER.match(text)}  # 「3 5」 in one cell is none
        agreed = texts if agreed is None else {cell: text for cell, text in agreed.items() if texts.get(cell) == text}
    return agreed or {}


_WIDE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]")  # Chinese characters and full-width punctuation


def _joined(texts: list[str]) -> str:
    """A cell's texts, in reading order, as one: Chinese wrapped in a
    narrow cell joins without a space, anything else with one."""
    out = ""
    for text in texts:
        wide = out and _WIDE.match(out[-1]) and _WIDE.match(text[0])
        out += text if not out or wide else " " + text
    return out


def _characters(box: Box) -> list[Box]:
    """A box read across several cells (the recogniser ran over their
    ruling lines) as one box per character, each where it stands in the
    box, spaces left out."""
    width = (box.x1 - box.x0) / max(len(box.text), 1)
    return [Box(box.x0 + i * width, box.y0, box.x0 + (i + 1) * width, box.y1, char, box.confidence)
            for i, char in enumerate(box.text) if not char.isspace()]


def _distance(cell: grid.Cell, x: float, y: float) -> float:
    """How far a point stands outside a cell (0 inside it)."""
    return max(cell.x0 - x, 0, x - cell.x1) + max(cell.y0 - y, 0, y - cell.y1)


@cache
def _sections() -> tuple[tpl.SectionSpec, ...]:
    return tuple(s for version in tpl.versions() for s in tpl.load(version).sections)


def _is_heading(text: str) -> bool:
    """Whether a line is a section's heading, in either template."""
    return any(s.matches(text) for s in _sections())


def _in_table(boxes: list[Box], cells: list[Box], columns: _Columns) -> bool:
    """Whether a line with numbers is a row of the table: it has a label (in
    Chinese) left of the columns, or numbers in half of them. A site's
    address and page number stamped at the foot of a scan has neither."""
    pad = median(b.height for b in boxes) / 2
    labelled = any(columns.of(b, pad) is None and _CHINESE.search(b.text) for b in boxes)
    return labelled or 2 * len(cells) >= columns.count()


def _sound(cell: Box) -> bool:
    """Whether a cell's reading can be taken: a number (a unit or 增减
    allowed), read with some confidence."""
    return bool(_VALUE.match(cell.text)) and cell.confidence >= UNREADABLE


def _check(cell: Box, line: int, page: int, problems: list[ImportProblem], kept: bool = False) -> bool:
    """Whether the cell can be taken (`_sound`); if not, or barely, say so.
    `kept`: the cell stays in a line of text as read, not blanked."""
    at = f"位置（{cell.x0:.0f}, {cell.y0:.0f}）"
    fate = "原文照录" if kept else "此格留空"
    if not _VALUE.match(cell.text):
        problems.append(ImportProblem(line, f"{at}识别出「{cell.text}」，不是数字：{fate}，请核对扫描件", page))
        return False
    if cell.confidence < UNREADABLE:
        problems.append(ImportProblem(line, f"{at}「{cell.text}」的识别置信度只有 {cell.confidence:.2f}，不可靠：{fate}，请核对扫描件", page))
        return False
    if cell.confidence < CONFIDENCE:
        problems.append(ImportProblem(line, f"{at}「{cell.text}」的识别置信度只有 {cell.confidence:.2f}，请核对扫描件", page))
    return True


def _row(
    page: Page, boxes: list[Box], columns: _Columns, line: int, number: int, problems: list[ImportProblem]
) -> Row | None:
    """A table row with its cells under the header cells' columns, or None
    when the boxes right of the label do not fall one to a column."""
    pad = median(b.height for b in boxes) / 2
    label = " ".join(b.text for b in boxes if columns.of(b, pad) is None)
    placed: dict[int, Box] = {}
    for box in boxes:
        column = columns.of(box, pad)
        if column is None:
            continue
        if column in placed:
            return None
        placed[column] = box
    top, bottom = min(b.y0 for b in boxes), max(b.y1 for b in boxes)
    values = []
    for column in range(columns.count()):
        name = f"「{label or '（无标签）'}」行第{column + 1}列"
        box, value = _cell(page, placed.get(column), columns.where(column), (top, bottom), name, line, number, problems)
        values.append(value)
        if box is not None:
            placed[column] = box
        if box is not None and _NUMBER.match(value):
            columns.seen.setdefault(column, []).append(box)
    text = "\t".join([label, *(placed[c].text if c in placed else "" for c in range(columns.count()))])
    return Row((label or None, *values), line, text, number, spans_known=True)  # no label: no label cell


def _loose_row(page: Page, boxes: list[Box], line: int, number: int, problems: list[ImportProblem]) -> Row | None:
    """A line of numbers alone under no header the reader knows (表四's
    header cells, stacked or run together), one of them missed or misread:
    its cells placed by the ruling lines across it, or else by the line's
    own even spacing, so that the one cell stays blank and the others keep
    their places. None when neither shows the cells, when a box does not
    stand inside one cell of its own, or when every cell holds a number
    read soundly (the line is read as text, as it stands)."""
    if len(boxes) < 3 or not all(_CELL_LIKE.match(b.text) or b.text == "。" for b in boxes):
        return None
    top, bottom = min(b.y0 for b in boxes), max(b.y1 for b in boxes)
    spans = _ruled_spans(page, boxes, (top + bottom) / 2) or _even_spans(boxes)
    if spans is None:
        return None
    placed: dict[int, Box] = {}
    for box in boxes:
        home = [i for i, (x0, x1) in enumerate(spans) if x0 - 2 <= box.x0 and box.x1 <= x1 + 2]
        if len(home) != 1 or home[0] in placed:
            return None  # a box across a rule, or two in one cell: no cells to trust
        placed[home[0]] = box
    if len(placed) == len(spans) and all(_sound(b) for b in boxes):
        return None
    values = []
    for column, (x0, x1) in enumerate(spans):
        name = f"位置（{x0:.0f}, {top:.0f}）只有数字的一行第{column + 1}格"
        values.append(_cell(page, placed.get(column), (x0 + 3, x1 - 3), (top, bottom), name, line, number, problems)[1])
    return Row((None, *values), line, " ".join(b.text for b in boxes), number, spans_known=True)


def _ruled_spans(page: Page, boxes: list[Box], y: float) -> list[tuple[float, float]] | None:
    """The ruled cells across a line, every one (a cell missed at either end
    is still a cell), between its ruling lines. A cell much wider or
    narrower than most at either end is a label's or a scanner's edge, and
    left out; one in the middle means these are not one row of cells."""
    rules = sorted(r.at for r in page.rules[0] if r.start <= y <= r.end)
    size = median(b.height for b in boxes)
    spans = [(a, b) for a, b in zip(rules, rules[1:]) if b - a > size]
    if not spans:
        return None
    usual = median(b - a for a, b in spans)
    odd = [not 0.6 * usual <= b - a <= 1.6 * usual for a, b in spans]
    while odd and odd[0]:
        odd, spans = odd[1:], spans[1:]
    while odd and odd[-1]:
        odd, spans = odd[:-1], spans[:-1]
    return None if any(odd) else spans


def _even_spans(boxes: list[Box]) -> list[tuple[float, float]] | None:
    """Where a line's cells stand when its numbers are evenly spaced: each
    centre one whole step (fitted over the line) from the next, or two or
    three where cells were missed; None if any stands off its place."""
    centres = [b.cx for b in boxes]
    step = median(b - a for a, b in zip(centres, centres[1:]))
    if step <= 0:
        return None
    slots = [round((c - centres[0]) / step) for c in centres]
    step = (centres[-1] - centres[0]) / slots[-1] if slots[-1] else step
    steps = [b - a for a, b in zip(slots, slots[1:])]
    if any(not 1 <= n <= 3 for n in steps) or any(abs(c - centres[0] - n * step) > 0.2 * step for c, n in zip(centres, slots)):
        return None
    return [(centres[0] + (i - 0.5) * step, centres[0] + (i + 0.5) * step) for i in range(slots[-1] + 1)]


def _cell(
    page: Page, box: Box | None, span: tuple[float, float] | None, rows: tuple[float, float],
    name: str, line: int, number: int, problems: list[ImportProblem], placed: bool = False,
) -> tuple[Box | None, str]:
    """One cell's box and value ("" for blank). A cell with nothing read,
    or with letters read (「I」 for 1), gets a second look, which is taken
    and reported. A number read unsurely gets one too: the same number
    again confirms it; another leaves the cell blank, both readings
    reported (never a choice between two readings). `placed`: the cell's
    bounds are its ruling lines, so a sure reading of just its crop is as
    good as a first reading and is not reported."""
    number_read = box is not None and bool(_VALUE.match(box.text))
    place = box or (Box(span[0], rows[0], span[1], rows[1], "", 0.0) if span else None)
    sealed = place is not None and page.under_seal(place)
    unsure = number_read and box is not None and (box.confidence < CONFIDENCE or sealed)
    misread = box is not None and not number_read and bool(_CELL_LIKE.match(box.text))
    again = _second_look(page, box, span, rows) if (box is None or misread or unsure) and page.image else None
    if again is not None and box is not None and number_read:
        if again.text == box.text:
            return again, again.text
        problems.append(ImportProblem(
            line, f"{name}先识别为「{box.text}」（置信度 {box.confidence:.2f}），再次识别为「{again.text}」，"
            "两次不一致：此格留空，请核对扫描件", number,
        ))
        return box, ""
    if again is not None and not number_read and again.confidence < CONFIDENCE and (box is None or sealed):
        # Nothing read first (or letters, under a seal): a second look must be as sure as a first reading
        problems.append(ImportProblem(line, f"{name}再次识别为「{again.text}」，置信度只有 {again.confidence:.2f}，"
                                      "不够可靠：此格留空，请核对扫描件", number))
        return box, ""
    if again is None and sealed and box is not None:
        problems.append(ImportProblem(line, f"{name}在印章下，识别为「{box.text}」，再次识别未能确认：此格留空，请核对扫描件", number))
        return box, ""
    if again is not None and placed and again.confidence >= CONFIDENCE:
        return again, again.text
    if again is not None:
        first = f"先识别为「{box.text}」，" if box is not None else "第一次没有识别出内容，"
        problems.append(ImportProblem(line, f"{name}{first}再次识别为「{again.text}」，请核对扫描件", number))
        box = again
    if box is None:
        problems.append(ImportProblem(line, f"{name}没有识别出内容：此格留空，请核对扫描件", number))
        return None, ""
    if not _check(box, line, number, problems):
        return box, ""  # never a guess: 「O」 is not 0, a smudge is not a number
    return box, box.text


def _second_look(page: Page, box: Box | None, span: tuple[float, float] | None, rows: tuple[float, float]) -> Box | None:
    """A cell read again on its own: where its column's values stand and
    where its box was read; failing that, inside its ruled cell, but only
    across the line's own height (a ruling line the scan lost must not
    bring in the next row's number)."""
    top, bottom = rows
    if span is None and box is None:
        return None
    x0, x1 = span or (box.x0, box.x1)  # type: ignore[union-attr]
    if box is not None:
        x0, x1 = min(x0, box.x0 - 2), max(x1, box.x1 + 2)
    again = reread(page, x0, top - 2, x1, bottom + 2)
    ruled = None if again else page.cell((x0 + x1) / 2, (top + bottom) / 2)
    if ruled:
        reach = (bottom - top) / 4
        again = reread(page, ruled[0] + 3, max(ruled[1] + 3, top - reach), ruled[2] - 3, min(ruled[3] - 3, bottom + reach))
    return again
