"""The lint cache: a second run over unchanged sources reads every result,
across years included, from .nianbao-cache and parses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_support import TOWN_2021, carrying_over, text_of, without_waivers

from nianbao import pipeline


def test_a_warm_run_parses_nothing_and_finds_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    town = without_waivers(text_of(TOWN_2021))
    (tmp_path / "before.md").write_text(carrying_over(town).replace("2025", "2024"), encoding="utf-8")
    (tmp_path / "now.md").write_text(town, encoding="utf-8")
    cold = pipeline.run([tmp_path])
    assert {f.rule for f in cold.findings} >= {"NB601", "NB603"}

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(pipeline, "parse", no_parsing)
    warm = pipeline.run([tmp_path])
    assert warm.findings == cold.findings and warm.reports == cold.reports


def test_an_entry_no_run_asks_for_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache holds the results of earlier versions of nianbao and of the
    rules: only the entries a run looks up are rebuilt, so a damaged or
    unknown one costs nothing but itself, and is written back as it was
    (one nested deeper than can be written back is dropped)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "now.md").write_text(without_waivers(text_of(TOWN_2021)), encoding="utf-8")
    cold = pipeline.run([tmp_path])
    path = Path(pipeline.cache_dir()) / pipeline.CACHE
    earlier = b'"an-earlier-version":{"facts":{"organ":1},"findings":[{"rule":{"a":1}}]}'
    deep = b'"too-deep":' + b"[" * 300 + b"]" * 300
    path.write_bytes(path.read_bytes()[:-1] + b"," + earlier + b"," + deep + b"}")
    parse = pipeline.parse
    monkeypatch.setattr(pipeline, "parse", lambda *a: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert pipeline.run([tmp_path]).findings == cold.findings
    monkeypatch.setattr(pipeline, "parse", parse)
    (tmp_path / "other.md").write_text(text_of(TOWN_2021).replace("slug: ", "slug: other-"), encoding="utf-8")
    pipeline.run([tmp_path])  # a new result: the cache is written again
    kept = pipeline._load_cache()
    assert len(kept) == 3 and "too-deep" not in kept
    assert kept["an-earlier-version"] == {"facts": {"organ": 1}, "findings": [{"rule": {"a": 1}}]}


def test_a_damaged_entry_that_is_asked_for_is_checked_again_and_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "now.md").write_text(without_waivers(text_of(TOWN_2021)), encoding="utf-8")
    cold = pipeline.run([tmp_path])
    path = Path(pipeline.cache_dir()) / pipeline.CACHE
    (key,) = pipeline._load_cache()
    path.write_bytes(b'{"' + key.encode() + b'":{"facts":{"organ":1},"findings":"not a list"}}')
    parsed = []
    parse = pipeline.parse
    monkeypatch.setattr(pipeline, "parse", lambda *a: parsed.append(a) or parse(*a))
    assert pipeline.run([tmp_path]).findings == cold.findings and len(parsed) == 1
    assert pipeline.run([tmp_path]).findings == cold.findings and len(parsed) == 1  # the entry was written anew


def test_linting_one_file_keeps_the_collection_s_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for n in range(3):
        (tmp_path / f"r{n}.md").write_text(text_of(TOWN_2021).replace("slug: ", f"slug: r{n}-"), encoding="utf-8")
    pipeline.run([tmp_path])
    pipeline.run([tmp_path / "r0.md"])
    assert len(pipeline._load_cache()) == 3


def test_the_cache_is_bounded_by_bytes_newest_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    town = text_of(TOWN_2021)
    for n in range(8):  # eight versions of one report, one run each
        (tmp_path / "r.md").write_text(town.replace("小店镇未收到", f"小店镇{n}未收到"), encoding="utf-8")
        pipeline.run([tmp_path])
    size = (Path(pipeline.cache_dir()) / pipeline.CACHE).stat().st_size
    assert len(pipeline._load_cache()) == 8
    monkeypatch.setattr(pipeline, "CACHE_BYTES", size // 3)
    (tmp_path / "r.md").write_text(town, encoding="utf-8")
    newest = pipeline.run([tmp_path]).findings
    kept = pipeline._load_cache()
    assert 1 <= len(kept) <= 3 and (Path(pipeline.cache_dir()) / pipeline.CACHE).stat().st_size <= size // 3
    monkeypatch.setattr(pipeline, "parse", lambda *a: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert pipeline.run([tmp_path]).findings == newest  # the newest is among those kept


def test_the_cache_lives_where_nianbao_cache_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    monkeypatch.chdir(work)
    (work / "now.md").write_text(text_of(TOWN_2021), encoding="utf-8")
    monkeypatch.setenv("NIANBAO_CACHE", str(elsewhere))
    pipeline.run([work])
    assert (elsewhere / "lint.json").is_file() and not (work / ".nianbao-cache").exists()
    monkeypatch.delenv("NIANBAO_CACHE")
    pipeline.run([work])
    assert (work / ".nianbao-cache" / "lint.json").is_file()


def test_the_cache_never_shows_in_an_offices_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Linting in a repository that does not git-ignore the cache leaves
    no untracked file: the cache ignores itself, as .pytest_cache does."""
    import subprocess

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NIANBAO_CACHE")
    subprocess.run(["git", "init", "-q"], check=True)
    (tmp_path / "r.md").write_text(text_of(TOWN_2021), encoding="utf-8")
    pipeline.run([tmp_path / "r.md"])
    assert (tmp_path / ".nianbao-cache" / "lint.json").is_file()
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], capture_output=True, text=True, check=True)
    assert status.stdout.splitlines() == ["?? r.md"]
