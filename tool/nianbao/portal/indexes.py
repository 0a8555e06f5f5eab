"""Every file of the site that is not a report's: the pages of the page
modules (pages/: home, years, regions, organs, statistics, data, 404),
then the sitemap of them all, the feed and robots.txt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from xml.sax.saxutils import escape as xml_escape

from ..base.escape import xml
from ..model.finding import RuleNote
from . import figures
from .files import Text
from .pages import Site, every_file, every_page
from .records import Entry, Failure, Options
from .render import page


def _sitemap(urls: list[str], site_url: str) -> str:
    body = "".join(f"<url><loc>{xml_escape(site_url + u)}</loc></url>\n" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n'


def _summary(entry: Entry) -> str:
    published = f"{entry.published} 发布；" if entry.published else ""
    said = [f"{f.label} {figures.shown(entry.totals[f.key], f)}" + ("" if f.rate or entry.totals[f.key] is None else " 件")
            for f in figures.headline() if f.key in entry.totals]
    return f"{entry.organ}{entry.year}年度报告（{published}检查结果：{entry.status}）。{'，'.join(said)}。"


def _dated(entries: list[Entry]) -> list[Entry]:
    """The reports a feed can carry, newest first: an entry needs the date
    its report was published, and an undated one is left out rather than
    given an invented date."""
    return sorted((e for e in entries if e.published), key=lambda e: (e.published, e.slug), reverse=True)


def _feed(items: list[Entry], site_url: str) -> str:
    body = "".join(
        f"<entry><title>{_text(e.title)}</title><id>{_text(site_url + e.url)}</id>"
        f'<link href="{_text(site_url + e.url)}"/><updated>{e.published}T00:00:00Z</updated>'
        f"<author><name>{_text(e.organ)}</name></author><summary>{_text(_summary(e))}</summary></entry>\n"
        for e in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">\n'
        f"<title>政府信息公开工作年度报告</title><id>{xml_escape(site_url)}</id>"
        f'<link href="{xml_escape(site_url)}"/><link rel="self" href="{xml_escape(site_url)}feed.xml"/>'
        f"<updated>{items[0].published}T00:00:00Z</updated>\n{body}</feed>\n"
    )


def pages(
    entries: list[Entry], options: Options, failures: list[Failure], sizes: dict[str, int], rules: tuple[RuleNote, ...] = (),
    kept: Callable[[str, str], bool] = lambda file, inputs: False,
) -> Iterator[tuple[str, Text]]:
    """(path, text) of every file, one at a time, as thousands of organs
    have a page each; not of a page that `kept` (given its file and
    inputs, with whether the site has a feed) says it took from the last build."""
    urls = [e.url for e in entries]
    dated = _dated(entries) if options.site_url else []
    site = Site(entries, failures, sizes, rules)
    yield from every_file(site)
    for made in every_page(site):
        if made.listed:
            urls.append(made.url)
        if made.inputs and kept(made.file, f"{bool(dated)} {made.inputs}"):
            continue
        yield made.file, page(options.templates, options.base, made.template, page_url=made.url,
                              feed=bool(dated), **made.context)
    if options.site_url is None:  # a preview or a build without --site-url: nothing absolute to write
        yield "robots.txt", "User-agent: *\nAllow: /\n"
        return
    yield "sitemap.xml", _sitemap(sorted(urls), options.site_url)
    if dated:  # a feed without one dated report would have no true <updated>
        yield "feed.xml", _feed(dated, options.site_url)
    yield "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {options.site_url}sitemap.xml\n"


def _text(text: str) -> str:
    """Text for the feed: escaped, and without what XML cannot hold (a control character in a title)."""
    return xml_escape(xml(text))
