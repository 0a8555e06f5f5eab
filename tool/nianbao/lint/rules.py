"""rules.yaml -> validated Rule objects.

Every mistake in a rules file is reported with its line, before any report
is read: an unknown kind, a cell key the template does not have, a bad
severity, an expression that does not parse.
"""

from __future__ import annotations

import ast
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from evalidate import EvalException, EvalModel, ExecutionException, Expr

from .. import template as tpl

SEVERITIES = ("error", "warning", "info")
OPERATORS = ("==", "<=", ">=", "<", ">", "!=")
KINDS = {
    "relation": {"table", "tables", "for_each", "left", "op", "right", "at", "when", "previous"},
    "parse": {"codes"},
    "blank": set(),
    "sections": set(),
    "section_heading": set(),
    "template_year": set(),
    "title": set(),
    "period": set(),
    "deadline": set(),
    "text_requires": {"section", "patterns"},
    "text_number": {"patterns"},
    "similarity": set(),
    "waivers": set(),
}
ID = re.compile(r"^NB\d{3}$")
PACKAGED = Path(__file__).with_name("rules.yaml")


class RulesError(Exception):
    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


# What an expression may fail on in a report: a name it lacks, a blank
# cell (None in arithmetic), a division by zero.
_NO_VALUE = (NameError, AttributeError, TypeError, ArithmeticError)


@dataclass(frozen=True)
class Expression:
    """An expression of rules.yaml, checked when the rules are read. Only
    its text is kept: a rule set goes to worker processes, which compile it
    once each (a code object cannot be pickled)."""

    text: str
    names: tuple[str, ...]

    def evaluate(self, names: Mapping[str, Any]) -> Any:
        """The value for these names; None when there is none."""
        try:
            return _compiled(self.text).eval(ctx_locals=names)
        except ExecutionException as exc:
            if isinstance(exc.exc, _NO_VALUE):
                return None
            raise


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: str
    templates: tuple[int, ...]
    message: str
    kind: str
    params: dict[str, Any]
    line: int
    expressions: dict[str, Expression] = field(default_factory=dict)

    def applies(self, version: int) -> bool:
        return version in self.templates


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    settings: dict[str, Any]
    digest: str
    path: str

    def select(self, select: list[str] | None, ignore: list[str] | None) -> RuleSet:
        """Keep rules whose id starts with a selected prefix and no ignored one."""
        kept = tuple(
            r
            for r in self.rules
            if (not select or any(r.id.startswith(s) for s in select))
            and not any(r.id.startswith(i) for i in ignore or ())
        )
        return RuleSet(kept, self.settings, self.digest + "|" + ",".join(r.id for r in kept), self.path)

    @property
    def waiver_rule(self) -> Rule | None:
        """The rule reporting waivers that match no finding, when selected."""
        return next((r for r in self.rules if r.kind == "waivers"), None)


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
        raise RulesError(name, 1, f"无法读取规则文件：{getattr(exc, 'strerror', None) or exc}") from None
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RulesError(name, mark.line + 1 if mark else 1, f"规则文件不是有效的 YAML：{exc}") from None
    if not isinstance(root, yaml.MappingNode):
        raise RulesError(name, 1, "规则文件须为包含 rules 的映射")
    top = {k.value: v for k, v in root.value}
    if "rules" not in top or not isinstance(top["rules"], yaml.SequenceNode):
        raise RulesError(name, root.start_mark.line + 1, "规则文件缺少 rules 列表")
    settings = _construct(top["settings"]) if "settings" in top else {}
    rules = [_rule(node, name) for node in top["rules"].value]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RulesError(name, rule.line, f"规则编号 {rule.id} 重复")
        seen.add(rule.id)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return RuleSet(tuple(rules), settings or {}, digest, name)


def _construct(node: yaml.Node) -> Any:
    """The Python value of a composed node (whose marks give line numbers)."""
    return yaml.CSafeLoader("").construct_document(node)


def _rule(node: yaml.Node, path: str) -> Rule:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise RulesError(path, line, "每条规则须为映射")
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    data = _construct(node)

    def fail(key: str, message: str) -> RulesError:
        return RulesError(path, lines.get(key, line), message)

    for key in ("id", "name", "severity", "message", "check"):
        if key not in data:
            raise fail(key, f"规则缺少 {key}")
    if not ID.match(str(data["id"])):
        raise fail("id", f"规则编号「{data['id']}」须为 NB 加三位数字")
    if data["severity"] not in SEVERITIES:
        raise fail("severity", f"severity 须为 {'、'.join(SEVERITIES)} 之一，而不是「{data['severity']}」")
    templates = tuple(data.get("templates", tpl.versions()))
    if not set(templates) <= set(tpl.versions()):
        raise fail("templates", f"templates 只能是 {tpl.versions()}")
    check = data["check"]
    if not isinstance(check, dict) or check.get("kind") not in KINDS:
        raise fail("check", f"未知的检查类型「{(check or {}).get('kind') if isinstance(check, dict) else check}」")
    kind = check["kind"]
    params = {k: v for k, v in check.items() if k != "kind"}
    unknown = set(params) - KINDS[kind]
    if unknown:
        raise fail("check", f"检查类型 {kind} 没有参数 {', '.join(sorted(unknown))}")
    rule = Rule(str(data["id"]), str(data["name"]), data["severity"], templates, str(data["message"]), kind, params, line)
    try:
        return _validated(rule)
    except ValueError as exc:
        raise fail("check", str(exc)) from None


@cache
def _compiled(text: str) -> Expr:
    """An expression checked against the whitelist and compiled: names,
    template keys as attributes (t3.new.total), numbers and + - * /. Its
    globals hold no builtins."""
    keys = {h.key for v in tpl.versions() for t in tpl.load(v).tables for h in (*t.rows, *t.columns)}
    nodes = ["Expression", "Name", "Load", "Attribute", "Constant", "BinOp", "Add", "Sub", "Mult", "Div", "UnaryOp",
             "USub"]
    return Expr(text, model=EvalModel(nodes=nodes, attributes=sorted(keys), imported_functions={"__builtins__": {}}))


def _expression(text: Any, check: Callable[[str], None]) -> Expression:
    """An expression of rules.yaml, each of its names passed to `check`
    (which raises ValueError for a key the templates lack) before it is
    compiled."""
    source = str(text)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise ValueError(f"表达式「{source}」无法解析") from None
    names: list[str] = []

    def visit(node: ast.AST) -> None:
        # A dotted path (t3.new.total) is one name; so is a bare key.
        if isinstance(node, ast.Attribute | ast.Name):
            names.append(ast.unparse(node))
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    unique = tuple(dict.fromkeys(names))
    for name in unique:
        check(name)
    allowed = f"表达式「{source}」只能由表格的键、数字和 + - * / 组成"
    if not all(type(n.value) in (int, float) for n in ast.walk(tree) if isinstance(n, ast.Constant)):
        raise ValueError(allowed)
    try:
        _compiled(source)
    except EvalException:
        raise ValueError(allowed) from None
    return Expression(source, unique)


def _validated(rule: Rule) -> Rule:
    params = rule.params
    if rule.kind == "relation":
        return _relation(rule)
    if rule.kind == "text_number":
        exprs = {}
        for i, pattern in enumerate(params.get("patterns") or []):
            try:
                re.compile(pattern["regex"])
            except (re.error, KeyError, TypeError) as exc:
                raise ValueError(f"patterns 第 {i + 1} 项的 regex 无效：{exc}") from None
            if pattern.get("value") is None:
                raise ValueError(f"patterns 第 {i + 1} 项须有 value")
            exprs[str(i)] = _expression(pattern["value"], lambda name: _cell_path(name, rule.templates))
        return Rule(**{**rule.__dict__, "expressions": exprs})
    if rule.kind == "text_requires":
        if params.get("section") not in {s.key for s in tpl.latest().sections}:
            raise ValueError(f"未知章节「{params.get('section')}」")
        for pattern in params.get("patterns") or []:
            re.compile(pattern)
    if rule.kind == "parse" and not params.get("codes"):
        raise ValueError("parse 检查须列出 codes")
    return rule


def _cell_path(name: str, versions: tuple[int, ...]) -> None:
    parts = name.split(".")
    if len(parts) != 3:
        raise ValueError(f"「{name}」须写成 表.行.列")
    for version in versions:
        spec = tpl.load(version)
        try:
            table = spec.table(parts[0])
            table.row(parts[1])
            table.column(parts[2])
        except KeyError:
            raise ValueError(f"{version}年版模板没有单元格「{name}」") from None


def _relation(rule: Rule) -> Rule:
    params = rule.params
    tables = params.get("tables") or [params.get("table")]
    axis = params.get("for_each")
    if axis not in ("row", "column"):
        raise ValueError("for_each 须为 row 或 column")
    if params.get("op") not in OPERATORS:
        raise ValueError(f"op 须为 {' '.join(OPERATORS)} 之一")

    def check(name: str) -> None:
        """For each row: names are columns; for each column: names are rows."""
        base = name.removeprefix("prev_") if params.get("previous") else name
        for version in rule.templates:
            spec = tpl.load(version)
            for key in tables:
                try:
                    table = spec.table(key)
                except KeyError:
                    raise ValueError(f"{version}年版模板没有表「{key}」") from None
                if base not in {h.key for h in (table.columns if axis == "row" else table.rows)}:
                    raise ValueError(f"{version}年版模板的表「{key}」没有「{name}」")

    check(str(params.get("at")))
    for side in ("left", "right"):
        if params.get(side) is None:
            raise ValueError(f"relation 检查须有 {side}")
    exprs = {side: _expression(params.get(side), check) for side in ("left", "right")}
    return Rule(**{**rule.__dict__, "params": {**params, "tables": tables}, "expressions": exprs})
