"""Faults and concurrency: a typo in a path, far fewer reports, a full disk,
kill -9 at any moment, two builds at once, a reader during the swap. The
published site is always the old one or the new one, never a mix, never
empty; the sources never change; nothing is left beside the site."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from build_support import SITE_URL, TEMPLATES, build_site
from conftest import REPORTS, ROOT

from nianbao.commands.cli import main
from nianbao.portal import files

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out

RUN = [sys.executable, "-m", "nianbao"]


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != ".nianbao-cache")


def _build(out: Path, *sources: Path, extra: tuple[str, ...] = ()) -> int:
    return main(["build", *map(str, sources), "--out", str(out), "--templates", str(TEMPLATES), *extra])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    assert _build(out, REPORTS) == 0
    return out


def test_a_typo_in_the_path_keeps_the_site(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(site)
    assert _build(site, ROOT / "content" / "report") == 2
    assert "路径不存在" in capsys.readouterr().err
    assert _tree(site) == before


def test_far_fewer_reports_keep_the_site_unless_allowed(site: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(site)
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(REPORTS / "hongqiquxiaodianzhen-2025.md", one)
    assert _build(site, one) == 2
    assert "现在的网站有 5 份，不到一半" in capsys.readouterr().err
    assert _tree(site) == before and _leftovers(site.parent) == []
    assert _build(site, one, extra=("--allow-shrink",)) == 0
    assert (site / "2025" / "hongqiquxiaodianzhen-2025" / "index.html").is_file()
    assert not (site / "2025" / "dazhaizhen-2025").exists()


@pytest.mark.parametrize("failing", [errno.ENOSPC, errno.EACCES])
@pytest.mark.parametrize("at", [1, 5, 20])
def test_a_write_failing_midway_leaves_the_old_site(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str], failing: int, at: int) -> None:
    sources = tmp_path / "src"
    shutil.copytree(REPORTS, sources)
    (sources / "hongqiquxiaodianzhen-2025.md").write_text(
        (REPORTS / "hongqiquxiaodianzhen-2025.md").read_text(encoding="utf-8").replace("小店镇未收到", "小店镇全年未收到"),
        encoding="utf-8")
    before, originals = _tree(site), _tree(sources)
    real, calls = files.write, []

    def write(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == at:
            raise OSError(failing, os.strerror(failing), str(path))
        real(path, text)

    monkeypatch.setattr(files, "write", write)
    assert _build(site, sources) == 2
    err = capsys.readouterr().err
    assert ("磁盘已满" if failing == errno.ENOSPC else "没有权限") in err and "内部错误" not in err
    assert _tree(site) == before and _tree(sources) == originals
    assert _leftovers(site.parent) == []


def test_a_database_that_fails_leaves_the_old_site(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A failure while the database is written is told in words, and the site stays."""
    from nianbao.portal import database

    sources = tmp_path / "src"
    shutil.copytree(REPORTS, sources)
    town = sources / "hongqiquxiaodianzhen-2025.md"
    town.write_text(town.read_text(encoding="utf-8").replace("小店镇未收到", "小店镇全年未收到"), encoding="utf-8")
    before = _tree(site)

    def broken(folder: Path, records: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / database.NAME))

    monkeypatch.setattr(database, "build", broken)
    assert _build(site, sources) == 2
    err = capsys.readouterr().err
    assert "磁盘已满" in err and "nianbao.sqlite" in err and "Traceback" not in err
    assert _tree(site) == before and _leftovers(site.parent) == []


def test_a_reader_always_finds_a_site(site: Path, tmp_path: Path) -> None:
    sources = tmp_path / "src"
    shutil.copytree(REPORTS, sources)
    town = sources / "hongqiquxiaodianzhen-2025.md"
    missing, stop = [], threading.Event()

    def read() -> None:
        while not stop.is_set():
            if not (site / "index.html").is_file() or not (site / "data" / "cells-2021.csv").is_file():
                missing.append(time.monotonic())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(6):
            town.write_text(town.read_text(encoding="utf-8").replace("小店镇", f"小店镇{i}", 1), encoding="utf-8")
            assert _build(site, sources) == 0
    finally:
        stop.set()
        reader.join()
    assert missing == []


def _processes_naming(words: str) -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit() and words.encode() in _cmdline(int(entry.name))]


def _cmdline(pid: int) -> bytes:
    """A process's command line; empty once it has ended."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_leaves_the_old_site_and_no_worker(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import generate

    sources = tmp_path / "many"
    generate(sources, 120)  # enough for worker processes
    out = tmp_path / "site-killed"
    command = [*RUN, "build", str(sources), "--out", str(out), "--templates", str(TEMPLATES)]
    env = {**os.environ, "NIANBAO_CACHE": str(tmp_path / "cache")}
    assert subprocess.run(command, env=env, capture_output=True).returncode in (0, 1)
    before, originals = _tree(out), _tree(sources)
    for delay in (0.4, 1.2, 2.5):
        for source in sorted(sources.iterdir())[:40]:  # something to do
            source.write_text(source.read_text(encoding="utf-8").replace("坚持", f"坚持{delay}", 1), encoding="utf-8")
        originals = _tree(sources)
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while _processes_naming(str(out)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _processes_naming(str(out)) == []  # the workers died with it
        now = _tree(out)
        pages = {name for name in now if not name.startswith("pagefind/")}
        assert pages == {name for name in before if not name.startswith("pagefind/")}  # old or new, whole
        assert (out / "index.html").is_file() and _tree(sources) == originals
        before = now
    assert subprocess.run(command, env=env, capture_output=True).returncode in (0, 1)
    assert _leftovers(tmp_path) == []  # the next build cleaned what the killed ones left


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_while_indexing_ends_pagefind_and_leaves_no_folder(tmp_path: Path) -> None:
    """Pagefind is a child of its own; killed with the build, it must not
    index on, and the folder it ran in must not stay in the system's temp."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import generate

    sources, temp = tmp_path / "many", tmp_path / "tmp"
    generate(sources, 600)  # enough that indexing lasts to be seen on a busy machine (300 once ended unseen)
    temp.mkdir()
    out = tmp_path / "site"
    command = [*RUN, "build", str(sources), "--out", str(out), "--templates", str(TEMPLATES)]
    env = {**os.environ, "NIANBAO_CACHE": str(tmp_path / "cache"), "TMPDIR": str(temp)}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120

    def ours() -> list[int]:  # this build's Pagefind, not another test's running beside it
        return [pid for pid in _processes_naming("--output-path") if str(tmp_path).encode() in _cmdline(pid)]

    while not (indexing := ours()) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert indexing, "the build ended before Pagefind started: nothing was tried"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}/cmdline").read_bytes() for pid in indexing if Path(f"/proc/{pid}").exists()) \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}/cmdline").read_bytes() for pid in indexing if Path(f"/proc/{pid}").exists())
    assert list(temp.iterdir()) == []
    assert subprocess.run(command, env=env, capture_output=True).returncode in (0, 1)
    assert (out / "pagefind" / "pagefind-entry.json").is_file() and list(temp.iterdir()) == []
    assert _leftovers(tmp_path) == []


def test_two_builds_at_once_both_finish(tmp_path: Path) -> None:
    out = tmp_path / "site"
    command = [*RUN, "build", str(REPORTS), "--out", str(out), "--templates", str(TEMPLATES), "--site-url", SITE_URL]
    env = {**os.environ, "NIANBAO_CACHE": str(tmp_path / "cache")}
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(p.wait(), p.stdout.read(), p.stderr.read()) for p in runs]
    assert [code for code, _, _ in results] == [0, 0], results
    assert (out / "index.html").is_file() and _leftovers(tmp_path) == []
    assert _tree(out) == _tree(_rebuilt(tmp_path))


def _rebuilt(tmp_path: Path) -> Path:
    again = tmp_path / "again"
    build_site(again)
    return again


def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = tmp_path / "reports"
    shutil.copytree(REPORTS, sources)
    (sources / "notes.txt").write_text("my notes", encoding="utf-8")
    before = _tree(sources)
    assert _build(sources, sources) == 2  # --out the sources themselves
    assert "包含源文件" in capsys.readouterr().err and _tree(sources) == before
    other = tmp_path / "docs"
    other.mkdir()
    (other / "manual.txt").write_text("manual", encoding="utf-8")
    assert _build(other, sources) == 2
    assert "不是 nianbao 生成的网站" in capsys.readouterr().err and (other / "manual.txt").is_file()


def test_the_shrink_guard_counts_the_site_not_a_cache(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(REPORTS / "hongqiquxiaodianzhen-2025.md", one)
    monkeypatch.setenv("NIANBAO_CACHE", str(tmp_path / "another-cache"))
    before = _tree(site)
    assert _build(site, one) == 2 and _tree(site) == before
