"""The structure, drawn from the imports, reads as the flow
import → model → check → pipeline → publish (the portal; the review
letters beside it), the commands on top: no module imports from a stage
after its own."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tool" / "nianbao"

# Each module's stage, by the folder it is in (first match wins): the tree is the flow.
STAGES = (
    ("base/", "base"),  # atomic writes, paths, worker processes, escaping: what every stage uses
    ("model/", "model"),  # the template, the report and its source file, names, findings
    ("importers/", "import"),
    ("lint/", "check"),
    ("pipeline.py", "pipeline"),
    ("portal/", "publish"),
    ("review/", "review"),  # review letters: what an office sends back, from the checks' findings
    ("commands/", "commands"),
    ("__main__.py", "commands"),
    ("__init__.py", "base"),  # the package's version
)
# Which stages each stage may import from.
ALLOWED = {
    "base": {"base"},
    "model": {"base", "model"},
    "import": {"base", "model", "import"},
    "check": {"base", "model", "check"},
    "pipeline": {"base", "model", "check", "pipeline"},
    "publish": {"base", "model", "pipeline", "publish"},
    "review": {"base", "model", "check", "pipeline", "review"},
    "commands": {"base", "model", "import", "check", "pipeline", "publish", "review", "commands"},
}


def _stage(relative: str) -> str:
    return next(stage for part, stage in STAGES if relative.startswith(part) or relative == part)


def _module_path(name: str) -> str:
    """nianbao.lint.rules -> lint/rules.py (or lint/__init__.py)."""
    parts = name.split(".")[1:]
    folder = PACKAGE.joinpath(*parts)
    return (folder / "__init__.py" if folder.is_dir() else folder.with_suffix(".py")).relative_to(PACKAGE).as_posix()


def _imports(path: Path) -> set[str]:
    """The nianbao modules a file imports, absolute."""
    package = ["nianbao", *path.relative_to(PACKAGE).parent.parts]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            if module.startswith("nianbao"):
                found |= {f"{module}.{a.name}" if _is_module(f"{module}.{a.name}") else module for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("nianbao")}
    return found


def _is_module(name: str) -> bool:
    folder = PACKAGE.joinpath(*name.split(".")[1:])
    return folder.is_dir() or folder.with_suffix(".py").is_file()


def test_no_stage_imports_from_a_later_one() -> None:
    wrong = []
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 40
    for path in modules:
        here = _stage(path.relative_to(PACKAGE).as_posix())
        for name in _imports(path):
            there = _stage(_module_path(name))
            if there not in ALLOWED[here]:
                wrong.append(f"{path.relative_to(PACKAGE)} ({here}) imports {name} ({there})")
    assert not wrong, "\n".join(wrong)


def test_every_module_is_in_a_stage_by_its_folder() -> None:
    """No module loose at the top of the package but the flow's own files."""
    loose = [p.name for p in PACKAGE.glob("*.py")]
    assert sorted(loose) == ["__init__.py", "__main__.py", "pipeline.py"]
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        assert any(relative.startswith(part) for part, _ in STAGES), relative


def test_the_checks_and_the_portal_do_not_know_each_other() -> None:
    for folder, other in (("lint", "nianbao.portal"), ("portal", "nianbao.lint")):
        for path in (PACKAGE / folder).rglob("*.py"):
            assert not any(name.startswith(other) for name in _imports(path)), path


TESTS = Path(__file__).resolve().parent


def _checks(node: ast.AST, asserting: set[str]) -> bool:
    """Whether a function asserts: an assert, a pytest.raises or .warns
    block, or a call of a helper that itself asserts."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Assert):
            return True
        if isinstance(inner, ast.withitem):
            call = inner.context_expr
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in ("raises", "warns"):
                return True
        if isinstance(inner, ast.Call):
            name = inner.func.attr if isinstance(inner.func, ast.Attribute) else getattr(inner.func, "id", "")
            if name in asserting:
                return True
    return False


def test_every_test_asserts() -> None:
    """A test that asserts nothing passes whatever the code does."""
    functions = [
        node
        for path in sorted(TESTS.rglob("*.py"))
        if "fixtures" not in path.parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
    ]
    asserting: set[str] = set()
    while True:  # helpers that assert, and helpers that call them
        more = {f.name for f in functions if not f.name.startswith("test") and _checks(f, asserting)}
        if more <= asserting:
            break
        asserting |= more
    silent = [f.name for f in functions if f.name.startswith("test_") and not _checks(f, asserting)]
    assert len(functions) > 500
    assert silent == []
