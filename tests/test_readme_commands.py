"""Every `nianbao` command the README names exists with every flag it
gives; and the quick start's commands, run one after another in an
office's repository made by `nianbao init`, each on a file of the kind it
names, do what their comments say."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, seed
from markdown_it import MarkdownIt
from scan_support import save_pdf, scanned_pages
from serve_support import free_port, wait_for

from nianbao.commands.cli import build_parser

README = (ROOT / "README.md").read_text(encoding="utf-8")
IMPORTS = FIXTURES / "import"


def _named() -> list[str]:
    """Every `nianbao …` the README shows: lines of its code blocks and its inline code."""
    tokens = MarkdownIt("commonmark").disable("html_block").disable("html_inline").parse(README)
    blocks = [t.content for t in tokens if t.type == "fence"]
    inline = [c.content for t in tokens if t.children for c in t.children if c.type == "code_inline"]
    lines = [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines()]
    return sorted({c for c in (*lines, *inline) if c.startswith("nianbao ")})


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


@pytest.mark.parametrize("command", _named())
def test_every_command_and_flag_the_readme_names_exists(command: str) -> None:
    words = command.replace("[", " ").replace("]", " ").split()
    subcommands = _subcommands()
    assert words[1] in subcommands, command
    known = {o for action in subcommands[words[1]]._actions for o in action.option_strings}
    flags = [w.split("=")[0] for w in words[2:] if w.startswith("--")]
    assert all(f in known for f in flags), (command, sorted(set(flags) - known))


def test_the_readme_names_every_command() -> None:
    assert {c.split()[1] for c in _named()} == set(_subcommands())


def _quick_start() -> list[str]:
    """The commands of 「快速上手」, in order."""
    start = README.index("## 快速上手")
    (block,) = re.findall(r"```bash\n(.*?)```", README[start : README.index("\n## ", start + 5)], flags=re.S)
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def _files(office: Path) -> None:
    """The files the quick start names, each of the kind it names: a Word
    report, a folder of received reports, a scan, a text report whose title
    lacks the organ, an excerpt with no title, a PDF."""
    shutil.copy(IMPORTS / "word_official.docx", office / "某镇2025年报告.docx")
    (office / "收到的报告").mkdir()
    shutil.copy(seed(0), office / "收到的报告" / "报告甲.txt")
    shutil.copy(seed(1), office / "收到的报告" / "报告乙.txt")
    save_pdf(scanned_pages(IMPORTS / "pdf_for_scan.pdf"), office / "扫描件.pdf")
    shutil.copy(IMPORTS / "no_title_period.txt", office / "报告.txt")
    shutil.copy(IMPORTS / "no_title_year.txt", office / "节选.txt")
    shutil.copy(IMPORTS / "pdf_ruled.pdf", office / "报告.pdf")



@pytest.mark.slow
def test_the_quick_start_runs_as_written(tmp_path: Path) -> None:
    env = {**os.environ, "NIANBAO_CACHE": str(tmp_path / "cache")}
    office = tmp_path / "office"

    def run(line: str) -> subprocess.CompletedProcess[str]:
        words = shlex.split(line.replace("https://…", "https://example.gov.cn/2025/report.html"))
        return subprocess.run([sys.executable, "-m", "nianbao", *words[1:]], cwd=office, env=env, capture_output=True,
                              text=True, timeout=900)

    made = subprocess.run([sys.executable, "-m", "nianbao", "init", str(office)], env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    _files(office)
    reports = office / "content" / "reports"
    commands = _quick_start()
    assert [c.split()[1] for c in commands] == ["import"] * 6 + ["fmt", "lint", "review", "build", "serve"]
    for line in commands[:6]:
        if "--keep-original" in line:  # our PDF and our scan are one report: the scan's import makes way
            (reports / "linhexianjiaotongyunshuju-2023.md").unlink()
        before = set(reports.glob("*.md"))
        done = run(line)
        assert done.returncode in (0, 1), line + done.stdout + done.stderr  # 1: imported, with blanks to check
        added = set(reports.glob("*.md")) - before
        assert len(added) == (2 if "收到的报告/" in line else 1), (line, done.stdout, done.stderr)
        text = "".join(p.read_text(encoding="utf-8") for p in added)
        if "--organ" in line:
            assert f"organ: {line.split('--organ ')[1].split()[0]}" in text
        if "--year 2024" in line:
            assert "year: 2024" in text
        if "--keep-original" in line:
            assert "source_url: https://example.gov.cn/2025/report.html" in text
            assert list((reports / "originals").glob("*.pdf"))
    fmt = run(commands[6])
    assert fmt.returncode in (0, 2), fmt.stdout + fmt.stderr  # 2: a report it cannot lay out canonically is named
    linted = run(commands[7])
    assert linted.returncode == 1 and re.search(r"\.md:\d+:\d+: NB\d{3}", linted.stdout), linted.stdout + linted.stderr
    reviewed = run(commands[8])
    assert reviewed.returncode == 0 and list((office / "review").glob("*.docx")) and (office / "review" / "summary.xlsx").is_file()
    built = run(commands[9])
    assert built.returncode == 0 and (office / "_site" / "index.html").is_file(), built.stdout + built.stderr
    port = free_port()
    serving = subprocess.Popen([sys.executable, "-m", "nianbao", *shlex.split(commands[10])[1:], "--port", str(port)],
                               cwd=office, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/", "<html", 120) and (office / "_preview").is_dir() and (office / "_site" / "index.html").is_file()
    finally:
        serving.terminate()
        serving.wait(timeout=10)
