"""The official templates, read from forms/template.yaml.

The YAML holds every version, the years each applies to and their order;
`load(version)` resolves it into the view one version sees, so the importer,
the linter and the builder share one definition of every label, key and
hierarchy. A new revision of the template is an edit of the YAML: nothing
here names a version.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .names import fold

# Another template.yaml to use instead of nianbao's own: a revision being
# prepared, tried on reports before it is released.
TEMPLATE_ENV = "NIANBAO_TEMPLATE"

_QUOTES = str.maketrans("", "", "“”\"'‘’「」")
_SECTION_NUMBER = re.compile(r"^([一二三四五六])[、.,:]")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]{2,}[）)]\s*$")
HEADING_MAX = 40  # a line longer than this is narrative, not a heading


@lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    """Fold the ways people write a label (full/half width, spaces, quotes,
    line breaks) into one comparable form. Cached: the same labels recur in
    every report."""
    return fold(text).translate(_QUOTES).replace("·", "")


@dataclass(frozen=True)
class Header:
    """A row or a column of a table; a group when it has children."""

    key: str
    label: str
    aliases: tuple[str, ...]
    type: str
    unit: str | None
    parent: str | None
    children: tuple[str, ...]
    depth: int

    @property
    def is_group(self) -> bool:
        return bool(self.children)


@dataclass(frozen=True)
class Sum:
    """The cells of the `left` leaf keys add up to those of `right`, in every
    row (axis "columns") or in every column (axis "rows")."""

    axis: str
    left: tuple[str, ...]
    right: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    key: str
    section: str
    label: str
    corner: str
    head: str | None
    columns_title: str | None
    official_layout: str
    columns: tuple[Header, ...]
    rows: tuple[Header, ...]
    sums: tuple[Sum, ...] = ()

    @cached_property
    def leaf_rows(self) -> tuple[Header, ...]:
        return tuple(h for h in self.rows if not h.is_group)

    @cached_property
    def leaf_columns(self) -> tuple[Header, ...]:
        return tuple(h for h in self.columns if not h.is_group)

    def row(self, key: str) -> Header:
        return _find(self._by_key["rows"], key, self.key)

    def column(self, key: str) -> Header:
        return _find(self._by_key["columns"], key, self.key)

    @cached_property
    def _by_key(self) -> dict[str, dict[str, Header]]:
        return {"rows": {h.key: h for h in self.rows}, "columns": {h.key: h for h in self.columns}}

    @cached_property
    def row_groups(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(group key, its leaf keys) of every row group."""
        return tuple((h.key, self.leaves("rows", h.key)) for h in self.rows if h.is_group)

    @cached_property
    def column_groups(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((h.key, self.leaves("columns", h.key)) for h in self.columns if h.is_group)

    def leaves(self, axis: str, key: str) -> tuple[str, ...]:
        """Leaf keys under `key` on `axis` ("rows" or "columns")."""
        return self._leaves[axis][key]

    @cached_property
    def _leaves(self) -> dict[str, dict[str, tuple[str, ...]]]:
        out: dict[str, dict[str, tuple[str, ...]]] = {}
        for axis in ("rows", "columns"):
            headers = {h.key: h for h in getattr(self, axis)}

            def walk(key: str) -> tuple[str, ...]:
                head = headers[key]
                return tuple(k for child in head.children for k in walk(child)) if head.is_group else (key,)

            out[axis] = {key: walk(key) for key in headers}
        return out

    def match_row(self, text: str) -> Header | None:
        return self._match("rows", text)

    def match_group(self, text: str) -> Header | None:
        """A group of leaf rows written as one row of its own (「（六）其他处理」
        with its numbers, as the 2019 template had it): its label, or None."""
        folded = normalize_label(text)
        return self._groups.get(folded) or self._groups.get(normalize_label(_TRAILING_NOTE.sub("", text)))

    @cached_property
    def _groups(self) -> dict[str, Header]:
        return {
            normalize_label(x): h
            for h in self.rows
            if h.is_group and not any(self.row(c).is_group for c in h.children)
            for x in (h.label, *h.aliases)
        }

    def match_column(self, text: str) -> Header | None:
        return self._match("columns", text)

    def _match(self, axis: str, text: str) -> Header | None:
        """The leaf a label names; a filling note left after it
        (「行政复议（设区的市、自治州人民政府应提供相关数据）」) does not hide
        it (the linter reports the note)."""
        labels = self._by_label[axis]
        head = labels.get(normalize_label(text))
        if head is None and _TRAILING_NOTE.search(text):
            head = labels.get(normalize_label(_TRAILING_NOTE.sub("", text)))
        return head

    @cached_property
    def _by_label(self) -> dict[str, dict[str, Header]]:
        """Leaf headers by every normalised way of writing them; the first
        leaf wins where two share a label, as a scan in template order would."""
        out: dict[str, dict[str, Header]] = {}
        for axis, leaves in (("rows", self.leaf_rows), ("columns", self.leaf_columns)):
            labels: dict[str, Header] = {}
            for head in leaves:
                for text in (head.label, *head.aliases):
                    labels.setdefault(normalize_label(text), head)
            out[axis] = labels
        return out


@dataclass(frozen=True)
class SectionSpec:
    key: str
    label: str
    aliases: tuple[str, ...]
    number: str
    words: tuple[str, ...] = ()

    @lru_cache(maxsize=1 << 14)  # noqa: B019 - sections live as long as the templates, which are cached
    def matches(self, text: str, renumbered: bool = False) -> bool:
        """Whether a heading names this section, however worded: the label,
        an alias, the label without its number, or a short line numbered
        like the section holding all its `words`
        (「四、因政府信息公开工作被申请行政复议、提起行政诉讼情况」)."""
        norm = normalize_label(text).rstrip(":").lstrip("、.,:")  # its numeral lost (OCR) leaves the comma
        if norm in {normalize_label(x) for x in (self.label, *self.aliases)}:
            return True
        if len(norm) > HEADING_MAX or "。" in norm or any(ch.isdigit() for ch in norm):
            return False  # narrative, or a table row that starts like a heading
        bare = normalize_label(self.label.split("、", 1)[1])
        if norm in (bare, bare.removesuffix("情况")):
            return True
        if renumbered and _SECTION_NUMBER.sub("", norm) in (bare, bare.removesuffix("情况")):
            return True  # the importer reads a heading numbered otherwise by its words; the linter says so
        number = _SECTION_NUMBER.match(norm)
        return bool(number and number[1] == self.number and all(w in norm for w in self.words))

    def resembles(self, heading: str) -> bool:
        """Whether a heading that names no section holds this one's words
        (whatever its number): the section it was meant to be."""
        return bool(self.words) and all(w in normalize_label(heading) for w in self.words)


@dataclass(frozen=True)
class Figure:
    """A headline figure (template.yaml's `figures:`): a count of one row
    (in the total column, or `column`) of a table, or a rate, `of` over `per`."""

    key: str
    label: str
    table: str | None = None
    row: str | None = None
    column: str = "total"
    of: str | None = None
    per: str | None = None
    chart: str | None = None  # the charts' title, on the figure they draw
    breakdown: bool = False  # in the statistics' breakdown only

    @property
    def rate(self) -> bool:
        return self.of is not None


@dataclass(frozen=True)
class Template:
    version: int
    name: str
    notice: str
    first_year: int
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]
    figures: tuple[Figure, ...] = ()  # those this version's tables have

    def table(self, key: str) -> TableSpec:
        for spec in self.tables:
            if spec.key == key:
                return spec
        raise KeyError(key)

    def section(self, key: str) -> SectionSpec:
        for spec in self.sections:
            if spec.key == key:
                return spec
        raise KeyError(key)

    def tables_in(self, section: str) -> tuple[TableSpec, ...]:
        return tuple(t for t in self.tables if t.section == section)

    def table_name(self, table: TableSpec) -> str:
        """What a reader calls the table: 表三, or 表二（第二十条第（一）项）."""
        name = f"表{self.section(table.section).number}"
        return f"{name}（{table.label}）" if len(self.tables_in(table.section)) > 1 else name

    def cell_count(self) -> int:
        return sum(len(t.leaf_rows) * len(t.leaf_columns) for t in self.tables)


def _find(headers: dict[str, Header], key: str, table: str) -> Header:
    try:
        return headers[key]
    except KeyError:
        raise KeyError(f"{table}.{key}") from None


@cache
def _text() -> str:
    override = os.environ.get(TEMPLATE_ENV)
    if override:
        return Path(override).read_text("utf-8")
    return resources.files("nianbao.model.forms").joinpath("template.yaml").read_text("utf-8")


@cache
def _raw() -> dict[str, Any]:
    return yaml.load(_text(), Loader=yaml.CSafeLoader)


def digest() -> str:
    """Of the template in use: what is cached from a report depends on it."""
    return hashlib.sha256(_text().encode("utf-8")).hexdigest()


@cache
def versions() -> tuple[int, ...]:
    """Every version, oldest first (by the first year it applies to)."""
    raw = _raw()["versions"]
    return tuple(sorted(raw, key=lambda version: raw[version]["years"][0]))


def version_for_year(year: int) -> int:
    """The template a report on `year` must use: the newest one in force
    that year (the oldest for a year before them all)."""
    return max((v for v in versions() if load(v).first_year <= year), key=versions().index, default=versions()[0])


def others(version: int) -> tuple[Template, ...]:
    """The versions a report on `version` is not on, for telling the author
    that a label belongs to one of them."""
    return tuple(load(v) for v in versions() if v != version)


def latest() -> Template:
    return load(versions()[-1])


def versions_text() -> str:
    """The versions as a reader lists them: 「2019 或 2021」."""
    *head, last = map(str, versions())
    return f"{'、'.join(head)} 或 {last}" if head else last


@cache
def organ_kinds() -> dict[str, str]:
    """Organ kind (as written in front matter) -> its description."""
    return dict(_raw()["organ_kinds"])


def _applies(item: dict[str, Any], version: int) -> bool:
    """Whether an item exists in `version`: from the version `from:` names,
    until the one `until:` names (so a revision keeps what it does not change)."""
    order = versions()
    at = order.index(version)
    return order.index(item.get("from", order[0])) <= at <= order.index(item.get("until", order[-1]))


def _label(item: dict[str, Any], version: int) -> str:
    """The label in `version`: where the wording changed, the one of this
    version or of the newest before it that states one."""
    label = item["label"]
    if not isinstance(label, dict):
        return label
    order = versions()
    stated = [v for v in label if order.index(v) <= order.index(version)]
    return label[max(stated, key=order.index)]


def _headers(items: list[dict[str, Any]], version: int) -> tuple[Header, ...]:
    out: list[Header] = []

    def walk(item: dict[str, Any], parent: str | None, depth: int) -> None:
        kids = [k for k in item.get("children", []) if _applies(k, version)]
        out.append(
            Header(
                key=item["key"],
                label=_label(item, version),
                aliases=tuple(item.get("aliases", ())),
                type=item.get("type", "count"),
                unit=item.get("unit"),
                parent=parent,
                children=tuple(k["key"] for k in kids),
                depth=depth,
            )
        )
        for kid in kids:
            walk(kid, item["key"], depth + 1)

    for item in items:
        if _applies(item, version):
            walk(item, None, 0)
    return tuple(out)


def _sums(table: dict[str, Any], version: int) -> tuple[Sum, ...]:
    """The table's sums with group keys expanded to this version's leaves."""
    axes = {axis: {h.key: h for h in _headers(table[axis], version)} for axis in ("rows", "columns")}

    def leaves(axis: str, key: str) -> tuple[str, ...]:
        head = axes[axis][key]
        return tuple(k for child in head.children for k in leaves(axis, child)) if head.is_group else (key,)

    return tuple(
        Sum(s["axis"], *(tuple(k for key in s[side] for k in leaves(s["axis"], key)) for side in ("left", "right")))
        for s in table.get("sums", ())
    )


@cache
def load(version: int) -> Template:
    if version not in versions():
        raise KeyError(version)
    raw = _raw()
    meta = raw["versions"][version]
    sections = tuple(
        SectionSpec(
            key=s["key"],
            label=s["label"],
            aliases=tuple(s.get("aliases", ())),
            number=s["label"].split("、", 1)[0],
            words=tuple(s.get("words", ())),
        )
        for s in raw["sections"]
    )
    tables = tuple(
        TableSpec(
            key=t["key"],
            section=t["section"],
            label=t["label"],
            corner=t["corner"],
            head=t.get("head"),
            columns_title=t.get("columns_title"),
            official_layout=t.get("official_layout", "rows"),
            columns=_headers(t["columns"], version),
            rows=_headers(t["rows"], version),
            sums=_sums(t, version),
        )
        for t in raw["tables"]
        if _applies(t, version)
    )
    first, _ = meta["years"]  # the last year a version applies to is the next version's first
    counts = {f.key for f in figures() if not f.rate and _has(tables, f)}
    has = tuple(f for f in figures() if f.key in counts or f.rate and {f.of, f.per} <= counts)
    return Template(version, meta["name"], meta["notice"], first, sections, tables, has)


def _has(tables: tuple[TableSpec, ...], figure: Figure) -> bool:
    """Whether a version's tables have a count figure's row and column."""
    spec = next((t for t in tables if t.key == figure.table), None)
    keys = spec._by_key if spec else {}
    return figure.row in keys.get("rows", {}) and figure.column in keys.get("columns", {})


@cache
def glossary() -> tuple[tuple[str, str], ...]:
    """(term, what it means) for readers, in template.yaml's order."""
    return tuple((str(item["term"]), str(item["means"])) for item in _raw().get("glossary", ()))


@cache
def figures() -> tuple[Figure, ...]:
    """Every version's headline figures, in template.yaml's order (a
    version's own are `Template.figures`)."""
    out = tuple(Figure(**item) for item in _raw().get("figures", ()))
    counts = {f.key for f in out if not f.rate}
    for f in out:
        if (f.rate and not {f.of, f.per} <= counts) or (not f.rate and not (f.table and f.row)):
            raise ValueError(f"template.yaml figures: {f.key} needs table and row, or of and per naming counts")
    return out
