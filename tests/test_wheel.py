"""nianbao as an office has it: built as a wheel and installed in a fresh
virtual environment (not this checkout), used in a repository of the
office's own made by `nianbao init`
outside this one: import, lint, build, serve, the pre-commit hooks and the
deploy workflow's own commands, in order."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, seed
from serve_support import free_port, wait_for

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out

# What a checkout holds besides the sources, left out of the copy the wheel is built from.
_NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", "_site*", "_preview*",
                                      ".nianbao-cache", ".pytest_cache", "artifacts", "out")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a shell where nianbao is the wheel built from a
    copy of this checkout, installed with its dependencies into a fresh
    virtual environment, as an office installs it (pip fetches them, or
    takes them from its cache)."""
    work = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, work / "src", ignore=_NOT_SOURCES)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(work / "src")],
                           capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (work / "dist").glob("nianbao-*.whl")
    venv = work / "venv"
    made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout + done.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {"PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "NIANBAO_CACHE": str(work / "cache"),
            "PRE_COMMIT_HOME": str(work / "pre-commit")}
    found = subprocess.run(["python", "-c", "import nianbao; print(nianbao.__file__)"], env=env, capture_output=True, text=True,
                           cwd=work)
    assert found.stdout.startswith(str(venv)), found.stdout + found.stderr  # the wheel, not the checkout
    return env


def _run(command: list[str] | str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, shell=isinstance(command, str))


@pytest.fixture(scope="module")
def office(installed: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`nianbao init` in an empty folder, and one report imported as
    received (seed 001: its totals do not add up, so it fails)."""
    office = tmp_path_factory.mktemp("office") / "公开办"
    done = _run(["nianbao", "init", str(office)], office.parent, installed)
    assert done.returncode == 0, done.stdout + done.stderr
    received = office / "收到的报告"
    received.mkdir()
    shutil.copy(seed(1), received / "巨鹿县人民政府办公室2025年报告.txt")
    imported = _run(["nianbao", "import", "收到的报告/巨鹿县人民政府办公室2025年报告.txt"], office, installed)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert (office / "content" / "reports" / "juluxianrenminzhengfubangongshi-2025.md").is_file()
    return office


def test_the_wheel_lints_and_builds_every_page_kind(office: Path, installed: dict[str, str]) -> None:
    linted = _run(["nianbao", "lint"], office, installed)
    assert linted.returncode == 1 and "juluxianrenminzhengfubangongshi-2025.md" in linted.stdout, linted.stdout + linted.stderr
    built = _run(["nianbao", "build"], office, installed)
    assert built.returncode == 0 and "已发布 1 份报告" in built.stdout, built.stdout + built.stderr
    site = office / "_site"
    menu = re.findall(r'<a [^>]*href="/([a-z]+/)"', (site / "index.html").read_text(encoding="utf-8"))
    assert {"years/", "regions/", "organ/", "explore/", "stats/", "data/", "failed/"} <= set(menu)
    for page in [*menu, "2025/", "2025/shilixian-shilizhen-2025/"]:
        assert (site / page / "index.html").is_file(), page
    assert "巨鹿县人民政府办公室" in (site / "failed" / "index.html").read_text(encoding="utf-8")
    assert (site / "404.html").is_file() and (site / "data" / "datapackage.json").is_file()


def test_the_wheel_serves_a_preview(office: Path, installed: dict[str, str]) -> None:
    port = free_port()
    proc = subprocess.Popen(["nianbao", "serve", "--port", str(port)], cwd=office, env=installed,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/", "示例县示例镇", 120)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_pre_commit_hooks_run_the_installed_nianbao(office: Path, installed: dict[str, str]) -> None:
    """The hooks `init` wrote, run by pre-commit itself on the office's
    files: the failing report stops the commit, named."""
    for command in (["git", "init", "-q"], ["git", "add", "-A"]):
        assert _run(command, office, installed).returncode == 0
    ran = _run([sys.executable, "-m", "pre_commit", "run", "--all-files"], office, installed)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "nianbao lint" in ran.stdout and "juluxianrenminzhengfubangongshi-2025.md" in ran.stdout, ran.stdout


def test_the_deploy_workflow_publishes_what_passes(office: Path, installed: dict[str, str]) -> None:
    """deploy.yml's own `run:` commands, in order, as GitHub would run them
    (the install step aside: the wheel is installed): the failing report
    leaves the other published."""
    workflow = yaml.safe_load((office / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    outputs = {"steps.pages.outputs.base_path": "/office", "steps.pages.outputs.origin": "https://example.gov.cn"}
    ran = []
    for step in workflow["jobs"]["build"]["steps"]:
        if "run" not in step:
            continue
        command = re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: outputs.get(m.group(1), m.group(0)), step["run"])
        if "pip install" in command:  # the wheel is installed; from a file, so no source GitHub could reach is written
            assert step["env"]["NIANBAO_PIP"] == "${{ vars.NIANBAO_PIP || '' }}"
            continue
        assert "${{" not in command, command
        done = _run(command, office, installed)
        ran.append(command)
        assert done.returncode == 0 or step.get("continue-on-error") is True, command + done.stdout + done.stderr
    assert any("nianbao lint" in c for c in ran) and any("nianbao build" in c for c in ran)
    site = office / "_site"
    assert (site / "2025" / "shilixian-shilizhen-2025" / "index.html").is_file()
    assert not (site / "2025" / "juluxianrenminzhengfubangongshi-2025").exists()
    assert 'href="/office/' in (site / "index.html").read_text(encoding="utf-8")
