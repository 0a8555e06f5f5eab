"""The division code and names come from the organ's name when unambiguous."""

from __future__ import annotations

import pytest
from conftest import seed

from nianbao.importers import import_file
from nianbao.importers.region import guess
from nianbao.model.source import parse


@pytest.mark.parametrize(
    "organ, code, names",
    [
        ("巨鹿县人民政府办公室", "130529", ("河北省", "邢台市", "巨鹿县")),
        ("红旗区小店镇", "410702", ("河南省", "新乡市", "红旗区")),
        ("邢台市人民政府", "130500", ("河北省", "邢台市")),
        ("北京市朝阳区民政局", "110105", ("北京市", "朝阳区")),
    ],
)
def test_unambiguous_names(organ: str, code: str, names: tuple[str, ...]) -> None:
    assert guess(organ) == (code, names)


@pytest.mark.parametrize("organ", ["大寨镇", "朝阳区民政局"])
def test_unknown_or_ambiguous_names_are_left_to_the_user(organ: str) -> None:
    assert guess(organ) is None


def test_import_writes_the_region_or_says_it_could_not() -> None:
    report = parse(import_file(seed(1)).text)
    assert report.meta.region_code == "130529" and report.meta.region_names == ("河北省", "邢台市", "巨鹿县")
    result = import_file(seed(3))
    assert parse(result.text).meta.region_code is None
    assert any("未能从机关名称确定行政区划" in p.message for p in result.problems)
