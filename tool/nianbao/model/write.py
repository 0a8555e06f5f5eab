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
from .report import Meta
from .values import canonical


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


def render_front_matter(meta: Meta) -> str:
    """A report's front matter as source.py reads it back into the same
    `Meta`: the keys in the order an editor expects them, the empty ones
    left out (but `organ`, to be filled in)."""
    original = meta.original
    written: dict[str, Any] = {
        "organ": meta.organ,
        "kind": meta.kind,
        "year": meta.year,
        "template": meta.template,
        "region": {"code": meta.region_code, "names": list(meta.region_names)} if meta.region_code or meta.region_names else None,
        "published": meta.published,
        "source_url": meta.source_url,
        "original": {k: v for k, v in (("file", original.file), ("sha256", original.sha256), ("kept", original.kept)) if v}
        if original else None,
        "slug": meta.slug,
        "waivers": [{"rule": w.rule, **({"cell": w.cell} if w.cell else {}), "reason": w.reason} for w in meta.waivers],
    }
    ordered = {k: v for k, v in written.items() if k == "organ" or v not in (None, "", [], {})}
    text = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{text}---\n"
