"""The structure, drawn from the imports, reads as the flow
import → model → check → pipeline → publish (the portal; the review
letters beside it), the commands on top: no module imports from a stage
after its own."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tool" / "nianbao"

# Each module's stage, by its path in the package (first match wins).
STAGES = (
    ("importers/", "import"),
    ("lint/", "check"),
    ("pipeline.py", "pipeline"),
    ("portal/", "publish"),
    ("review/", "review"),  # review letters: what an office sends back, from the checks' findings
    ("cli.py", "commands"),
    ("__main__.py", "commands"),
    ("_command.py", "commands"),
    ("lint_output.py", "commands"),
    ("", "model"),  # template, model, source, values, names, finding, paths, workers, write, fmt
)
# Which stages each stage may import from.
ALLOWED = {
    "model": {"model"},
    "import": {"model", "import"},
    "check": {"model", "check"},
    "pipeline": {"model", "check", "pipeline"},
    "publish": {"model", "pipeline", "publish"},
    "review": {"model", "check", "pipeline", "review"},
    "commands": {"model", "import", "check", "pipeline", "publish", "review", "commands"},
}


def _stage(relative: str) -> str:
    return next(stage for part, stage in STAGES if part in relative or not part)


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


def test_the_checks_and_the_portal_do_not_know_each_other() -> None:
    for folder, other in (("lint", "nianbao.portal"), ("portal", "nianbao.lint")):
        for path in (PACKAGE / folder).rglob("*.py"):
            assert not any(name.startswith(other) for name in _imports(path)), path
