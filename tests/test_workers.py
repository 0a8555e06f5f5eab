"""Worker processes: started only for enough work, results in order, and
what a worker inherits left out of its garbage collection; work forked
beside the parent's, its failure told, its process ended with the parent's work."""

from __future__ import annotations

import errno
import gc
import os
import signal
import time
from pathlib import Path

import pytest

from nianbao.base.workers import PARALLEL_FROM, Forked, Workers

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


def test_forked_work_is_done_in_another_process_with_this_ones_memory(tmp_path: Path) -> None:
    told = {"words": "在父进程里准备好的数据"}  # not passed: the child has it as the parent had it
    out = tmp_path / "out.txt"
    with Forked(lambda: out.write_text(f"{told['words']} {os.getpid()}", encoding="utf-8"), "写入失败") as work:
        work.wait()
    words, pid = out.read_text(encoding="utf-8").rsplit(" ", 1)
    assert words == told["words"] and int(pid) != os.getpid()


def test_forked_work_that_fails_raises_what_it_raised() -> None:
    def fail() -> None:
        raise ValueError("坏数据")

    def full() -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/站点/data/nianbao.sqlite")

    with pytest.raises(RuntimeError, match="^生成数据库失败：ValueError: 坏数据$"):
        with Forked(fail, "生成数据库失败"):
            pass
    with pytest.raises(OSError) as raised:  # told as the disk's own error: what and where
        Forked(full, "生成数据库失败").wait()
    assert (raised.value.errno, raised.value.filename) == (errno.ENOSPC, "/站点/data/nianbao.sqlite")


def test_forked_work_ends_when_the_parents_work_fails(tmp_path: Path) -> None:
    started, done = tmp_path / "started", tmp_path / "done"

    def slow() -> None:
        started.touch()
        time.sleep(60)
        done.touch()

    with pytest.raises(KeyError):
        with Forked(slow, "失败") as work:
            child = work.child
            while not started.exists():
                time.sleep(0.01)
            raise KeyError("页面出错")
    assert child is not None and work.child is None
    with pytest.raises(ChildProcessError):  # reaped: no such child any more
        os.waitpid(child, os.WNOHANG)
    assert not done.exists()


def test_forked_work_ends_when_its_wait_is_interrupted(tmp_path: Path) -> None:
    """Ctrl-C (or the SIGTERM a CI sends) in the middle of a wait: the child
    is ended and reaped, not left writing into a build being cleared away."""
    started, done = tmp_path / "started", tmp_path / "done"

    def slow() -> None:
        started.touch()
        time.sleep(60)
        done.touch()

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            with Forked(slow, "失败") as work:
                child = work.child
                while not started.exists():
                    time.sleep(0.01)
                signal.setitimer(signal.ITIMER_REAL, 0.2)
                work.wait()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert child is not None and work.child is None
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)
    assert not done.exists()
