"""The output folder, kept safe: a site replaces only a site nianbao built
(never the sources, the cache or someone's other files), in one step
where the system can, one build at a time."""

from __future__ import annotations

import csv
import ctypes
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from ..base.paths import cache_dir

MARKER = ".nianbao-site"  # in every site built: what a later build may replace


class NotASite(Exception):
    """The output folder holds something else: it is never replaced."""


def check_out(out: Path, sources: Sequence[str | Path]) -> None:
    """Raise NotASite unless `out` may hold (and be replaced by) a site built from `sources`."""
    resolved = out.resolve()
    cache = cache_dir().resolve()
    if resolved == cache or resolved in cache.parents:
        raise NotASite(f"输出目录 {out} 包含 nianbao 的缓存（{cache_dir()}）：网站会替换整个输出目录，请换一个输出目录（如 _site）")
    for source in sources:
        place = Path(source).resolve()
        if place == resolved or resolved in place.parents:
            raise NotASite(f"输出目录 {out} 包含源文件 {source}：网站会替换整个输出目录，请换一个输出目录（如 _site）")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise NotASite(f"{out}/ 已有别的文件，不是 nianbao 生成的网站（没有 {MARKER} 标记），不会替换它：请换一个输出目录或先清空")
    if out.exists() and not out.is_dir():
        raise NotASite(f"{out} 是一个文件，不是目录")


def published_in(out: Path) -> int:
    """How many reports the site in `out` has: its catalogue's records (not
    its lines: an organ's name may hold a line break, quoted in the CSV)."""
    try:
        with open(out / "data" / "reports.csv", encoding="utf-8-sig", newline="") as catalogue:
            return max(sum(1 for _ in csv.reader(catalogue)) - 1, 0)
    except (OSError, csv.Error, UnicodeDecodeError):
        return 0


def replace(new: Path, old: Path, trash: Path | None = None) -> None:
    """Put the folder `new` where `old` is, removing the old one. Where the
    system can (Linux 3.15+), the two are exchanged in one step: a reader
    finds the old site or the new one at every moment, never none. The old
    one is moved into `trash` when it can be (the same file system), to be
    deleted in the background (`clear`): deleting a site's tens of
    thousands of files takes seconds; otherwise it is deleted now."""
    if old.exists() and exchange(new, old):
        _discard(new, trash)  # now the old site
        return
    gone = old.with_name(f".{old.name}.old")
    shutil.rmtree(gone, ignore_errors=True)
    if old.exists():
        old.rename(gone)
    new.rename(old)
    _discard(gone, trash)


def _discard(folder: Path, trash: Path | None) -> None:
    if not folder.exists():
        return
    if trash is not None:
        try:
            trash.mkdir(exist_ok=True)
            if _real_folder(trash) and os.lstat(trash).st_dev == os.lstat(folder).st_dev:
                folder.rename(Path(tempfile.mkdtemp(dir=trash)) / folder.name)
                return
        except OSError:  # a cache that cannot be written
            pass
    shutil.rmtree(folder, ignore_errors=True)


def _real_folder(path: Path) -> bool:
    """A folder itself, not a link to one: the cache is anyone's to write,
    and a link there must not lead a deletion elsewhere."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (renameat2 RENAME_EXCHANGE); False where
    the system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), exchange) == 0


def clear(trash: Path | None) -> None:
    """Delete what is in `trash` in a process of its own, at the lowest CPU
    priority, left to run after the build has returned (as `git gc --auto`
    does): the next build has the machine to itself unless it starts at
    once. What an interrupted deletion left, the next build that replaces
    a site deletes. A deletion that cannot start leaves it for that build."""
    if trash is None or not _real_folder(trash):
        return
    with suppress(OSError), os.scandir(trash) as entries:
        if any(entries):
            subprocess.Popen([sys.executable, "-I", "-c", _DELETE, str(trash)], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


# Each entry of the folder, by a handle on the folder opened without following a link: a link
# put there, or in place of the folder, is removed itself or refused, never followed.
_DELETE = """import os, shutil, stat, sys
if hasattr(os, "nice"):
    os.nice(19)
try:
    folder = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
except OSError:
    sys.exit()
for name in sorted(os.listdir(folder)):
    try:
        if stat.S_ISDIR(os.lstat(name, dir_fd=folder).st_mode):
            shutil.rmtree(name, dir_fd=folder, ignore_errors=True)
        else:
            os.unlink(name, dir_fd=folder)
    except OSError:
        pass
"""


@contextmanager
def only_build(out: Path) -> Iterator[None]:
    """One build into a folder's parent at a time: a second one waits for
    the first. The lock is on the parent folder itself, so nothing is left
    beside the site."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield
        return
    held = os.open(out.resolve().parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"另一个 nianbao build 正在生成 {out}，等它结束……", file=sys.stderr)
            fcntl.flock(held, fcntl.LOCK_EX)
        yield
    finally:
        os.close(held)  # and the lock with it
