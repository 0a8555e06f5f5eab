"""Writing the site's files: folders with their parents, each file under a
new inode, so that a hard link into the previous build stays as it was."""

from __future__ import annotations

import os
from pathlib import Path

from nianbao.portal import files


def test_folder_makes_missing_parents_and_accepts_an_existing_one(tmp_path: Path) -> None:
    files.folder(tmp_path / "2025" / "report")
    files.folder(tmp_path / "2025" / "report")
    files.folder(tmp_path / "2025" / "other")
    assert sorted(p.name for p in (tmp_path / "2025").iterdir()) == ["other", "report"]


def test_write_replaces_a_hard_link_without_changing_its_other_name(tmp_path: Path) -> None:
    previous, new = tmp_path / "previous.html", tmp_path / "new.html"
    previous.write_text("旧页面", encoding="utf-8")
    os.link(previous, new)
    files.write(new, "新页面：" + "数" * 100_000)
    assert previous.read_text(encoding="utf-8") == "旧页面"
    assert new.read_text(encoding="utf-8") == "新页面：" + "数" * 100_000
    assert previous.stat().st_ino != new.stat().st_ino
