"""mypy checks nianbao's own code (the settings are in pyproject.toml): the
typed records and protocols between modules hold, and every module a
registry finds by itself (a check kind, a page) is checked against its
registry's Protocol, as an input format is by FORMATS."""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out

ROOT = Path(__file__).resolve().parent.parent
REGISTRIES = {"nianbao.lint.kinds": "KindModule", "nianbao.portal.pages": "PageKind"}
WRONG_KIND = '''"""A kind whose check takes its arguments the other way round."""
from nianbao.lint.kinds import Params
def check(ctx: object, rule: int) -> list[str]:
    return []
'''


def _registered(folder: Path) -> Path:
    """A module assigning every registered module (and one wrong kind) to its Protocol."""
    (folder / "wrong_kind.py").write_text(WRONG_KIND, encoding="utf-8")
    lines = ["import wrong_kind"]
    for package, protocol in REGISTRIES.items():
        lines.append(f"from {package} import {protocol}")
        for found in pkgutil.iter_modules(importlib.import_module(package).__path__):
            lines += [f"import {package}.{found.name}", f"_{len(lines)}: {protocol} = {package}.{found.name}"]
    lines.append("_wrong: KindModule = wrong_kind")
    (folder / "registered.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "registered.py"


def test_mypy_finds_nothing_but_the_wrong_kind(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy comes with the test extra: pip install -e '.[test]'")
    registered = _registered(tmp_path)
    env = {**os.environ, "MYPYPATH": f"{ROOT / 'tool'}{os.pathsep}{tmp_path}"}
    done = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "tool/nianbao", str(registered)],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and errors[0].startswith(f"{registered}:{registered.read_text().count(chr(10))}:"), done.stdout + done.stderr
    assert 'Incompatible types in assignment (expression has type Module, variable has type "KindModule")' in errors[0]
    assert done.stdout.count("registered.py") >= 1 and "tool/nianbao" not in "".join(errors)
