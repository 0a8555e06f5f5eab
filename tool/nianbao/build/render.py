"""Turning report text and page data into HTML, safely.

Report sources come from many offices: their Markdown is rendered with raw
HTML escaped, images dropped (no request may leave the portal) and links
kept only when they are http(s), mailto or relative.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
SAFE_SCHEMES = ("http:", "https:", "mailto:")


def _safe_link(url: str) -> bool:
    url = url.strip()
    return not SCHEME.match(url) or url.lower().startswith(SAFE_SCHEMES)


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).disable("image")
    md.validateLink = _safe_link
    return md


def markdown(text: str) -> Markup:
    return Markup(_markdown().render(text))


@cache
def environment(templates: Path, base_url: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = markdown
    env.globals["base"] = base_url
    return env


def page(templates: Path, base_url: str, name: str, **context: Any) -> str:
    return environment(templates, base_url).get_template(name).render(**context)
