"""`nianbao serve`: a local preview that rebuilds when a source changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from build_support import TEMPLATES
from conftest import REPORTS
from serve_support import fetch, free_port, wait_for

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out


def _serve(tmp_path: Path, source: Path, port: int, errors: Any) -> subprocess.Popen[bytes]:
    """`nianbao serve` of `source`, its error output into `errors`."""
    return subprocess.Popen(
        [sys.executable, "-m", "nianbao", "serve", str(source), "--out", str(tmp_path / "_site"), "--port", str(port),
         "--templates", str(TEMPLATES)],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=errors,
    )


def _one_report(tmp_path: Path) -> Path:
    """A folder holding one report (the town's), as r.md."""
    source = tmp_path / "reports"
    source.mkdir()
    (source / "r.md").write_bytes((REPORTS / "hongqiquxiaodianzhen-2025.md").read_bytes())
    return source


@contextmanager
def _serving(tmp_path: Path, source: Path) -> Iterator[tuple[int, subprocess.Popen[bytes], Path]]:
    """`nianbao serve` of `source` while the block runs: its port, its
    process and the file its error output goes to."""
    port = free_port()
    log = tmp_path / "stderr.txt"
    with open(log, "wb") as errors:
        proc = _serve(tmp_path, source, port, errors)
        try:
            yield port, proc, log
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def test_serve_previews_and_rebuilds_on_change(tmp_path: Path) -> None:
    source = _one_report(tmp_path)
    report = source / "r.md"
    with _serving(tmp_path, source) as (port, _, _):
        url = f"http://127.0.0.1:{port}/2025/hongqiquxiaodianzhen-2025/"
        assert wait_for(url, "小店镇未收到公众申请")
        report.write_text(report.read_text(encoding="utf-8").replace("小店镇未收到公众申请", "小店镇全年未收到公众申请"), encoding="utf-8")
        assert wait_for(url, "小店镇全年未收到公众申请")


def test_a_mistake_in_the_rules_is_reported_and_the_last_site_kept(tmp_path: Path) -> None:
    source = _one_report(tmp_path)
    report = source / "r.md"
    rules = tmp_path / "rules.yaml"
    good = (Path(__file__).resolve().parent.parent / "rules.yaml").read_text(encoding="utf-8")
    rules.write_text(good, encoding="utf-8")
    with _serving(tmp_path, source) as (port, proc, log):
        url = f"http://127.0.0.1:{port}/2025/hongqiquxiaodianzhen-2025/"
        assert wait_for(url, "小店镇未收到公众申请")
        rules.write_text(good.replace("check: {kind: period}", "check: {kind: periods}"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while "规则文件错误" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "rules.yaml:" in log.read_text(encoding="utf-8") and "未知的检查类型「periods」" in log.read_text(
            encoding="utf-8")
        assert proc.poll() is None and wait_for(url, "小店镇未收到公众申请", 5)  # still serving the last site
        rules.write_text(good, encoding="utf-8")
        report.write_text(report.read_text(encoding="utf-8").replace("小店镇未收到", "小店镇全年未收到"), encoding="utf-8")
        assert wait_for(url, "小店镇全年未收到公众申请")


def test_a_missing_page_is_the_sites_404_and_a_nul_byte_no_traceback(tmp_path: Path) -> None:
    with _serving(tmp_path, _one_report(tmp_path)) as (port, proc, log):
        assert wait_for(f"http://127.0.0.1:{port}/", "政府信息公开")
        for path, status in (("/no/such/page/", 404), ("/%00", 400), ("/a%00b/", 404)):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5)
                raise AssertionError(path)
            except urllib.error.HTTPError as exc:
                assert exc.code == status, path
                if status == 404:
                    assert 'lang="zh-CN"' in exc.read().decode("utf-8")
        assert proc.poll() is None
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_a_client_that_sends_nothing_is_let_go(tmp_path: Path) -> None:
    """Half-open connections do not hold the preview's threads for ever:
    a silent client is closed after the handler's timeout."""
    with _serving(tmp_path, _one_report(tmp_path)) as (port, _, _):
        assert wait_for(f"http://127.0.0.1:{port}/", "政府信息公开")
        silent = socket.create_connection(("127.0.0.1", port))
        silent.sendall(b"GET / HTTP/1.1\r\n")  # and then nothing
        silent.settimeout(25)
        answer = silent.recv(1024)  # raises socket.timeout if the server held on to it
        assert answer == b"" or answer.startswith(b"HTTP/1."), answer
        silent.close()
        assert fetch(f"http://127.0.0.1:{port}/") is not None


def test_a_subset_previews_where_a_full_site_was_built(tmp_path: Path) -> None:
    """The shrink guard protects a deploy, not a preview: one report served
    where five were built is what the editor asked for."""
    from nianbao.commands.cli import main

    assert main(["build", str(REPORTS), "--out", str(tmp_path / "_site"), "--templates", str(TEMPLATES)]) == 0
    with _serving(tmp_path, _one_report(tmp_path)) as (port, proc, log):
        assert wait_for(f"http://127.0.0.1:{port}/", "已发布 <strong>1</strong> 份报告")
        assert proc.poll() is None
    assert "nianbao:" not in log.read_text("utf-8")  # nothing refused


@pytest.mark.parametrize("case", ["out holds the sources", "no such folder"])
def test_serve_refuses_what_it_cannot_preview_in_words(tmp_path: Path, case: str) -> None:
    source = _one_report(tmp_path)
    args = [str(source), "--out", str(tmp_path)] if case == "out holds the sources" else [
        str(tmp_path / "nonexistent"), "--out", str(tmp_path / "_site")]
    done = subprocess.run([sys.executable, "-m", "nianbao", "serve", *args, "--port", str(free_port()),
                           "--templates", str(TEMPLATES)], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    words = "网站会替换整个输出目录" if case == "out holds the sources" else "路径不存在"
    assert done.returncode == 2 and words in done.stderr and "内部错误" not in done.stderr, done.stderr


def test_a_busy_port_is_said_before_any_build(tmp_path: Path) -> None:
    """A second preview on the same port: said in words at once (it used
    to build the whole site first, then fail with 「读写文件出错」)."""
    source = _one_report(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "nianbao", "serve", str(source), "--out", str(tmp_path / "_site"),
                               "--port", str(port), "--templates", str(TEMPLATES)], capture_output=True, text=True,
                              timeout=60, cwd=tmp_path)
    assert done.returncode == 2 and f"端口 {port} 已被占用" in done.stderr and "--port" in done.stderr, done.stderr
    assert not (tmp_path / "_site").exists()  # nothing was built
