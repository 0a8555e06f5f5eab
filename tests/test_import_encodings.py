"""Published text in the encodings people use imports to the same source."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import seed

from nianbao.importers import ImportFailure, import_file


def _without_provenance(text: str) -> str:
    """The source without its record of the original's bytes (which differ by encoding)."""
    return re.sub(r"original:\n(?:  .*\n)+", "", text, count=1)


@pytest.mark.parametrize("number", [0, 1, 3, 4])
@pytest.mark.parametrize("encoding, bom", [("gb18030", b""), ("utf-16", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-be", b"\xfe\xff"),
                                           ("utf-16-le", b""), ("utf-16-be", b"")])  # the last two: no byte order mark
def test_encodings_import_like_utf8(number: int, encoding: str, bom: bytes, tmp_path: Path) -> None:
    original = seed(number)
    copy = tmp_path / original.name
    copy.write_bytes(bom + original.read_text(encoding="utf-8").encode(encoding))
    assert copy.read_bytes() != original.read_bytes()
    assert _without_provenance(import_file(copy).text) == _without_provenance(import_file(original).text)


def test_encoding_option_overrides_detection(tmp_path: Path) -> None:
    copy = tmp_path / "r.txt"
    copy.write_bytes(seed(1).read_text(encoding="utf-8").encode("gb18030"))
    assert _without_provenance(import_file(copy, encoding="gb18030").text) == _without_provenance(import_file(seed(1)).text)
    out = subprocess.run(
        [sys.executable, "-m", "nianbao", "import", str(copy), "--encoding", "no-such-codec", "--out", str(tmp_path / "o")],
        capture_output=True, text=True,
    )
    assert out.returncode == 2 and "无法按 no-such-codec 解码" in out.stdout and "Traceback" not in out.stderr
    assert not (tmp_path / "o").exists()


def test_a_binary_file_is_still_refused(tmp_path: Path) -> None:
    copy = tmp_path / "r.txt"
    copy.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ImportFailure, match="二进制文件"):
        import_file(copy)
