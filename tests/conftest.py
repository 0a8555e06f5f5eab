"""Shared fixtures: paths to the seed reports and the collection."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = FIXTURES / "seeds"
REPORTS = ROOT / "content" / "reports"

# No test writes a cache into the working directory, not even while the
# tests are collected; each test has its own (tmp_path/.nianbao-cache).
# The collection's is removed when the session ends.
os.environ["NIANBAO_CACHE"] = tempfile.mkdtemp(prefix="nianbao-tests-")
atexit.register(shutil.rmtree, os.environ["NIANBAO_CACHE"], True)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_CACHE", str(tmp_path / ".nianbao-cache"))


def seed(number: int) -> Path:
    """Seed report NNN as published (text extracted from the original)."""
    return next(SEEDS.glob(f"{number:03d}_*.txt"))


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def reports_dir() -> Path:
    return REPORTS
