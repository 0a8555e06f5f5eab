"""The real reports of ../shared/corpus import with no wrong number, and
their narrative sentences come through whole (bench/real_corpus.py, run here
so that CI fails on any wrong number)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "bench"))

import real_corpus  # noqa: E402

FOLDERS = sorted(p.parent for p in CORPUS.glob("*/truth.yaml"))
# What the text alone cannot decide (truth.yaml says so: the HTML of the same
# page was needed); these cells stay blank, reported.
UNDECIDABLE = {"002-pingtan-2025": 3}

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not FOLDERS, reason="../shared/corpus is absent: the real corpus is not checked")]


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_a_real_report_imports_with_no_wrong_number(folder: Path) -> None:
    result = real_corpus.run(folder, verbose=False)
    assert not result.refused, result.refused
    assert result.wrong == 0, result.notes
    assert result.blank == UNDECIDABLE.get(folder.name, 0), result.notes
    assert result.right + result.blank == result.expected


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_a_real_reports_sentences_come_through_whole(folder: Path) -> None:
    result = real_corpus.run(folder, verbose=False)
    assert result.sentences > 10
    lost = [n for n in result.notes if n.startswith("sentence")]
    # 004: the collector's page has its style sheet in <title>'s text; nothing else may be lost
    assert len(lost) <= (1 if folder.name.startswith("004") else 0), lost


def test_the_bench_exits_nonzero_only_on_a_wrong_number(capsys: pytest.CaptureFixture[str]) -> None:
    assert real_corpus.main([]) == 0
    out = capsys.readouterr().out
    assert "wrong numbers 0" in out and "refused 0" in out


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_what_the_page_says_of_itself_is_metadata_never_the_organs_name(folder: Path) -> None:
    """A crawler's or CMS's header gives the publication date and address;
    the organ's name is a name, never a sentence or a header's label."""
    import yaml

    from nianbao.importers import import_file
    from nianbao.model.source import parse

    truth = yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))
    meta = parse(import_file(folder / truth["file"]).text).meta
    assert meta.organ and not any(ch in meta.organ for ch in ":：，,《》") and len(meta.organ) <= 40, meta.organ
    if truth["source"].get("published"):
        assert meta.published is not None and meta.published.isoformat() == str(truth["source"]["published"])
    if truth["source"].get("published_url"):
        assert meta.source_url == truth["source"]["published_url"]


def _imported(folder: Path, into: Path):
    """The folder's original imported, its source written into `into`."""
    from nianbao.importers import import_file

    (source,) = [p for p in folder.iterdir() if p.name != "truth.yaml"]
    imported = import_file(source)
    (into / f"{imported.slug}.md").write_text(imported.text, encoding="utf-8")
    return imported


# What each real report's narrative says that its tables contradict, as its
# truth.yaml's soft checks list it: pingtan 2022 counts the carried-over
# application among those received (「收到…75件」 against 一 = 74).
NARRATIVE_FINDINGS = {"001-pingtan-2022": ["NB501"]}


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_the_narrative_checks_find_what_the_truth_lists_and_nothing_else(folder: Path, tmp_path: Path) -> None:
    from nianbao import pipeline

    _imported(folder, tmp_path)
    found = [f.rule for f in pipeline.run([tmp_path], select=["NB5"]).findings]
    assert found == NARRATIVE_FINDINGS.get(folder.name, []), found


# A typo of the original the truth does not list (it reads the tables): 「打造整体统一的的网站界面」.
TYPOS = {"001-pingtan-2022": ["「的的」字重复：「一是优化升级实验区党工委管委会政府门户网……」"]}


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_the_typo_list_finds_the_originals_own_typo_and_nothing_else(folder: Path, tmp_path: Path) -> None:
    from nianbao import pipeline

    _imported(folder, tmp_path)
    assert [f.message for f in pipeline.run([tmp_path], select=["NB408"]).findings] == TYPOS.get(folder.name, [])


def test_no_two_real_reports_are_taken_for_copies_and_a_planted_copy_is_found(tmp_path: Path) -> None:
    """NB608 over the whole real corpus (two of its reports are of 2024):
    silent; one of them imported again as another organ's: found."""
    from nianbao import pipeline

    imported = [_imported(folder, tmp_path) for folder in FOLDERS]
    assert [f.message for f in pipeline.run([tmp_path], select=["NB608"]).findings] == []
    last = imported[-1]
    organ = last.text.split("organ: ", 1)[1].split("\n", 1)[0]
    (tmp_path / "copy.md").write_text(last.text.replace(organ, "某县某某镇").replace(last.slug, "copy"), encoding="utf-8")
    found = pipeline.run([tmp_path], select=["NB608"]).findings
    assert {Path(f.path).name for f in found} == {"copy.md", f"{last.slug}.md"} and len(found) % 2 == 0 and found
