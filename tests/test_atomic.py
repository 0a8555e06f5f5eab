"""Writes of a user's file are atomic: on a full disk (or any failure
midway) the original stays byte for byte and no temporary file is left."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import REPORTS

from nianbao.base import atomic
from nianbao.model.fmt import format_file


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", no_space)


def test_fmt_on_a_full_disk_leaves_the_source_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "r.md"
    original = (REPORTS / "hongqiquxiaodianzhen-2025.md").read_bytes().replace(b"|    0 |", b"|  0 |")
    source.write_bytes(original)
    _full_disk(monkeypatch)
    with pytest.raises(OSError):
        format_file(source, check=False)
    assert source.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_a_write_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    atomic.write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "new" and path.stat().st_mode & 0o777 == 0o640
