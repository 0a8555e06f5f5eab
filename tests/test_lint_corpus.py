"""Broken sources (tests/fixtures/lint, each a real report damaged one way):
every one gives a located finding or a clear error, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPORTS

from nianbao import pipeline

CORPUS = FIXTURES / "lint"
EXPECTED = {
    "bad_yaml.md": ("error", 4, "YAML 前置元数据无法解析"),
    "wrong_encoding.md": ("error", 2, "不是 UTF-8"),
    "binary.md": ("error", 1, "二进制文件"),
    "empty.md": ("error", 1, "文件为空"),
    "missing_tables.md": ("NB002", None, "缺少表格「收到和处理政府信息公开申请情况」"),
    "non_numeric.md": ("NB005", 50, "「—」不是数字"),
    "duplicate_rows.md": ("NB001", 55, "行「行政处罚」重复"),
    "extra_columns.md": ("NB001", 50, "多出一格「3」"),
}


def test_corpus_is_complete() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_source_is_located(name: str) -> None:
    kind, line, words = EXPECTED[name]
    result = pipeline.run([CORPUS / name])
    if kind == "error":
        (error,) = result.errors
        assert error.line == line and words in error.message
    else:
        found = [f for f in result.findings if f.rule == kind and words in f.message]
        assert found, [f.message for f in result.findings]
        assert line is None or found[0].line == line


def test_whole_corpus_from_the_command_line() -> None:
    out = subprocess.run([sys.executable, "-m", "nianbao", "lint", str(CORPUS)], capture_output=True, text=True)
    assert out.returncode == 2
    assert "Traceback" not in out.stdout + out.stderr
    assert out.stdout.count(str(CORPUS)) >= len(EXPECTED)


@pytest.mark.slow
def test_huge_source_is_linted(tmp_path: Path) -> None:
    text = (REPORTS / "hongqiquxiaodianzhen-2025.md").read_text(encoding="utf-8")
    filler = "（五）监督保障：健全监督保障机制，推动政府信息公开工作落到实处。\n\n" * 20000
    huge = tmp_path / "huge.md"
    huge.write_text(text.replace("## 五、", filler + "## 五、", 1), encoding="utf-8")
    assert huge.stat().st_size > 1_900_000
    result = pipeline.run([huge])
    assert not result.errors and not [f for f in result.findings if f.blocking]
