"""The README is the entry point: its first screen must give the two
commands a new user runs, and CI must run exactly its test command."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
FIRST_SCREEN = "\n".join(README.splitlines()[:25])


def _commands(text: str) -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line and not line.startswith("#")]


def test_first_screen_has_install_and_main_job_and_test_commands() -> None:
    commands = _commands(FIRST_SCREEN)
    assert any("pip install" in c and "nianbao " in c for c in commands), commands
    assert any("pip install" in c and "[test]" in c and "pytest" in c for c in commands), commands


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = next(c for c in _commands(FIRST_SCREEN) if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


def test_readme_is_chinese_first_with_an_english_section() -> None:
    assert re.search(r"[\u4e00-\u9fff]", FIRST_SCREEN)
    assert "(English)" in README
    assert README.index("(English)") > README.index("它做什么")
