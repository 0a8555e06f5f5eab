"""Turning report text and page data into HTML, safely.

Report sources come from many offices: their Markdown is rendered with raw
HTML escaped, images dropped (no request may leave the portal) and links
kept only when they are http(s), mailto or relative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from ..model import template as tpl
from ..model.finding import Severity, Status
from ..model.report import Table
from .layout import official

SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
SAFE_SCHEMES = ("http:", "https:", "mailto:")
SLOT = "\x00"  # never in a rendered template: marks where a number goes


def _safe_link(url: str) -> bool:
    url = url.strip()
    return not SCHEME.match(url) or url.lower().startswith(SAFE_SCHEMES)


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).disable("image")
    md.validateLink = _safe_link
    return md


def markdown(text: str, marks: dict[int, list[TextMark]] | None = None) -> Markup:
    """Report text as HTML; `marks`: by the text's line (from 0), the
    sentences findings name there, each marked where it stands."""
    md = _markdown()
    tokens = md.parse(text)
    for token in tokens if marks else ():
        if token.type == "inline" and token.map and token.children:
            for mark in (m for line in range(*token.map) for m in (marks or {}).get(line, [])):
                _mark(token, mark)
    return Markup(md.renderer.render(tokens, md.options, {}))


def _mark(inline: Token, mark: TextMark) -> None:
    """The sentence a finding names, marked in its paragraph (a symbol
    linked to the finding, as a table's cell is) where it stands; the
    paragraph's start when the sentence is not found as written."""
    children = inline.children or []
    at, start = next(((i, c.content.find(mark.words)) for i, c in enumerate(children)
                      if c.type == "text" and mark.words and mark.words in c.content), (0, -1))
    flag = [Token("link_open", "a", 1, attrs={"class": "flag", "href": f"#{mark.finding}", "aria-label": mark.says,
                                              "title": mark.says}),
            Token("text", "", 0, content="※" if mark.severity == "waived" else "⚠"), Token("link_close", "a", -1)]
    opened = Token("mark_open", "mark", 1, attrs={"id": mark.anchor, "class": f"flagged {mark.severity}"})
    if start < 0:
        children[0:0] = [opened, *flag, Token("mark_close", "mark", -1), Token("text", "", 0, content=" ")]
        return
    text = children[at].content
    children[at : at + 1] = [Token("text", "", 0, content=text[:start]), opened, *flag,
                             Token("text", "", 0, content=" " + mark.words), Token("mark_close", "mark", -1),
                             Token("text", "", 0, content=text[start + len(mark.words) :])]


def explained(label: str) -> str:
    """What a table's row label means, from the glossary (template.yaml):
    the longest term it holds (「（二）部分公开（区分处理的…）」 is 部分公开)."""
    found = [(term, means) for term, means in tpl.glossary() if term in label]
    return max(found, key=lambda item: len(item[0]))[1] if found else ""


@cache
def environment(templates: tuple[Path, ...], base_url: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(folder) for folder in templates]),  # the first folder with the file wins
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates are read once per build; reset() forgets them
    )
    env.globals["base"] = base_url
    env.globals["Status"], env.globals["Severity"] = Status, Severity  # their words, spelled once
    env.globals["explained"] = explained
    from .pages import menu  # the page kinds, which render pages themselves

    env.globals["menu"] = menu()
    return env


def reset() -> None:
    """Forget rendered templates: a long-lived process (nianbao serve) builds
    again after a template changed."""
    for cached in (environment, _skeleton, _numbers):
        cached.cache_clear()


def page(templates: tuple[Path, ...], base_url: str, name: str, **context: Any) -> str:
    return environment(templates, base_url).get_template(name).render(**context)


@cache
def _skeleton(
    templates: tuple[Path, ...], base_url: str, version: int, key: str
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """A table's markup with a gap for each number, rendered once: the
    official layout is the same for every report of a template version."""
    grid = official(tpl.load(version).table(key))
    macros = environment(templates, base_url).get_template("_macros.html").module
    html = str(macros.grid_table(grid, lambda slot: Markup(SLOT)))
    return tuple(html.split(SLOT)), tuple((slot.row, slot.column) for slot in grid.slots)


@cache
def _numbers(templates: tuple[Path, ...], base_url: str) -> dict[tuple[str, bool], str]:
    """Numbers' markup by (as written, readable): the same few values recur
    in every report."""
    return {}


def _number(templates: tuple[Path, ...], base_url: str, numbers: dict[tuple[str, bool], str], raw: str, readable: bool) -> str:
    """A number's markup, rendered by the template's macro and kept in `numbers`."""
    if len(numbers) > 1 << 16:
        numbers.clear()
    macros = environment(templates, base_url).get_template("_macros.html").module
    html = numbers[raw, readable] = str(macros.value(raw, readable))
    return html


@dataclass(frozen=True)
class Mark:
    """A cell a finding names: marked in the table and linked to the finding."""

    anchor: str  # the cell's id
    finding: str  # the finding's id
    severity: str  # error, warning, info, or waived
    says: str  # the finding, for the mark's accessible name


@dataclass(frozen=True)
class TextMark(Mark):
    """A sentence of the text a finding names (its words as the source writes them)."""

    words: str = ""


def table(
    templates: tuple[Path, ...], base_url: str, version: int, key: str, data: Table | None, marks: dict[tuple[str, str], Mark]
) -> Markup:
    """One table of a report in the official layout (its numbers in the
    layout's order, unkeyed: the layout says where each is); a
    cell a finding names is marked (a symbol and a colour) and linked to it,
    its number kept as published."""
    parts, places = _skeleton(templates, base_url, version, key)
    numbers = _numbers(templates, base_url)
    cells = data.cells if data else {}
    macros = environment(templates, base_url).get_template("_macros.html").module
    out = [parts[0]]
    for place, after in zip(places, parts[1:]):
        cell = cells.get(place)
        written = (cell.raw, cell.readable) if cell else ("", False)
        mark = marks.get(place)
        if mark:
            out += (str(macros.marked(*written, mark)), after)
        else:
            out += (numbers.get(written) or _number(templates, base_url, numbers, *written), after)
    return Markup("".join(out))
