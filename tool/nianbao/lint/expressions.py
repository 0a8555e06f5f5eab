"""The arithmetic of rules.yaml: checked against a whitelist when the rules
are read, compiled in each process that evaluates them, and without a value
(never an error) where a report gives them none."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from evalidate import EvalException, EvalModel, ExecutionException, Expr

from ..base.escape import quoted
from ..model import template as tpl

# The longest expression of the shipped rules is under 100 characters; one
# of 50,000 terms or a 5,000-digit number is a mistake or an attack, refused
# before it is parsed (parsing it would take the memory of the machine).
MAX_CHARS = 500
MAX_DIGITS = 15
MAX_DEPTH = 40  # 「----1」 nests as deep as it is long; the checker walks it recursively

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


@cache
def _compiled(text: str) -> Expr:
    """An expression checked against the whitelist and compiled: names,
    template keys as attributes (t3.new.total), numbers and + - * /. Its
    globals hold no builtins."""
    keys = {h.key for v in tpl.versions() for t in tpl.load(v).tables for h in (*t.rows, *t.columns)}
    nodes = ["Expression", "Name", "Load", "Attribute", "Constant", "BinOp", "Add", "Sub", "Mult", "Div", "UnaryOp",
             "USub"]
    return Expr(text, model=EvalModel(nodes=nodes, attributes=sorted(keys), imported_functions={"__builtins__": {}}))


def expression(text: Any, check: Callable[[str], None]) -> Expression:
    """An expression of rules.yaml, each of its names passed to `check`
    (which raises ValueError for a key the templates lack) before it is
    compiled. Raises ValueError for anything but keys, numbers and + - * /."""
    source = str(text)
    shown = quoted(source, 60)
    if len(source) > MAX_CHARS:
        raise ValueError(f"表达式「{shown}」太长（{len(source):,} 个字符），最多 {MAX_CHARS} 个")
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, RecursionError, MemoryError):
        raise ValueError(f"表达式「{shown}」无法解析") from None
    if _depth(tree) > MAX_DEPTH:
        raise ValueError(f"表达式「{shown}」嵌套超过 {MAX_DEPTH} 层")
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
    allowed = f"表达式「{shown}」只能由表格的键、数字和 + - * / 组成"
    constants = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    numbers = [c for c in constants if isinstance(c, (int, float)) and not isinstance(c, bool)]
    if len(numbers) < len(constants):
        raise ValueError(allowed)
    if any(abs(c) >= 10**MAX_DIGITS for c in numbers):
        raise ValueError(f"表达式「{shown}」中的数字超过 {MAX_DIGITS} 位")
    try:
        _compiled(source)
    except EvalException:
        raise ValueError(allowed) from None
    return Expression(source, unique)


def _depth(node: ast.AST) -> int:
    """How deep the tree goes, counted without recursion."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        at, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(at))
    return deepest


def cell_path(name: str, versions: tuple[int, ...]) -> None:
    """Raise ValueError unless `name` is 表.行.列 of a cell every one of
    `versions` has."""
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
