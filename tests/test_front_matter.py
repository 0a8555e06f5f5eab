"""The front matter has one record, `Meta`: what the importer writes
(write.render_front_matter) source.py reads back into the same record,
whatever the values."""

from __future__ import annotations

import dataclasses
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.model import template as tpl
from nianbao.model.report import Meta, Original, Waiver
from nianbao.model.source import parse
from nianbao.model.write import render_front_matter

_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30).map(str.strip).filter(bool)
_SLUG = st.from_regex(r"\A[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}\Z")
_HEX = st.text("0123456789abcdef", min_size=64, max_size=64)

_META = st.builds(
    Meta,
    organ=_TEXT,
    kind=st.sampled_from(sorted(tpl.organ_kinds())),
    year=st.integers(1990, 2100),
    template=st.sampled_from(tpl.versions()),
    slug=_SLUG,
    region_code=st.none() | st.text(string.digits, min_size=6, max_size=12),
    region_names=st.lists(_TEXT, max_size=3).map(tuple),
    published=st.none() | st.dates(),
    source_url=st.none() | st.from_regex(r"\Ahttps://[a-z]{1,10}\.gov\.cn/[a-z0-9/]{0,20}\Z"),
    original=st.none() | st.builds(Original, _TEXT, _HEX, st.none() | st.from_regex(r"\Aoriginals/[a-z0-9-]{1,20}\.pdf\Z")),
    waivers=st.lists(st.builds(Waiver, st.from_regex(r"\ANB[0-9]{3}\Z"), _TEXT, st.none() | st.from_regex(r"\At[2-4]\.[a-z]{1,8}\Z"),
                               st.just(0)), max_size=3).map(tuple),
)


def _without_lines(meta: Meta) -> Meta:
    return dataclasses.replace(meta, lines={}, waivers=tuple(dataclasses.replace(w, line=0) for w in meta.waivers))


@settings(max_examples=150, deadline=None)
@given(_META)
def test_what_is_written_reads_back_the_same(meta: Meta) -> None:
    read = parse(render_front_matter(meta) + "\n# 标题\n").meta
    assert _without_lines(read) == _without_lines(meta)
