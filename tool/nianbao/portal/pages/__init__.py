"""The portal's pages besides each report's: one module per kind of page.

A page module has `pages(site)`, yielding a `Page` for each page of its
kind (the home page one, the organ pages one per organ): its URL, its
template in portal/theme/ (an office may override it in its site_templates/) and the template's context; and, when its page
reads data in the browser, `files(site)`, yielding (path, text); and, when
its page belongs in the site's menu, `MENU` (a `MenuItem`). Every module of
this package is a page kind (a new one needs no other file changed);
`registry()` finds them, the sitemap lists every page they yield, the menu
(`menu()`, in every page's header) and the browser tests open those with a MENU;
tests/test_types.py has mypy check each against `PageKind`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Protocol, TypeVar, cast

from ...model.finding import RuleNote
from ...model.names import natural_key
from ..files import Text
from ..records import Entry, Failure

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    url: str  # as linked: "" (home), "years/", "2025/"; a file name for a page no one links to ("404.html")
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    # All that its text depends on besides the templates, the options and nianbao, when its module
    # can say it in a few words: a page of the same inputs as the last build's is linked from it, not
    # rendered again (ten thousand organ pages, when one report changed).
    inputs: str = ""
    listed: bool = True  # in the sitemap: every page linked to

    @property
    def file(self) -> str:
        return self.url if self.url.endswith(".html") else self.url + "index.html"


UNNAMED_REGION = "未标注地区"  # where a report that names no region is listed
LIST_SIZE = 200  # items on one page of a long list: about 100 KB, what a phone opens at once


@dataclass(frozen=True)
class Pager:
    """Where one page of a long list stands among the list's pages."""

    number: int  # from 1
    urls: tuple[str, ...]  # of every page of the list, as linked
    first: int  # the place in the whole list of the page's first item, from 1
    shown: int  # items on the page
    total: int  # items in the whole list

    @property
    def nearby(self) -> list[int | None]:
        """The page numbers a pager links: the first, the last and two each
        side of this one; None where numbers are left out."""
        wanted = sorted({1, len(self.urls)} | set(range(max(1, self.number - 2), min(len(self.urls), self.number + 2) + 1)))
        out: list[int | None] = []
        for n in wanted:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out


def paged(url: str, items: Sequence[T]) -> list[tuple[Pager, Sequence[T]]]:
    """A list over pages of at most LIST_SIZE items: the first at `url`,
    the n-th at `url` + "n.html" (a name no report's or organ's folder can
    have: their slugs hold no dot). An empty list is one empty page."""
    size = LIST_SIZE
    count = max(1, -(-len(items) // size))
    urls = tuple(page_of(url, (n - 1) * size + 1) for n in range(1, count + 1))
    return [(Pager(n, urls, (n - 1) * size + 1, len(items[(n - 1) * size : n * size]), len(items)),
             items[(n - 1) * size : n * size]) for n in range(1, count + 1)]


def page_of(url: str, place: int) -> str:
    """The URL of the page of `paged(url, ...)` that holds the item at `place` (from 1)."""
    n = (place - 1) // LIST_SIZE + 1
    return url if n == 1 else f"{url}{n}.html"


@dataclass(frozen=True)
class MenuItem:
    url: str  # the page kind's own page, as linked: "years/"
    label: str  # as the menu shows it
    order: int  # its place in the menu, from the left


@dataclass
class Site:
    """The published reports as the pages see them, grouped once."""

    entries: list[Entry]
    failures: list[Failure]  # the reports the checks withheld
    sizes: dict[str, int] = field(default_factory=dict)  # the data files written so far, by name: their bytes
    rules: tuple[RuleNote, ...] = ()  # the rules the reports were checked by, in words

    @cached_property
    def latest(self) -> list[Entry]:
        """Newest year first, then organs in reading order (pinyin, numbers by value)."""
        return sorted(self.entries, key=lambda e: (-e.year, natural_key(e.organ), e.slug))

    @cached_property
    def newest(self) -> list[Entry]:
        """By publication date, the latest first (undated last)."""
        return sorted(self.entries, key=lambda e: (e.published or "", e.year, e.slug), reverse=True)

    @cached_property
    def by_year(self) -> dict[int, list[Entry]]:
        return self._grouped(lambda e: e.year)

    @cached_property
    def by_organ(self) -> dict[str, list[Entry]]:
        """By the organ's URL: names that fold alike share it."""
        return self._grouped(lambda e: e.organ_url)

    def _grouped(self, by: Callable[[Entry], Any]) -> dict[Any, list[Entry]]:
        out: dict[Any, list[Entry]] = defaultdict(list)
        for entry in self.latest:
            out[by(entry)].append(entry)
        return dict(out)


def by_name(items: list[tuple[str, str, list[Entry]]]) -> list[tuple[str, str, list[Entry]]]:
    """(name, url, reports) in reading order of the names."""
    return sorted(items, key=lambda item: (natural_key(item[0]), item[1]))


def organ_names(entries: list[Entry]) -> str:
    """The name of one organ page: of the names its reports give (with or
    without the higher regions in front), the fullest; names that fold alike are one."""
    return max(sorted({e.organ for e in entries}, key=natural_key), key=len)


class PageKind(Protocol):
    """A page module, as mypy checks every one (tests/test_types.py); its
    `MENU` and `files` are optional, looked for by name."""

    def pages(self, site: Site, /) -> Iterator[Page]: ...


@cache
def registry() -> tuple[PageKind, ...]:
    """Every page module, by name."""
    return tuple(
        cast(PageKind, importlib.import_module(f"{__name__}.{found.name}"))
        for found in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
    )


@cache
def menu() -> tuple[MenuItem, ...]:
    """The site's menu: the page kinds that have one, in their order."""
    items: list[MenuItem] = [getattr(m, "MENU") for m in registry() if hasattr(m, "MENU")]
    return tuple(sorted(items, key=lambda item: item.order))


def every_page(site: Site) -> Iterator[Page]:
    for module in registry():
        yield from module.pages(site)


def every_file(site: Site) -> Iterator[tuple[str, Text]]:
    """The data files the pages read in the browser: (path, text)."""
    for module in registry():
        if hasattr(module, "files"):
            yield from getattr(module, "files")(site)
