"""Worker processes for the stages that handle every report (lint, build).

Started only when there is enough work to pay for them; the process that
asks sets itself up the same way, so small collections run in it alone.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

PARALLEL_FROM = 64  # reports: below this, starting workers costs more than it saves
T = TypeVar("T")
U = TypeVar("U")


def die_with_parent() -> None:
    """In a worker: be killed when the process that started it dies, even by
    kill -9 (Linux; elsewhere the pool's own shutdown is all there is)."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


_PR_SET_PDEATHSIG = 1
# Found once, in the parent: a forked child must not load libraries (another thread may hold the loader's lock).
_prctl = ctypes.CDLL(None).prctl if sys.platform.startswith("linux") else None


def _start(initializer: Callable[..., None], *initargs: Any) -> None:
    """Set up a worker. What it holds before its work (modules, the
    template, the rules; forked, what it shares with its parent) stays for
    its life: the garbage collector leaves it alone instead of scanning it
    again and again (gc.freeze)."""
    die_with_parent()
    gc.freeze()
    initializer(*initargs)


class Workers:
    def __init__(self, initializer: Callable[..., None], initargs: tuple[Any, ...], jobs: int | None = None) -> None:
        self.initializer, self.initargs = initializer, initargs
        self.jobs = jobs or os.cpu_count() or 1
        self.pool: ProcessPoolExecutor | None = None
        initializer(*initargs)

    def map(self, work: Callable[[T], U], items: list[T], reports: int | None = None) -> Iterator[U]:
        """`work` over `items` in order: one report each, or batches of
        `reports` reports in all, sent one by one (their results may be large)."""
        if self.jobs == 1 or (reports or len(items)) < PARALLEL_FROM:
            return map(work, items)
        if self.pool is None:
            self.pool = ProcessPoolExecutor(self.jobs, initializer=_start, initargs=(self.initializer, *self.initargs))
        chunk = 1 if reports else max(1, min(16, len(items) // (self.jobs * 8)))  # small: workers finish together
        return self.pool.map(work, items, chunksize=chunk)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
