"""The shipped GitHub workflows, run as GitHub would run their commands
(act is not available here): each `run:` step in order, in a repository
of reports, `uses:` steps left to GitHub, expressions given the values
GitHub would give."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPORTS, ROOT
from lint_support import TOWN_2021 as TOWN
from lint_support import set_cell, text_of, without_waivers

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out

WORKFLOWS = ROOT / ".github" / "workflows"
EXPRESSIONS = {
    "${{ steps.pages.outputs.base_path }}": "",
    "${{ steps.pages.outputs.origin }}": "https://example.gov.cn",
}


def _run_steps(workflow: str, job: str, repository: Path) -> list[tuple[str, int]]:
    """Each run step's command and exit code; the job stops at a failing
    step unless the step says continue-on-error, as GitHub's runner does."""
    steps = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))["jobs"][job]["steps"]
    done = []
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for step in steps:
        command = step.get("run")
        if command is None or "pip install" in command:
            continue  # an action of GitHub's, or installing nianbao: it is installed here
        for expression, value in EXPRESSIONS.items():
            command = command.replace(expression, value)
        code = subprocess.run(command, shell=True, cwd=repository, env=env, capture_output=True, text=True).returncode
        done.append((command, code))
        if code and not step.get("continue-on-error"):
            break
    return done


def test_deploy_publishes_the_passing_reports_when_one_fails(tmp_path: Path) -> None:
    reports = tmp_path / "content" / "reports"
    shutil.copytree(REPORTS, reports)
    wrong = set_cell(without_waivers(text_of(TOWN)), "行政复议", 1, "3")  # 表四 no longer adds up: an error
    (reports / TOWN.name).write_text(wrong, encoding="utf-8")
    steps = _run_steps("deploy.yml", "build", tmp_path)
    assert [code for command, code in steps if command.startswith("nianbao lint")] == [1]  # the finding is reported
    assert "nianbao build" in steps[-1][0] and steps[-1][1] == 0  # and the site is built all the same
    site = tmp_path / "_site"
    published = sorted(p.parent.name for p in site.glob("20*/*/index.html"))
    assert len(published) == len(list(REPORTS.glob("*.md"))) - 1
    assert TOWN.stem not in " ".join(published)
    assert "红旗区小店镇" in (site / "failed" / "index.html").read_text(encoding="utf-8")  # listed by its organ, not its file


def test_lint_fails_the_pull_request_that_brings_a_failing_report(tmp_path: Path) -> None:
    reports = tmp_path / "content" / "reports"
    shutil.copytree(REPORTS, reports)
    (reports / TOWN.name).write_text(set_cell(without_waivers(text_of(TOWN)), "行政复议", 1, "3"), encoding="utf-8")
    steps = _run_steps("lint.yml", "lint", tmp_path)
    assert steps and steps[0][0].startswith("nianbao lint") and steps[0][1] == 1
