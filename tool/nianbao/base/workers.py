"""Worker processes for the stages that handle every report (lint, build).

Started only when there is enough work to pay for them; the process that
asks sets itself up the same way, so small collections run in it alone.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from typing import Any, TypeVar

PARALLEL_FROM = 64  # reports: below this, starting workers costs more than it saves
T = TypeVar("T")
U = TypeVar("U")


def die_with_parent() -> None:
    """In a worker: be killed when the process that started it dies, even by
    kill -9 (Linux; elsewhere the pool's own shutdown is all there is)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


_PR_SET_PDEATHSIG = 1


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



class Forked:
    """`work` done in a child process (forked: it has the parent's memory,
    nothing is copied to it) while the parent goes on with other work, as a
    thread could not: Python's lock would hold one back while the other
    runs. Start it before the parent's own threads (a thread's lock held at
    the fork stays held in the child). `wait()` waits for it
    and raises what it raised: an OSError as itself (the disk is full, and
    where), anything else as RuntimeError(`failure` and the error). As a
    context manager it waits on leaving; left by an exception, it ends the
    child instead. Where there is no fork, the work is done at once."""

    def __init__(self, work: Callable[[], None], failure: str) -> None:
        self.failure = failure
        self.child: int | None = None
        if not hasattr(os, "fork"):
            work()
            return
        self.told, telling = os.pipe()
        self.child = os.fork()
        if self.child == 0:  # pragma: no cover (the child leaves by os._exit, which coverage does not see)
            os.close(self.told)
            code = 1
            try:
                die_with_parent()
                work()
                code = 0
            except KeyboardInterrupt:  # the parent was interrupted too, and says so
                pass
            except BaseException as error:
                if os.environ.get("NIANBAO_DEBUG"):
                    traceback.print_exc()
                os.write(telling, json.dumps(_told(error), ensure_ascii=False).encode())
            finally:
                os._exit(code)
        os.close(telling)

    def wait(self) -> None:
        """Wait for the work to end (at once when it has); raise when it failed."""
        if self.child is None:
            return
        child, self.child = self.child, None
        with os.fdopen(self.told, "rb") as told:
            error = told.read()
        _, status = os.waitpid(child, 0)
        if os.waitstatus_to_exitcode(status) == 0:
            return
        try:
            said = json.loads(error)
        except ValueError:  # it ended before it could say (killed)
            said = {}
        if "errno" in said:
            raise OSError(said["errno"], said["strerror"], said["filename"])
        raise RuntimeError(f"{self.failure}：{said.get('error', '进程意外结束')}")

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is not None and self.child is not None:
            os.kill(self.child, signal.SIGKILL)
        self.wait() if kind is None else self._reap()

    def _reap(self) -> None:
        with suppress(RuntimeError, OSError):
            self.wait()


def _told(error: BaseException) -> dict[str, object]:
    """What the child tells of its failure: an OSError whole, anything else by its name and words."""
    if isinstance(error, OSError) and error.errno is not None:
        return {"errno": error.errno, "strerror": str(error.strerror)[:1000],
                "filename": None if error.filename is None else str(error.filename)[:4000]}
    return {"error": f"{type(error).__name__}: {error}"[:4000]}  # all of it well inside a pipe's buffer
