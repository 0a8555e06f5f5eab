"""rules.yaml -> validated Rule objects.

Every mistake in a rules file is reported with its line, before any report
is read: an unknown kind, a parameter the kind does not have or of the
wrong type, a cell key the template does not have, a misspelt problem
code, a bad regular expression, a bad severity, an expression that does not
parse. What each kind accepts is its module's business (lint/kinds/).
"""

from __future__ import annotations

import hashlib
import re
import string
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import yaml

from ..base.escape import quoted
from ..base.paths import reason
from ..model import template as tpl
from ..model.finding import Severity
from . import patterns
from .expressions import Expression
from .kinds import ParamError, registry
from .kinds import params as kind_params

if TYPE_CHECKING:
    from .kinds import Params

P = TypeVar("P", bound="Params")  # a kind's parameters

ID = re.compile(r"^NB\d{3}$")
PACKAGED = Path(__file__).with_name("rules.yaml")


def _placeholders_problem(text: object) -> str | None:
    """What is wrong with a message's {placeholders}, or None: each must be
    a plain name (「{row}」), never an attribute or an index
    (「{detail.__class__}」 would read nianbao's internals into a finding)."""
    if text is None:
        return None
    if not isinstance(text, str):
        return "须为文字"
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        return f"占位符写错了（{exc}）；文字中的花括号请写成 {{{{ 和 }}}}"
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            return f"占位符「{{{field}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}」只能是名称，如 {{row}}"
    return None


class RulesError(Exception):
    """A mistake in a rules file; as text, located as every command prints it."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: 规则文件错误：{message}")
        self.path, self.line, self.message = path, line, message


class UnknownRule(ValueError):
    """--select or --ignore names no rule (a usage error)."""


def _scalars(params: object) -> dict[str, int | float | str]:
    """A kind's parameters that a rule's `about` can put in: the numbers and words."""
    values = {f.name: getattr(params, f.name) for f in fields(params)}  # type: ignore[arg-type]
    return {k: v for k, v in values.items() if isinstance(v, int | float | str)}


@dataclass(frozen=True)
class Rule(Generic[P]):
    """A rule of rules.yaml, its parameters typed as its kind's `Params`
    (a kind's check takes `Rule[Params]` of its own module)."""

    id: str
    name: str
    severity: Severity
    templates: tuple[int, ...]
    message: str
    kind: str
    params: P
    line: int
    expressions: dict[str, Expression] = field(default_factory=dict)
    title: str = ""  # in Chinese, as reviewers name it
    advice: str = ""  # what to correct, for review letters
    about: str = ""  # what it checks, in plain Chinese for the public ({param}: the value of a parameter)

    def explained(self) -> str:
        """`about` with its parameters' values put in."""
        return string.Formatter().vformat(self.about, (), _scalars(self.params))

    def applies(self, version: int) -> bool:
        return version in self.templates

    @property
    def scope(self) -> str:
        """What its check reads: "report", "pair" or "findings" (lint/kinds/)."""
        return str(self.params.scope)


@dataclass(frozen=True)
class Settings:
    """The `settings:` of a rules file, each checked when the file is read."""

    # Month-day of the year after the report's by which each organ kind publishes.
    deadlines: dict[str, str] = field(default_factory=dict)
    # Percent of likeness from which a section counts as copied from last year's.
    similarity_threshold: float = 50
    # Percent of a section's runs of words shared with another organ's report of the same year from which it counts as copied.
    copy_threshold: float = 50
    # Sentences (regular expressions) every report may share, left out wherever copying is measured.
    boilerplate: list[str] = field(default_factory=list)
    # Another way of writing an organ -> its name (one organ renamed).
    organ_aliases: dict[str, str] = field(default_factory=dict)
    # Who signs the review letters.
    review_office: str = ""


def _settings(node: yaml.Node, path: str) -> dict[str, Any]:
    """The settings the `settings:` node gives; RulesError at the line of
    the first setting that is unknown or of the wrong shape."""
    if not isinstance(node, yaml.MappingNode):
        raise RulesError(path, node.start_mark.line + 1, "settings 须为映射（设置名: 值）")
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in node.value:
        line = key.start_mark.line + 1
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name not in known:
            raise RulesError(path, line, f"未知的设置「{quoted(name)}」；可用的有：{'、'.join(sorted(known))}")
        try:
            data = _construct(value)
        except (yaml.YAMLError, TypeError, ValueError) as exc:  # a mapping key that is a list, a tag of Python's
            raise RulesError(path, line, f"settings 中的 {name} 无法读取：{str(exc).splitlines()[0]}") from None
        problem = _setting_problem(name, data)
        if problem:
            words, entry = problem
            if entry is not None and isinstance(value, yaml.MappingNode):  # the line of the entry at fault
                line = next((k.start_mark.line + 1 for k, _ in value.value if k.value == str(entry)), line)
            raise RulesError(path, line, f"settings 中的 {name} {words}")
        values[name] = data
    return values


def _setting_problem(name: str, value: Any) -> tuple[str, object] | None:
    """What is wrong with one setting, and the key of its entry at fault
    (None: the whole setting); None when nothing is."""
    if name == "deadlines":
        if not isinstance(value, dict):
            return "须为「机关类型: 月-日」的映射", None
        for kind, day in value.items():
            if kind not in tpl.organ_kinds():
                return f"的机关类型须为 {'、'.join(tpl.organ_kinds())} 之一，而不是「{kind}」", kind
            try:
                month, dom = (int(x) for x in str(day).split("-"))
                date(2023, month, dom)  # a common year: 02-29 is no deadline every year
            except ValueError:
                return f"中「{kind}」的期限须写成「月-日」，如 \"01-31\"，而不是「{day}」", kind
        return None
    if name in ("similarity_threshold", "copy_threshold"):
        fits = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 100
        return None if fits else (f"须为 0 到 100 之间的数，而不是「{value}」", None)
    if name == "boilerplate":
        if not isinstance(value, list):
            return "须为正则表达式的列表", None
        wrong = next(((i, w) for i, item in enumerate(value, 1) if (w := patterns.problem(item))), None)
        return None if wrong is None else (f"第 {wrong[0]} 项{wrong[1]}", None)
    if name == "organ_aliases":
        pairs = isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
        return None if pairs else ("须为「另一种写法: 机关名称」的映射，两边都是文字", None)
    return None if isinstance(value, str) else (f"须为文字，而不是「{value}」", None)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    settings: Settings
    digest: str
    path: str

    def select(self, select: list[str] | None, ignore: list[str] | None) -> RuleSet:
        """Keep rules whose id starts with a selected prefix and no ignored
        one, in either case (nb004 is NB004). A prefix that starts no
        rule's id is a typo, not an empty selection that passes: UnknownRule."""
        select = [s.upper() for s in select] if select else select
        ignore = [i.upper() for i in ignore] if ignore else ignore
        for option, prefixes in (("--select", select), ("--ignore", ignore)):
            for prefix in prefixes or ():
                if not any(r.id.startswith(prefix) for r in self.rules):
                    raise UnknownRule(f"{option} 「{quoted(prefix)}」：没有以此开头的规则编号"
                                      f"（现有 {min(r.id for r in self.rules)}–{max(r.id for r in self.rules)}；每条规则检查什么见网站的「说明」页）" if self.rules
                                      else f"{option} 「{quoted(prefix)}」：规则文件中没有规则")
        kept = tuple(
            r
            for r in self.rules
            if (not select or any(r.id.startswith(s) for s in select))
            and not any(r.id.startswith(i) for i in ignore or ())
        )
        return RuleSet(kept, self.settings, self.digest + "|" + ",".join(r.id for r in kept), self.path)

    def scoped(self, scope: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.scope == scope)


def default_path() -> Path:
    """rules.yaml of the working directory (the collection's), else nianbao's."""
    local = Path("rules.yaml")
    return local if local.is_file() else PACKAGED


def load(path: Path | None = None) -> RuleSet:
    path = path or default_path()
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(name, 1, f"无法读取规则文件：{reason(exc) if isinstance(exc, OSError) else exc}") from None
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RulesError(name, mark.line + 1 if mark else 1, f"规则文件不是有效的 YAML：{exc}") from None
    if not isinstance(root, yaml.MappingNode):
        raise RulesError(name, 1, "规则文件须为包含 rules 的映射")
    top = {k.value: v for k, v in root.value}
    base = _base(top, name)
    if "rules" not in top and base is None or "rules" in top and not isinstance(top["rules"], yaml.SequenceNode):
        raise RulesError(name, root.start_mark.line + 1, "规则文件缺少 rules 列表")
    given = _settings(top["settings"], name) if "settings" in top else {}
    settings = replace(base.settings, **given) if base else Settings(**given)
    rules = [_rule(node, name) for node in top["rules"].value] if "rules" in top else []
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RulesError(name, rule.line, f"规则编号 {rule.id} 重复")
        seen.add(rule.id)
    if base is not None:
        rules = _extended(base, rules, top.get("disable"), name)
    for rule in rules:
        missing = [k for k in tpl.organ_kinds() if k not in settings.deadlines]
        if rule.kind == "deadline" and missing:
            raise RulesError(name, rule.line, f"规则 {rule.id} 检查发布期限，但 settings.deadlines 没有「{'、'.join(missing)}」的期限")
    digest = hashlib.sha256(((base.digest if base else "") + text).encode("utf-8")).hexdigest()
    return RuleSet(tuple(rules), settings, digest, name)


EXTENDS = "nianbao"  # what `extends:` may name: nianbao's own rules (PACKAGED)


def _base(top: dict[str, yaml.Node], path: str) -> RuleSet | None:
    """The rules an office's file extends (`extends: nianbao`), or None."""
    if "extends" not in top:
        return None
    node = top["extends"]
    if not isinstance(node, yaml.ScalarNode) or node.value != EXTENDS:
        raise RulesError(path, node.start_mark.line + 1, f"extends 只能是 {EXTENDS}（nianbao 自带的规则），而不是「{quoted(_construct(node))}」")
    return load(PACKAGED)


def _extended(base: RuleSet, own: list[Rule[Any]], disable: yaml.Node | None, path: str) -> list[Rule[Any]]:
    """nianbao's rules, each replaced by the file's rule of the same id, the
    ones `disable:` lists left out, and the file's other rules after them."""
    off: set[str] = set()
    if disable is not None:
        if not isinstance(disable, yaml.SequenceNode):
            raise RulesError(path, disable.start_mark.line + 1, "disable 须为规则编号的列表，如 [NB604, NB605]")
        for item in disable.value:
            if not any(r.id == item.value for r in base.rules):
                raise RulesError(path, item.start_mark.line + 1, f"disable 中的「{quoted(item.value)}」不是 nianbao 自带的规则编号")
            off.add(item.value)
    mine = {r.id: r for r in own}
    kept = [mine.pop(r.id, r) for r in base.rules if r.id not in off]
    return kept + [r for r in own if r.id in mine]


def _construct(node: yaml.Node) -> Any:
    """The Python value of a composed node (whose marks give line numbers)."""
    return yaml.CSafeLoader("").construct_document(node)


def _rule(node: yaml.Node, path: str) -> Rule:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise RulesError(path, line, "每条规则须为映射")
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    check_node = next((v for k, v in node.value if k.value == "check"), None)
    if isinstance(check_node, yaml.MappingNode):  # each parameter's own line
        lines |= {f"check.{k.value}": k.start_mark.line + 1 for k, _ in check_node.value}
    data = _construct(node)

    def fail(key: str, message: str) -> RulesError:
        return RulesError(path, lines.get(key, line), message)

    for key in ("id", "name", "severity", "message", "check"):
        if key not in data:
            raise fail(key, f"规则缺少 {key}")
    if not ID.match(str(data["id"])):
        raise fail("id", f"规则编号「{data['id']}」须为 NB 加三位数字")
    if data["severity"] not in tuple(Severity):
        raise fail("severity", f"severity 须为 {'、'.join(Severity)} 之一，而不是「{data['severity']}」")
    for key in ("message", "title", "advice", "about"):
        problem = _placeholders_problem(data.get(key))
        if problem:
            raise fail(key, f"{key}：{problem}")
    if not isinstance(data.get("templates", []), list):
        raise fail("templates", f"templates 须为列表，如 [2021]，而不是「{data['templates']}」")
    templates = tuple(data.get("templates", tpl.versions()))
    if not set(templates) <= set(tpl.versions()):
        raise fail("templates", f"templates 只能是 {tpl.versions()}")
    check = data["check"]
    kinds = registry()
    if not isinstance(check, dict) or check.get("kind") not in kinds:
        named = check.get("kind") if isinstance(check, dict) else check
        raise fail("check", f"未知的检查类型「{named}」；可用的有：{'、'.join(kinds)}")
    kind = kinds[check["kind"]]
    try:
        params = kind_params(kind, {k: v for k, v in check.items() if k != "kind"})
        rule = Rule(str(data["id"]), str(data["name"]), Severity(data["severity"]), templates, str(data["message"]), kind.name,
                    params, line, title=str(data.get("title") or data["name"]), advice=str(data.get("advice") or ""),
                    about=str(data.get("about") or ""))
        named = {f for _, f, _, _ in string.Formatter().parse(rule.about) if f}
        if named - _scalars(params).keys():
            raise fail("about", f"about 的占位符「{'、'.join(sorted(named - _scalars(params).keys()))}」不是检查类型 {kind.name} 的参数")
        return kind.validate(rule)
    except ParamError as exc:
        raise RulesError(path, lines.get(f"check.{exc.param}", lines["check"]), str(exc)) from None
    except ValueError as exc:
        raise fail("check", str(exc)) from None
