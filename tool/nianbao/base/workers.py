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
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from functools import partial
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


class Forked:
    """`work` done in a child process (forked: it has the parent's memory,
    nothing is copied to it) while the parent goes on with other work, as a
    thread could not: Python's lock would hold one back while the other
    runs. The work must need no lock that another thread of the parent may
    hold (sqlite3 and files: yes; printing, importing: no). `wait()` waits
    for it and raises what it raised: an OSError as itself (the disk is
    full, and where), anything else as RuntimeError(`failure` and the
    error). As a context manager it waits on leaving; left by an exception
    (Ctrl-C too, in the middle of a wait), it ends the child instead.
    Where there is no fork, the work is done at once."""

    def __init__(self, work: Callable[[], None], failure: str) -> None:
        self.failure = failure
        self.child: int | None = None
        if not hasattr(os, "fork"):
            try:
                work()
            except OSError:
                raise
            except Exception as error:
                raise RuntimeError(f"{failure}：{_told(error)['error']}") from error
            return
        self.told, telling = os.pipe()
        parent = os.getpid()
        # Until the child ends, the collector leaves the parent's objects alone too: collecting writes to
        # every object it visits, and each page written is then copied, the child's and the parent's.
        gc.freeze()
        stopping = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, stopping)  # none reaches the child before it is set up
        try:
            try:
                self.child = os.fork()
            except OSError:
                gc.unfreeze()
                raise
            if self.child == 0:  # pragma: no cover (the child leaves by os._exit, which coverage does not see)
                code = 1
                try:
                    os.close(self.told)
                    for stop in stopping:  # stopped as the parent is, it ends at once: no cleanup of the parent's
                        signal.signal(stop, signal.SIG_DFL)  # (the thread that forks is the child's main thread)
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)
                    die_with_parent()
                    if os.getppid() != parent:  # the parent ended before that was set
                        os._exit(1)
                    work()
                    code = 0
                except BaseException as error:
                    with suppress(BaseException):
                        os.write(telling, json.dumps(_told(error), ensure_ascii=False).encode())
                finally:
                    os._exit(code)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)
        os.close(telling)

    def wait(self) -> None:
        """Wait for the work to end (at once when it has); raise when it failed."""
        if self.child is None:
            return
        told = b"".join(iter(partial(os.read, self.told, 65536), b""))
        _, status = os.waitpid(self.child, 0)
        self._forget()
        if os.waitstatus_to_exitcode(status) == 0:
            return
        try:
            said = json.loads(told)
        except ValueError:  # it ended before it could say (killed)
            said = {}
        if "errno" in said:
            raise OSError(said["errno"], said["strerror"], said["filename"])
        raise RuntimeError(f"{self.failure}：{said.get('error', '进程意外结束')}")

    def _forget(self) -> None:
        os.close(self.told)
        self.child = None
        gc.unfreeze()

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.wait()
        elif self.child is not None:
            os.kill(self.child, signal.SIGKILL)
            os.waitpid(self.child, 0)
            self._forget()


def _told(error: BaseException) -> dict[str, object]:
    """What the child tells of its failure: an OSError whole, anything else by its name and words."""
    if isinstance(error, OSError) and error.errno is not None:
        return {"errno": error.errno, "strerror": str(error.strerror)[:1000],
                "filename": None if error.filename is None else str(error.filename)[:4000]}
    return {"error": f"{type(error).__name__}: {error}"[:4000]}  # all of it well inside a pipe's buffer
