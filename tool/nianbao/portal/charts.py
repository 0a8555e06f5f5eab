"""Bar charts as inline SVG, drawn at build time: no script, no CDN."""

from __future__ import annotations

import hashlib

from markupsafe import Markup, escape

from .figures import UNKNOWN

ROW = 28
LABEL = 166  # the labels end here, right-aligned
VALUE = 236  # the values end here: beside their label, so a phone that shows the chart's left part shows every number
WIDTH = 640


def bars(title: str, items: list[tuple[str, int | float | None]]) -> Markup:
    """Horizontal bars, one per (label, value), with an accessible title:
    label, value, then the bar; an unknown value (None) has no bar, and
    says 「未填」."""
    top = max((v for _, v in items if v is not None), default=0) or 1
    height = ROW * len(items) + 10
    plot = WIDTH - VALUE - 14
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{escape(_id(title))}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(_id(title))}">{escape(title)}</title>',
    ]
    for i, (label, value) in enumerate(items):
        y = 5 + i * ROW
        size = 0 if value is None else round(plot * value / top)
        said = UNKNOWN if value is None else value
        parts.append(
            f'<text x="{LABEL}" y="{y + 18}" text-anchor="end">{escape(label)}</text>'
            f'<text x="{VALUE}" y="{y + 18}" text-anchor="end" class="value">{said}</text>'
            f'<rect x="{VALUE + 8}" y="{y + 4}" width="{size}" height="{ROW - 10}"><title>{escape(label)}：{said}</title></rect>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _id(title: str) -> str:
    return "chart-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:10]
