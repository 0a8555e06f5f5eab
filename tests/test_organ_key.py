"""One organ, one key: a name written with or without its higher regions in
front is one organ in its region; names that differ are two organs."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_support import TOWN_2021, carrying_over, lint_text, text_of

from nianbao.model.names import organ_key

HONGZE = ("320813", ("江苏省", "淮安市", "洪泽区"))


@pytest.mark.parametrize("name", ["洪泽区人民政府", "淮安市洪泽区人民政府", "江苏省淮安市洪泽区人民政府", "淮安市 洪泽区人民政府"])
def test_a_name_with_its_higher_regions_is_the_same_organ(name: str) -> None:
    assert organ_key(name, *HONGZE) == organ_key("洪泽区人民政府", *HONGZE) == "320813|洪泽区人民政府"


def test_names_that_differ_are_two_organs() -> None:
    juLu = ("130529", ("河北省", "邢台市", "巨鹿县"))
    assert organ_key("巨鹿县人民政府", *juLu) != organ_key("巨路县人民政府", *juLu)
    assert organ_key("巨鹿镇", None) != organ_key("巨路镇", None)


def test_a_region_alone_does_not_make_two_organs_one() -> None:
    assert organ_key("洪泽区人民政府", *HONGZE) != organ_key("洪泽区发展和改革委员会", *HONGZE)
    assert organ_key("洪泽区人民政府", *HONGZE) != organ_key("洪泽区人民政府", "320812", ("江苏省", "淮安市", "清江浦区"))


def _named(text: str, organ: str) -> str:
    return text.replace("organ: 红旗区小店镇", f"organ: {organ}", 1)


def test_the_across_year_rules_pair_an_organ_named_two_ways(tmp_path: Path) -> None:
    # Last year the town was named with its district's city in front; this year without.
    prev = _named(carrying_over(text_of(TOWN_2021)), "新乡市红旗区小店镇").replace("2025", "2024")
    (tmp_path / "prev.md").write_text(prev, encoding="utf-8")
    result = lint_text(tmp_path, text_of(TOWN_2021), ignore=["NB603"])
    assert "NB601" in {f.rule for f in result.findings}


def test_two_organs_are_never_paired(tmp_path: Path) -> None:
    prev = _named(carrying_over(text_of(TOWN_2021)), "红旗区大店镇").replace("2025", "2024")
    (tmp_path / "prev.md").write_text(prev, encoding="utf-8")
    result = lint_text(tmp_path, text_of(TOWN_2021), ignore=["NB603"])
    assert "NB601" not in {f.rule for f in result.findings}


def test_an_alias_in_the_settings_joins_a_renamed_organ(tmp_path: Path) -> None:
    assert organ_key("红旗区发展计划局", None, (), {"红旗区发展计划局": "红旗区发展和改革委员会"}) == organ_key(
        "红旗区发展和改革委员会", None)
    rules = tmp_path / "rules.yaml"
    packaged = (Path(__file__).resolve().parent.parent / "rules.yaml").read_text(encoding="utf-8")
    rules.write_text(packaged.replace("  organ_aliases: {}", "  organ_aliases:\n    红旗区小店乡: 红旗区小店镇"), encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    prev = _named(carrying_over(text_of(TOWN_2021)), "红旗区小店乡").replace("2025", "2024")
    (reports / "prev.md").write_text(prev, encoding="utf-8")
    result = lint_text(reports, text_of(TOWN_2021), ignore=["NB603"], rules=rules)
    assert "NB601" in {f.rule for f in result.findings}


def test_aliases_that_are_not_names_are_refused_with_their_line(tmp_path: Path) -> None:
    from nianbao.lint import rules as rules_module

    packaged = (Path(__file__).resolve().parent.parent / "rules.yaml").read_text(encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(packaged.replace("  organ_aliases: {}", "  organ_aliases: [红旗区小店乡]"), encoding="utf-8")
    with pytest.raises(rules_module.RulesError, match="organ_aliases"):
        rules_module.load(rules)
