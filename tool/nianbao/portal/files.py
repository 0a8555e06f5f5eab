"""Writing the site's files, ten thousands of them a build.

Each file is written under a new inode: a file of the new site may be a
hard link into the previous build's, which must stay as it was. Folders
are made with one system call in the common case (their parent is there).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # Windows would write \r\n otherwise


def folder(path: Path) -> None:
    """Make `path` and any parent it lacks."""
    try:
        os.mkdir(path)
    except FileNotFoundError:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        pass


Text = str | Iterable[bytes]  # a file's text whole, or as UTF-8 in pieces (one too large to hold at once)


def write(path: Path, text: Text) -> None:
    """Write `text` to a new file at `path`, replacing any there; its folder must exist."""
    try:
        fd = os.open(path, _NEW, 0o666)
    except FileExistsError:
        path.unlink()
        fd = os.open(path, _NEW, 0o666)
    try:
        for piece in (text.encode(),) if isinstance(text, str) else text:
            data = memoryview(piece)
            while data:
                data = data[os.write(fd, data) :]
    finally:
        os.close(fd)


def inside(root: Path, relative: str) -> Path | None:
    """`root`/`relative` when no part of it is a link (it is where it says,
    inside `root`): what a build takes from the last site, which anyone may
    have planted links in, is never a file elsewhere on the machine."""
    path = root / relative
    return path if os.path.realpath(path) == os.path.normpath(os.path.join(os.path.realpath(root), relative)) else None


def link(previous: Path, new: Path) -> None:
    """A file of the last build in the new one: the same file, never a link
    planted there (OSError)."""
    if previous.is_symlink():
        raise OSError(f"{previous} is a link")
    os.link(previous, new, follow_symlinks=False)


def remembered(path: Path) -> dict[str, Any]:
    """A JSON object a build wrote for the next one; empty when it is
    missing, unreadable or not an object (a cache anyone may have written)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
