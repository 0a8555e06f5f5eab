"""Shared fixtures: paths to the seed reports and the collection."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = FIXTURES / "seeds"
REPORTS = ROOT / "content" / "reports"


def seed(number: int) -> Path:
    """Seed report NNN as published (text extracted from the original)."""
    return next(SEEDS.glob(f"{number:03d}_*.txt"))


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def reports_dir() -> Path:
    return REPORTS
