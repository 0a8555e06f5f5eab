"""Writing sources in the canonical layout (used by fmt and import).

A table is written one row per official leaf row, first cell the official
label, one column per official leaf column, padded so the pipes line up in
an editor that shows CJK characters at double width.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from . import template as tpl
from .values import canonical

FRONT_ORDER = ("organ", "kind", "year", "template", "region", "published", "source_url", "original", "slug", "waivers")


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, size: int, right: bool) -> str:
    fill = " " * (size - width(text))
    return fill + text if right else text + fill


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def render_table(
    spec: tpl.TableSpec,
    rows: Mapping[str, Mapping[str, str]],
    unplaced: Sequence[tuple[str, str]] = (),
) -> str:
    """`rows`: row key -> column key -> raw cell text; rows in template order."""
    columns = spec.leaf_columns
    header = [spec.corner, *(c.label for c in columns)]
    body = [
        [head.label, *(_escape(canonical(rows[head.key].get(c.key, ""))) for c in columns)]
        for head in spec.rows  # a group appears only when the original printed it as a row of its own
        if head.key in rows
    ]
    sizes = [max(3, *(width(r[i]) for r in [header, *body])) for i in range(len(header))]
    lines = [
        "| " + " | ".join(_pad(cell, sizes[i], i > 0) for i, cell in enumerate(header)) + " |",
        "| " + " | ".join(("-" * (n - 1) + ":") if i else "-" * n for i, n in enumerate(sizes)) + " |",
    ]
    lines += ["| " + " | ".join(_pad(cell, sizes[i], i > 0) for i, cell in enumerate(row)) + " |" for row in body]
    for row, text in unplaced:
        ref = f"{spec.key}.{row}" if row else spec.key
        lines.append(f"<!-- 原文 {ref} {text} -->")
    return "\n".join(lines)


def render_front_matter(meta: Mapping[str, Any]) -> str:
    ordered = {k: meta[k] for k in FRONT_ORDER if k in meta and meta[k] not in (None, "", [], {})}
    if "organ" not in ordered:
        ordered = {"organ": "", **ordered}
    text = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{text}---\n"
