"""The check kinds rules.yaml can use: one module per kind, named for it.

A kind module has
- `Params`: a dataclass (subclass of `Params` here) whose fields are the
  kind's parameters in rules.yaml, with their types and defaults; its
  `scope` says what a check reads: one report ("report"), a report and the
  same organ's report on the year before ("pair"), a report's findings
  once every other rule has run ("findings"), or what the collection says
  of every report ("collection": its path, organ, year, slug, and what
  the kind's `keep` kept of it);
- `check(rule, ctx)`: the findings, located, for one report (a `Context`;
  for scope "findings", a `FindingsContext`; for "collection", a
  `CollectionContext`);
- optionally `validate(rule)`: checks the parameters against the templates
  when the rules are read (raise ParamError naming the parameter, or
  ValueError) and returns the rule with what it resolved (expressions);
- optionally, for scope "collection", `keep(rule, report, settings)`: what the check
  needs of each report, as JSON data (lists, strings, numbers), taken
  where the report is read and remembered in the lint cache, so that the
  collection's pass never holds every report's text.

Every module of this package is a kind (a new one needs no other file
changed); `registry()` finds them, and tests/test_types.py has mypy check
each against `KindModule`.
"""

from __future__ import annotations

import importlib
import pkgutil
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast

from ...model import template as tpl
from ..patterns import problem

if TYPE_CHECKING:
    from ...model.finding import Finding
    from ..rules import Rule


class ParamError(ValueError):
    """A parameter's value is wrong: the rules file points at its line."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


def check_section(key: str, versions: tuple[int, ...]) -> None:
    """Raise ParamError unless every one of `versions` has the section `key`."""
    for version in versions:
        if key not in {s.key for s in tpl.load(version).sections}:
            raise ParamError("section", f"{version}年版模板没有章节「{key}」")


def check_regexes(param: str, patterns: list[str]) -> None:
    """Raise ParamError naming the first of `patterns` that is not a valid
    regular expression."""
    for i, pattern in enumerate(patterns, start=1):
        wrong = problem(pattern)
        if wrong:
            raise ParamError(param, f"{param} 第 {i} 项{wrong}")


@dataclass(frozen=True)
class Params:
    """A kind's parameters. `scope` may be a property where a parameter
    decides it (a relation with the year before)."""

    scope: ClassVar[str] = "report"


@dataclass(frozen=True)
class FindingsContext:
    """What a kind of scope "findings" reads: one report's findings so far."""

    path: str
    waivers: tuple[Any, ...]
    findings: list[Finding]


@dataclass(frozen=True)
class Listed:
    """A report as the collection lists it."""

    path: str
    organ: str
    year: int
    slug: str
    slug_line: int
    organ_key: str = ""  # names.organ_key: the same organ under two names is one
    kept: dict[str, Any] = field(default_factory=dict)  # rule id -> what its kind's `keep` kept of the report


@dataclass(frozen=True)
class CollectionContext:
    """What a kind of scope "collection" reads: every readable report, in
    the order the files were found, and the rules file's settings."""

    reports: tuple[Listed, ...]
    settings: Any = None  # rules.Settings


class KindModule(Protocol):
    """A kind's module, as mypy checks every one (tests/test_types.py): its
    `check` takes a `Rule` of its own `Params` and the context of its
    scope; `validate` is optional, looked for by name."""

    @property
    def Params(self) -> type[Params]: ...  # a class, named as the module names it

    def check(self, rule: Rule[Any], ctx: Any, /) -> Iterator[Finding]: ...


@dataclass(frozen=True)
class Kind:
    name: str
    params: type[Params]
    check: Callable[[Rule[Any], Any], Iterator[Finding]]
    validate: Callable[[Rule[Any]], Rule[Any]]
    keep: Callable[[Rule[Any], Any, Any], Any] | None = None


def _as_is(rule: Rule[Any]) -> Rule[Any]:
    return rule


@cache
def registry() -> dict[str, Kind]:
    """Every kind, by name: the modules of this package."""
    out = {}
    for found in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = cast(KindModule, importlib.import_module(f"{__name__}.{found.name}"))
        out[found.name] = Kind(found.name, module.Params, module.check, getattr(module, "validate", _as_is),
                               getattr(module, "keep", None))
    return out


_TYPE_WORDS = {str: "文本", int: "整数", float: "数字", bool: "true 或 false", list: "列表", dict: "映射"}


def _fits(value: Any, hint: Any) -> bool:
    """Whether a YAML value fits a parameter's type (str, int, bool, float,
    list[...], dict[...], unions with None, Any)."""
    if hint is Any:
        return True
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return any(_fits(value, arm) for arm in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        return isinstance(value, list) and all(_fits(v, item) for v in value)
    if origin is dict:
        return isinstance(value, dict)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)


def _describe(hint: Any) -> str:
    arms = typing.get_args(hint) if typing.get_origin(hint) in (types.UnionType, typing.Union) else (hint,)
    words = [_TYPE_WORDS.get(typing.get_origin(a) or a, str(a)) for a in arms if a is not type(None)]
    return "或".join(dict.fromkeys(words))


def params(kind: Kind, raw: dict[str, Any]) -> Params:
    """The kind's parameters from a rule's `check:` mapping; ValueError
    naming the parameter that is unknown, missing or of the wrong type."""
    known = {f.name: f for f in fields(kind.params)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ParamError(unknown[0], f"检查类型 {kind.name} 没有参数 {', '.join(unknown)}")
    hints = typing.get_type_hints(kind.params)
    for name, spec in known.items():
        if name not in raw:
            if spec.default is MISSING and spec.default_factory is MISSING:
                raise ValueError(f"检查类型 {kind.name} 须有参数 {name}")
            continue
        if not _fits(raw[name], hints[name]):
            raise ParamError(name, f"参数 {name} 须为{_describe(hints[name])}，而不是「{raw[name]}」")
    return kind.params(**raw)
