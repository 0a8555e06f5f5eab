"""Finding sources: every *.md under a folder, in the order paths compare,
written as pathlib writes them, whatever way the folder was named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nianbao.base.paths import find_sources

FILES = ["r/b.md", "r/sub/a.md", "r/a.md", "r/sub/deep/c.md", "r/b-c.md", "r/z.txt", "r/sub2/a.md", "top.md"]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("---\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("named", ["r", "./r", "r/", "r//"])
def test_a_folder_gives_its_reports_in_path_order(tree: Path, named: str) -> None:
    expected = ["r/a.md", "r/b-c.md", "r/b.md", "r/sub/a.md", "r/sub/deep/c.md", "r/sub2/a.md"]
    assert find_sources([named]) == [e.replace("/", os.sep) for e in expected]
    assert expected == sorted(expected, key=lambda p: Path(p).parts)


def test_files_are_kept_as_named_and_the_working_folder_has_no_prefix(tree: Path) -> None:
    assert find_sources(["r/a.md", "missing.md"]) == [str(Path("r/a.md")), "missing.md"]
    assert find_sources(["."])[0] == str(Path("r/a.md")) and "top.md" in find_sources(["."])
    assert find_sources([str(tree / "r" / "sub")]) == [str(tree / "r/sub/a.md"), str(tree / "r/sub/deep/c.md")]
