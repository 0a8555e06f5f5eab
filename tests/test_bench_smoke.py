"""The benchmark scripts run (speed itself is measured in bench/, never here)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out


def test_lint_bench_runs_on_a_small_collection() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "lint_bench.py"), "--n", "20"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "ratio" in out.stdout and "peak memory" in out.stdout


def test_build_bench_runs_on_a_small_collection() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "build_bench.py"), "--n", "20", "--no-peers"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "no-op" in out.stdout and "all processes" in out.stdout and "one changed report" in out.stdout
    assert "peak memory, largest process: 0 MB" not in out.stdout  # the memory run was sampled


def test_synthetic_reports_are_consistent_except_the_seeded_errors(tmp_path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import generate

    from nianbao import pipeline

    generate(tmp_path, 20)
    result = pipeline.run([tmp_path])
    broken = {f.path for f in result.findings if f.blocking}
    assert broken == {str(tmp_path / "shili-0-2020.md"), str(tmp_path / "shili-10-2020.md")}
    assert not [f for f in result.findings if not f.blocking and f.severity != "info"]  # rates vary at random


def test_import_accuracy_bench_runs_on_the_corpus() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "import_accuracy.py"), "--repeat", "1"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "total" in out.stdout and "ratio import / extraction" in out.stdout


def test_the_hostile_inputs_bench_finds_no_internal_error() -> None:
    """Every hostile input of bench/hostile.py is a located message: no 「内部错误」, no traceback."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "hostile.py")], capture_output=True, text=True,
                          cwd=ROOT.parent)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "internal errors 0; tracebacks 0; expectations broken 0" in done.stdout
