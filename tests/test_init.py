"""`nianbao init`: an office's own repository, outside this one, that lints
and builds with no other step, its workflows publishing what passes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from nianbao.commands.init import install_source

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out


def _nianbao(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIANBAO_CACHE": str(cwd / ".cache")}
    return subprocess.run([sys.executable, "-m", "nianbao", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_init_makes_a_repository_that_lints_and_builds(tmp_path: Path) -> None:
    office = tmp_path / "office"
    done = _nianbao("init", str(office), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    made = sorted(str(p.relative_to(office)) for p in office.rglob("*") if p.is_file())
    assert made == [".github/workflows/deploy.yml", ".github/workflows/lint.yml", ".gitignore", ".pre-commit-config.yaml",
                    "README.md", "content/reports/example-2025.md", "rules.yaml"]
    assert not str(office).startswith(str(ROOT))  # outside this checkout: no file of it is read
    linted = _nianbao("lint", "content/reports", cwd=office)
    assert linted.returncode == 0 and "没有发现问题" in linted.stdout, linted.stdout + linted.stderr
    built = _nianbao("build", "content/reports", "--out", "_site", cwd=office)
    assert built.returncode == 0 and "已发布 1 份报告" in built.stdout, built.stdout + built.stderr
    assert (office / "_site" / "2025" / "shilixian-shilizhen-2025" / "index.html").is_file()
    assert ".nianbao-cache/" in (office / ".gitignore").read_text(encoding="utf-8")


def test_init_leaves_what_is_there(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    done = _nianbao("init", cwd=tmp_path)
    assert done.returncode == 0 and "已存在，未改动：rules.yaml" in done.stdout
    assert (tmp_path / "rules.yaml").read_text(encoding="utf-8") == "rules: []\n"


def test_the_deploy_workflow_publishes_what_passes(tmp_path: Path) -> None:
    """The deploy job lints for annotations only, then builds: one failing
    report leaves the others published; the lint workflow fails the push."""
    _nianbao("init", str(tmp_path), cwd=tmp_path)
    deploy = yaml.safe_load((tmp_path / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    steps = deploy["jobs"]["build"]["steps"]
    lint = next(s for s in steps if "nianbao lint" in s.get("run", ""))
    build = next(s for s in steps if "nianbao build" in s.get("run", ""))
    assert lint.get("continue-on-error") is True and steps.index(lint) < steps.index(build)
    checks = yaml.safe_load((tmp_path / ".github" / "workflows" / "lint.yml").read_text(encoding="utf-8"))
    assert not any(s.get("continue-on-error") for s in checks["jobs"]["lint"]["steps"])
    example = tmp_path / "content" / "reports" / "example-2025.md"
    failing = example.read_text(encoding="utf-8").replace("示例县示例镇", "示例县另一镇").replace("shilixian-shilizhen", "shilixian-lingyizhen")
    lines = failing.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("| 行政复议"))
    lines[row] = lines[row].replace(" 0 |", " 3 |", 1)  # 维持 3, 总计 0: an error
    (example.parent / "another-2025.md").write_text("\n".join(lines), encoding="utf-8")
    assert _nianbao("lint", "content/reports", cwd=tmp_path).returncode == 1
    built = _nianbao("build", "content/reports", "--out", "_site", cwd=tmp_path)
    assert built.returncode == 0 and "已发布 1 份报告" in built.stdout, built.stdout + built.stderr


@pytest.mark.parametrize("direct_url, source", [
    (None, "nianbao==1.2.0"),  # from an index: the same version
    ('{"url": "https://github.com/o/nianbao.git", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}',
     "git+https://github.com/o/nianbao.git@abc123"),  # the same commit
    ('{"url": "https://example.org/nianbao-1.2.0.tar.gz", "archive_info": {}}', "https://example.org/nianbao-1.2.0.tar.gz"),
    ('{"url": "file:///home/office/nianbao", "dir_info": {"editable": true}}', ""),  # GitHub cannot reach it
    ('{"url": "file:///tmp/nianbao-1.2.0-py3-none-any.whl", "archive_info": {}}', ""),
    ("not json", ""),
    ('["a list"]', ""),
])
def test_the_workflows_install_nianbao_as_this_machine_did(direct_url: str | None, source: str) -> None:
    assert install_source(direct_url, "1.2.0") == source


def test_a_workflow_without_an_install_source_says_what_to_set(tmp_path: Path) -> None:
    """Installed from a folder here, nianbao writes no source GitHub cannot
    reach: the workflows' install step stops with what to set, in words."""
    done = _nianbao("init", str(tmp_path), cwd=tmp_path)
    assert "NIANBAO_PIP" in done.stdout
    for name in ("lint.yml", "deploy.yml"):
        workflow = yaml.safe_load((tmp_path / ".github" / "workflows" / name).read_text(encoding="utf-8"))
        (step,) = [s for job in workflow["jobs"].values() for s in job["steps"] if "pip install" in s.get("run", "")]
        assert step["env"]["NIANBAO_PIP"] == "${{ vars.NIANBAO_PIP || '' }}"
        ran = subprocess.run(["bash", "-c", step["run"]], env={**os.environ, "NIANBAO_PIP": ""}, capture_output=True, text=True)
        assert ran.returncode == 1 and "::error::" in ran.stdout and "NIANBAO_PIP" in ran.stdout
