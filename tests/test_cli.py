"""Every subcommand answers --help; --version works; usage errors exit 2."""

from __future__ import annotations

import pytest

from nianbao import __version__
from nianbao.commands.cli import COMMANDS, build_parser, main


def _names() -> list[str]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(sub.choices)


def test_every_stage_is_a_subcommand() -> None:
    assert len(_names()) == len(COMMANDS)


@pytest.mark.parametrize("name", _names())
def test_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([name, "--help"])
    assert exit_.value.code == 0
    assert f"nianbao {name}" in capsys.readouterr().out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out


def test_unknown_option_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["fmt", "--no-such-option"])
    assert exit_.value.code == 2


def test_build_takes_rules_as_lint_does(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import REPORTS, ROOT

    rules = tmp_path / "rules.yaml"
    rules.write_text((ROOT / "rules.yaml").read_text(encoding="utf-8").replace(
        "codes: [missing-table]", "codes: [missing-tabel]"), encoding="utf-8")
    args = ["--out", str(tmp_path / "site"), "--templates", str(ROOT / "tool" / "nianbao" / "portal" / "theme"), "--rules", str(rules)]
    for command in (["lint", str(REPORTS), "--rules", str(rules)], ["build", str(REPORTS), *args]):
        assert main(command) == 2
        assert f"{rules}:" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == [".nianbao-cache", "rules.yaml"]  # no site, nothing half made beside it
