"""Scanned pages -> recognised boxes, with offline OCR (RapidOCR: the PP-OCR
models ship inside its wheel and run on onnxruntime; nothing is downloaded).

Each page is decoded once and recognised in bands, on all cores (threads
of one process sharing the page's pixels, the models held once), a few
pages ahead of the caller, who lays out the pages already read
(layout.py); a page lying on its side or upside down is turned upright and
recognised again, a seal's red is taken off, and the boxes are turned back
by the page's slant. For the layout's second looks it reads one cell's ink
(reread) and rows of cells, each row's side by side as one line, on the
threads too (read_rows), each reading kept only when every size it is read
at agrees.
"""

from __future__ import annotations

import io
import math
import os
import re
import sys
import threading
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator, Sized
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cache, cached_property
from statistics import median
from typing import Any

from . import grid

SECOND_LOOK = 0.9  # a second look at a cell must be at least this sure
MAX_SLANT = 5.0  # degrees: a page turned further is a photo to retake, not to read
INSTALL = "识别扫描件需要 OCR 组件：请在 nianbao 所在的环境中运行 python -m pip install 'nianbao[ocr]'（在 nianbao 的仓库中：python -m pip install -e '.[ocr]'）"
NUMBER = re.compile(r"^[+\-－]?[0-9０-９]+(?:[.．][0-9０-９]+)?$")


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
    picture: Any = None  # the page as recognised (a Pillow image, RGB), for a second look at a cell
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
        part = self.picture.crop((int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1))
        return ImageOps.expand(part, border=MARGIN, fill="white")

    @cached_property
    def _upright(self) -> Any:
        """The page in grey, turned upright like the boxes, as a numpy array."""
        import numpy as np
        from PIL import Image

        return np.asarray(self.picture.convert("L").rotate(self.slant, center=(0, 0), fillcolor=255, resample=Image.BILINEAR))

    @cached_property
    def rules(self) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
        """The table's ruling lines, turned upright like the boxes:
        (vertical lines, horizontal lines)."""
        if self.picture is None:
            return (), ()
        dark = self._upright < 160
        return _lines_in(dark, RULE_RUN), _lines_in(dark.T, 2 * RULE_RUN)

    @cached_property
    def text_height(self) -> float:
        """The height of a line of text on the page (the median box's); 0 without any."""
        return median(b.height for b in self.boxes) if self.boxes else 0.0

    @cached_property
    def grids(self) -> tuple[grid.Grid, ...]:
        """The ruled tables on the page, their cells found by their lines."""
        if self.picture is None or not self.boxes:
            return ()
        return tuple(grid.find(self._upright, self.text_height))

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
    failing that, the best box found in just that rectangle; or None, at
    once when the rectangle holds no stroke but ruling lines (an empty
    cell) or only ink flatter than any digit (a dash put for none):
    looking for text in each of these was most of the time on a page of
    a sparse table."""
    import numpy as np

    if page.text_height and _empty(page.crop(x0 - 5, y0, x1 + 5, y1), page.text_height):
        return None
    ink = _ink(page.crop(x0, y0, x1, y1))
    if ink is not None and ink.shape[0] < FLAT * page.text_height:
        return None
    engine = _engine()
    if ink is not None:
        read = _agreed(engine, ink)
        if read is not None:
            return Box(x0, y0, x1, y1, *read)
    for margin in (0, 5):  # tight first; a little wider if the number stands off its column
        found, _ = engine(np.asarray(page.crop(x0 - margin, y0, x1 + margin, y1)))
        best = max(found or [], key=lambda f: float(f[2]), default=None)
        if best is not None and NUMBER.match(str(best[1]).strip()) and float(best[2]) >= SECOND_LOOK:
            return Box(x0, y0, x1, y1, str(best[1]).strip(), float(best[2]))
    return None


FLAT = 0.4  # of a line of text's height: ink no taller than this is a dash or a rule, never a digit
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
    readings: list[tuple[str, float]] = []
    for size in SIZES:
        glyphs = _at_height(ink, size)
        tall = glyphs.shape[0]
        found, _ = engine(_as_line(glyphs, max(tall // 2, (2 * tall - glyphs.shape[1]) // 2, 4)),
                          use_det=False, use_cls=False, use_rec=True)
        text, score = (str(found[0][0]).strip(), float(found[0][1])) if found else ("", 0.0)
        if not NUMBER.match(text) or score < (AGAIN if readings else AGREED) or (readings and text != readings[0][0]):
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
    count, labels, stats, darkest = _strokes(grey)
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


def _strokes(grey: Any) -> tuple[int, Any, Any, Any]:
    """The strokes of a grey picture, found by their faint edges too (a
    blurred 「4」 has one dark stroke, and that alone reads 「1」): their
    count (with the background, 0), labels, statistics and darkest grey."""
    import cv2
    import numpy as np

    count, labels, stats, _ = cv2.connectedComponentsWithStats((grey < FAINT).astype(np.uint8), connectivity=8)
    darkest = np.full(count, 255)
    np.minimum.at(darkest, labels.ravel(), grey.ravel())
    return count, labels, stats, darkest


def _empty(picture: Any, text_height: float) -> bool:
    """Whether a cut-out of the page holds no stroke at all but ruling
    lines, nor a speck dark enough to be ink. A ruling line is thin, and
    either twice a line of text long or across the whole cut (a cell cut
    at its text's height has its side lines cut as short as a 「1」, but a
    「1」 stands clear of the cut's ends)."""
    import cv2
    import numpy as np

    grey = np.asarray(picture.convert("L"))
    count, _, stats, darkest = _strokes(grey)
    height, width = grey.shape
    for i in range(1, count):
        x, y = stats[i, cv2.CC_STAT_LEFT], stats[i, cv2.CC_STAT_TOP]
        w, h, area = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT], stats[i, cv2.CC_STAT_AREA]
        across = (y <= MARGIN + 1 and y + h >= height - MARGIN - 1) or (x <= MARGIN + 1 and x + w >= width - MARGIN - 1)
        ruling = (max(w, h) >= 2 * text_height or across) and area <= 4 * (w + h)
        if area >= 3 and darkest[i] < INK and not ruling:
            return False
    return True


def _check_installed() -> None:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError as exc:  # the extra, or a system library of OpenCV (libGL)
        raise OcrUnavailable(f"{INSTALL}（{exc}）") from None


THREADS = 4  # at most, whatever the machine: each holds its own engine and a band's work in memory


@cache
def _threads() -> ThreadPoolExecutor:
    """Threads kept for the whole run, one a core this process may use (up
    to THREADS), so that a folder of scans loads each thread's models once,
    not once per file."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return ThreadPoolExecutor(min(cores, THREADS), thread_name_prefix="ocr")


Found = list[tuple[list[list[float]], str, float]]  # a recogniser's boxes: corner points, text, score


DETECT_SIDE = 960  # pixels: text is found on the page scaled so that its shorter side is this (read at full size)


def _recognise(part: tuple[Any, int, int]) -> Found:
    """The boxes of one band of a page image, rows `top` to `bottom`, in the
    page's coordinates. Text is found on the band and OVERLAP of the page
    beyond each of its edges (a line across an edge is found whole), scaled
    down with its page to DETECT_SIDE (less time and memory, and lone digits
    are found as often; a page on its side is scaled as it would be
    upright); a box is the band's when its middle is in the band, and only
    the band's boxes are read, on the full-size image."""
    import cv2
    import numpy as np

    pixels, top, bottom = part
    height, width = pixels.shape[:2]
    margin = round(height * OVERLAP)
    start, end = max(0, top - margin), min(height, bottom + margin)
    band = pixels[start:end]
    engine = _engine()
    scale = min(1.0, DETECT_SIDE / min(width, height))
    small = band if scale == 1.0 else cv2.resize(band, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    found, _ = engine.text_det(small)
    if found is None or len(found) == 0:
        return []
    boxes = np.asarray(found, dtype=np.float32) / scale
    middles = boxes[:, :, 1].mean(axis=1) + start
    boxes = boxes[(middles >= top) & (middles < bottom)]
    if len(boxes) == 0:
        return []
    boxes = engine.sorted_boxes(boxes)
    readings, _ = engine.text_rec(engine.get_crop_img_list(band, boxes))
    return [([[float(x), float(y) + start] for x, y in points], str(text), float(score))
            for points, (text, score) in zip(boxes, readings)]


BANDS = 4  # a page is read in up to this many bands: the cores share its work, each band's detection needs a part of the memory
BAND_ROWS = 240  # rows a band has at least, as text is found (DETECT_SIDE): a thinner one the detector would blow up
OVERLAP = 1 / 24  # of the page's height, found beyond each edge of a band: more than a title's line


def _bands(pixels: Any) -> list[tuple[Any, int, int]]:
    """A page (its pixels, shared by the threads) cut into bands of even
    height (top, bottom): BANDS, or fewer on a short picture."""
    height, width = pixels.shape[:2]
    scale = min(1.0, DETECT_SIDE / min(width, height))
    count = max(1, min(BANDS, int(height * scale) // BAND_ROWS))
    cuts = [round(k * height / count) for k in range(count + 1)]
    return [(pixels, top, bottom) for top, bottom in zip(cuts, cuts[1:])]


def _upright(found: Found, picture: Any) -> Page:
    """Boxes turned back by the page's slant: its ruling lines', or the
    median slant of its lines of text (long and straight) on a page without."""
    import numpy as np

    slants = [
        math.degrees(math.atan2(p[1][1] - p[0][1], p[1][0] - p[0][0]))
        for p, _, _ in found
        if p[1][0] - p[0][0] > 3 * abs(p[3][1] - p[0][1])
    ]
    ruled = grid.slant(np.asarray(picture.convert("L")))
    slant = ruled if ruled is not None else median(slants) if slants else 0.0
    turn = math.radians(-slant)
    boxes = []
    for points, text, score in found:
        xs = [x * math.cos(turn) - y * math.sin(turn) for x, y in points]
        ys = [x * math.sin(turn) + y * math.cos(turn) for x, y in points]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text.strip(), score))
    return Page(tuple(boxes), slant, picture)


AHEAD = 2  # pages read beyond the one being laid out: enough to keep every core busy, each page held decoded


def recognise(images: Iterable[bytes]) -> Iterator[Page]:
    """Every page, in order, as it is read: the bands of the next AHEAD
    pages are queued on the pool's threads, so that they read on while the
    caller lays out the pages already read; a page is decoded once, its
    pixels shared by the threads. A progress bar on a terminal when the
    number of pages is known. A page lying on its side (a landscape table
    scanned sideways) or upside down is turned upright and read again; the
    turned reading is kept only if its lines read better (on its side, the
    other quarter turn is tried too if the first reads doubtfully)."""
    _check_installed()  # fail here, once, if OCR cannot run
    return _progress(_pages(images), len(images) if isinstance(images, Sized) else 0)


def _pages(images: Iterable[bytes]) -> Iterator[Page]:
    queued: deque[tuple[Any, Any, list[Future[Found]]]] = deque()
    try:
        for image in images:
            picture, seal = _unsealed(image)
            queued.append((picture, seal, _queue(picture)))
            if len(queued) > AHEAD:
                yield _page(*queued.popleft())
        while queued:
            yield _page(*queued.popleft())
    finally:  # the caller stopped (an error in a page): the pages not yet read are not read
        for _, _, bands in queued:
            for band in bands:
                band.cancel()


def _page(scan: Any, seal: tuple[float, float, float, float] | None, bands: list[Future[Found]]) -> Page:
    picture, found = _righted(scan, [box for band in bands for box in band.result()])
    page = _upright([f for f in found if f[2] >= TEXT_SCORE], picture)
    return replace(page, seal=_upright_bounds(seal, page.slant)) if seal and picture is scan else page  # turned: no seal told


def _queue(picture: Any) -> list[Future[Found]]:
    import numpy as np

    return [_threads().submit(_recognise, band) for band in _bands(np.asarray(picture))]


def _righted(scan: Any, found: Found) -> tuple[Any, Found]:
    """The page the right way up, and its boxes."""
    picture, turn = scan, _turn(found)
    for _ in range(2):  # on its side, the other quarter too if the first reads doubtfully
        if not turn:
            break
        turned = scan.rotate(turn, expand=True)
        boxes = [box for band in _queue(turned) for box in band.result()]
        if _legibility(boxes) > _legibility(found):
            picture, found = turned, boxes
        turn = -turn if abs(turn) == 90 and _legibility(found) < SURE else 0
    return picture, found


SEAL_RED = 150  # a seal's red: its red channel above this, and above green and blue by SEAL_MARGIN
SEAL_MARGIN = 70
SEAL_PIXELS = 500  # fewer red pixels than this are a red word or a logo, not a seal


def _unsealed(image: bytes) -> tuple[Any, tuple[float, float, float, float] | None]:
    """The page, decoded (RGB), without the red of a seal stamped over it
    (an organ's seal often sits on its table), and where the seal was: read
    in its red light alone, where red ink is as pale as the paper and print,
    black in every light, stays dark, even under the seal. A page with no
    seal is left as it is."""
    import numpy as np
    from PIL import Image

    picture = Image.open(io.BytesIO(image))
    colour = picture.mode in ("RGB", "RGBA", "P")  # grey or black and white: no seal to tell by its colour
    picture = picture.convert("RGB")
    if not colour:
        return picture, None
    pixels = np.asarray(picture)
    red = pixels[..., 0].astype(np.int16)
    seal = (red > SEAL_RED) & (red - np.maximum(pixels[..., 1], pixels[..., 2]) > SEAL_MARGIN)
    if seal.sum() < SEAL_PIXELS:
        return picture, None
    rows, columns = np.where(seal)
    bounds = (float(columns.min()), float(rows.min()), float(columns.max()), float(rows.max()))
    return Image.fromarray(pixels[..., 0]).convert("RGB"), bounds


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


# -- a row of cells read again as one line -----------------------------------

def read_rows(page: Page, rows: list[list[grid.Cell]]) -> list[dict[grid.Cell, str]]:
    """Each row's numbers (`_read_row`; none for a row without cells), the
    rows read side by side on the pool's threads: the last page's second
    looks would otherwise keep all but one core idle."""
    pending = [_threads().submit(_read_row, page, cells) if cells else None for cells in rows]
    return [row.result() if row is not None else {} for row in pending]


def _read_row(page: Page, cells: list[grid.Cell]) -> dict[grid.Cell, str]:
    """The numbers of a table row's value cells read as one line: each
    cell's ink, cut out, side by side with a digit's width of white
    between them. A lone 「0」 that the recogniser doubts on its own (a
    「。」, an 「o」) it reads surely among other numbers. A cell's reading
    is kept when it is a number and the same at every one of SIZES,
    as a cell's own ink is (`_agreed`: every character at least AGREED
    sure the first time, AGAIN after); each character goes to the cell
    it was read in, by where it stands on the line."""
    import numpy as np

    flat = FLAT * page.text_height  # a dash put for none is no number
    inks = [(cell, ink) for cell in cells
            if (ink := _ink(page.crop(cell.x0 + 2, cell.y0 + 2, cell.x1 - 2, cell.y1 - 2))) is not None and ink.shape[0] >= flat]
    if inks:  # a speck far shorter than the row's digits is no number: its cell is read on its own
        usual = median(ink.shape[0] for _, ink in inks)
        inks = [(cell, ink) for cell, ink in inks if ink.shape[0] >= 0.6 * usual]
    if not inks:
        return {}
    engine = _engine()
    agreed: dict[grid.Cell, str] | None = None
    for size in SIZES:
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
        texts = {cell: digits("".join(c for c, _ in chars).strip()) for cell, chars in read.items()
                 if any(not c.isspace() for c, _ in chars)
                 and min(p for c, p in chars if not c.isspace()) >= (AGREED if agreed is None else AGAIN)}  # 「２」 is 2
        texts = {cell: text for cell, text in texts.items() if NUMBER.match(text)}  # 「3 5」 in one cell is none
        agreed = texts if agreed is None else {cell: text for cell, text in agreed.items() if texts.get(cell) == text}
    return agreed or {}


def digits(text: str) -> str:
    return unicodedata.normalize("NFKC", text)
