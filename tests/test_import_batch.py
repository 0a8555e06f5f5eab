"""`nianbao import DIR`: one source per report, a summary, exit 1 on failures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import seed


def _import(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao", "import", *args], capture_output=True, text=True)


def test_mixed_folder(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_bytes(seed(0).read_bytes())
    (inbox / "b.txt").write_bytes(seed(1).read_text(encoding="utf-8").encode("gb18030"))
    (inbox / "c.txt").write_bytes(seed(4).read_text(encoding="utf-8").encode("utf-16"))
    (inbox / "d.txt").write_bytes(seed(3).read_bytes())
    (inbox / "notice.txt").write_text("关于做好2025年政务公开工作的通知\n\n各乡镇：\n请按时报送。\n", encoding="utf-8")
    (inbox / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "reports"
    done = _import(str(inbox), "--out", str(out))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "已导入：3" and "已导入，有问题：1" in lines and "失败：2" in lines
    failed = done.stdout.split("失败：2")[1]
    assert "notice.txt" in failed and "找不到报告标题" in failed and "broken.docx" in failed
    assert sorted(p.name for p in out.iterdir()) == [
        "dazhaizhen-2025.md",
        "hongqiquxiaodianzhen-2025.md",
        "juluxianrenminzhengfubangongshi-2025.md",
        "juluxianxiaolvzhaizhen-2025.md",
    ]


def test_existing_source_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    assert _import(str(seed(4)), "--out", str(out)).returncode == 0
    target = out / "hongqiquxiaodianzhen-2025.md"
    target.write_text("edited by hand", encoding="utf-8")
    again = _import(str(seed(4)), "--out", str(out))
    assert again.returncode == 1 and "已存在" in again.stdout
    assert target.read_text(encoding="utf-8") == "edited by hand"
    assert _import(str(seed(4)), "--out", str(out), "--force").returncode == 0
    assert target.read_text(encoding="utf-8") != "edited by hand"
