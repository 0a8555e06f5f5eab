"""Exit codes exactly as the README states, for every command: 0 ok; 1 the
check failed; 2 unreadable input or a usage error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from build_support import TEMPLATES
from conftest import REPORTS, ROOT, seed
from lint_support import TOWN_2021, text_of, without_waivers

from nianbao.commands.cli import main

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_states_them() -> None:
    assert "退出码：0 正常；1 检查未通过；2 输入无法读取或用法错误。" in README


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    clean, failing, unreadable = (tmp_path / n for n in ("clean", "failing", "unreadable"))
    for folder in (clean, failing, unreadable):
        folder.mkdir()
    town = without_waivers(text_of(TOWN_2021))
    (clean / "r.md").write_text(town, encoding="utf-8")
    (failing / "r.md").write_text(town.replace("| 行政复议         |        0 |", "| 行政复议         |        3 |"),
                                  encoding="utf-8")
    shutil.copy(clean / "r.md", unreadable / "r.md")
    (unreadable / "s.md").write_text("没有前置元数据", encoding="utf-8")
    return {"clean": clean, "failing": failing, "unreadable": unreadable}


@pytest.mark.parametrize(
    "command, folder, code",
    [
        (["lint"], "clean", 0), (["lint"], "failing", 1), (["lint"], "unreadable", 2),
        (["fmt", "--check"], "clean", 0), (["fmt", "--check"], "unreadable", 2),
        (["review", "--date", "2026-01-20"], "clean", 0), (["review", "--date", "2026-01-20"], "unreadable", 2),
        (["build", "--templates", str(TEMPLATES)], "clean", 0), (["build", "--templates", str(TEMPLATES), "--strict"], "failing", 1),
        (["build", "--templates", str(TEMPLATES)], "unreadable", 2),
    ],
)
def test_each_command(command: list[str], folder: str, code: int, folders: dict[str, Path], tmp_path: Path) -> None:
    out = ["--out", str(tmp_path / "out")] if command[0] in ("build", "review") else []
    assert main([*command, str(folders[folder]), *out]) == code


def test_usage_errors_and_missing_paths_are_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # `review` writes its summary into ./review: not into the repository
    for command in (["lint"], ["fmt"], ["build"], ["review"]):
        assert main([*command, str(tmp_path / "nothing-here")]) == 2
    with pytest.raises(SystemExit) as exit_:
        main(["lint", "--no-such-option"])
    assert exit_.value.code == 2


def test_import(tmp_path: Path) -> None:
    assert main(["import", str(seed(1)), "--out", str(tmp_path / "a")]) == 0
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    assert main(["import", str(broken), "--out", str(tmp_path / "b")]) == 2


def test_strict_with_nothing_changed_says_why(folders: dict[str, Path], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    both = tmp_path / "both"
    shutil.copytree(folders["clean"], both)
    shutil.copy(folders["failing"] / "r.md", both / "s.md")
    args = ["build", str(both), "--out", str(tmp_path / "site"), "--templates", str(TEMPLATES), "--strict"]
    assert main(args) == 1
    capsys.readouterr()
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "已是最新" in out and str(both / "s.md") in out and "NB104" in out


def test_lint_can_fold_the_waived(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(REPORTS), "--hide-waived"]) == 0
    out = capsys.readouterr().out
    assert "已豁免：" not in out and "个已豁免" in out
