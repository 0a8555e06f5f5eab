"""Worker processes: started only for enough work, results in order, and
what a worker inherits left out of its garbage collection."""

from __future__ import annotations

import gc
import os

import pytest

from nianbao.base.workers import PARALLEL_FROM, Workers

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out

_state: dict[str, int] = {}


def _init(value: int) -> None:
    _state["value"] = value


def _work(item: int) -> tuple[int, int, int]:
    return item * _state["value"], os.getpid(), gc.get_freeze_count()


def test_small_work_runs_in_this_process() -> None:
    with Workers(_init, (3,), jobs=2) as workers:
        results = list(workers.map(_work, list(range(PARALLEL_FROM - 1))))
    assert [r[0] for r in results] == [3 * i for i in range(PARALLEL_FROM - 1)]
    assert {r[1] for r in results} == {os.getpid()}


def test_workers_keep_order_and_freeze_what_they_inherit() -> None:
    items = list(range(4 * PARALLEL_FROM))
    with Workers(_init, (5,), jobs=2) as workers:
        results = list(workers.map(_work, items))
    assert [r[0] for r in results] == [5 * i for i in items]
    assert os.getpid() not in {r[1] for r in results}
    assert all(frozen > 0 for _, _, frozen in results)
