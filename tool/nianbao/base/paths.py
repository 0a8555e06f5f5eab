"""Finding report sources on disk."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from . import atomic

DEFAULT_SOURCES = Path("content/reports")
ORIGINALS = "originals"  # beside the sources: the documents they were imported from (import --keep-original)
CACHE_ENV = "NIANBAO_CACHE"  # where the lint results and the last build are kept


_REASONS = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "文件系统是只读的",
    errno.ENOENT: "文件或目录不存在",
    errno.EIO: "读写磁盘出错",
    errno.ELOOP: "是一个链接，nianbao 不跟随链接（它可能指向文件夹之外）",
    errno.EISDIR: "是文件夹，不是文件",
    errno.ENAMETOOLONG: "文件名太长",
}


def reason(exc: OSError) -> str:
    """What went wrong with a file, in words (never the system's English)."""
    return _REASONS.get(exc.errno or 0, "读写文件出错")


def read_source(path: str | Path) -> bytes:
    """A file of the collection, never through a link (a link could publish
    any file of the machine); OSError as open raises it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as f:
        return f.read()


def cache_dir() -> Path:
    """`.nianbao-cache` in the working directory (the collection's), or
    where NIANBAO_CACHE says."""
    return Path(os.environ.get(CACHE_ENV) or ".nianbao-cache")


def made_cache_dir(*parts: str) -> Path:
    """A folder of the cache, made if need be. The cache git-ignores
    itself (as .pytest_cache does): an office's repository never shows it
    as a change, whether or not its .gitignore names it. OSError when
    the tree is read-only."""
    folder = cache_dir().joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    ignore = cache_dir() / ".gitignore"
    if not ignore.exists():
        atomic.write_text(ignore, "# nianbao 的缓存：可随时删除，不要提交\n*\n")
    return folder


def find_sources(paths: Iterable[str | Path]) -> list[str]:
    """Files named, and every *.md under folders named, in a stable order
    (folder by folder, as paths compare), written as pathlib writes them."""
    found: list[str] = []
    for item in paths:
        path = Path(item)
        if not path.is_dir():
            found.append(str(path))
            continue
        tree: list[tuple[tuple[str, ...], str]] = []
        # os.walk knows files from folders without a stat call for each; a
        # Path is made for each folder only: a collection has thousands of files.
        for root, folders, names in os.walk(path):
            folders[:] = [f for f in folders if f != ORIGINALS]  # kept originals are not sources
            folder = Path(root)
            base = str(folder)
            tree += [
                ((*folder.parts, n), n if base == "." else os.path.join(base, n)) for n in names if n.endswith(".md")
            ]
        found += [file for _, file in sorted(tree)]
    return found


def not_found(paths: Iterable[str]) -> str | None:
    """「路径不存在：…」 naming those of `paths` that do not exist, or None."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    return f"路径不存在：{' '.join(missing)}" if missing else None


OWN_THEME = Path("site_templates")  # an office's own templates, in its repository: each file overrides nianbao's
