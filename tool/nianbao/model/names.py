"""Names of organs and reports: title parsing, organ kind, ASCII slugs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

TITLES = (
    re.compile(r"^(?P<organ>.*?)(?P<year>\d{4})年度?政府信息公开(?:工作)?年度报告$"),
    re.compile(r"^(?P<year>\d{4})年度?(?P<organ>.+?)政府信息公开(?:工作)?年度报告$"),
    re.compile(r"^(?P<organ>.*?)政府信息公开(?:工作)?(?P<year>\d{4})年度报告$"),
)
_NOTE = re.compile(r"(?<=年度报告)[(（][^()（）]{1,10}[)）]$")  # 「（摘录）」「（修订版）」
# An organ's name is never a sentence: 「根据《条例》要求，现向社会公布沭阳县发展和改革局」 is not one.
_NOT_A_NAME = re.compile(r"[,，。;；:：《》“”\"!！?？]|^.{41,}$")
PERIOD = re.compile(r"统计期限(?:为|是|自|从|：|:)?\s*([0-9]{4})\s*年")  # the statistics period the narrative states
TOWN = re.compile(r"(镇|乡|街道|街道办事处|镇人民政府|乡人民政府)$")
GOVERNMENT = re.compile(r"(省|市|县|区|旗|自治州|自治县|盟)人民政府$")


def fold(text: str) -> str:
    """Full-width to ASCII and no spaces: how titles are compared."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@lru_cache(maxsize=1 << 16)
def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """How a reader expects names in order: numbers by value (第29局
    before 第289局), the rest by pinyin."""
    from pypinyin import lazy_pinyin  # only in the processes that sort names

    parts = re.split(r"([0-9]+)", fold(text))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, " ".join(lazy_pinyin(p))) for p in parts if p)


def parse_title(title: str) -> tuple[str, int] | None:
    """(organ, year) from 「（机关名称）YYYY年政府信息公开工作年度报告」, or
    with the year first (「2019年上海市人民政府办公厅政府信息公开工作年度报告」);
    organ may be ""."""
    folded = _NOTE.sub("", fold(title))
    for form in TITLES:
        match = form.match(folded)
        if match and not _NOT_A_NAME.search(match["organ"]):
            return match["organ"], int(match["year"])
    return None


def organ_key(
    organ: str, region_code: str | None, region_names: tuple[str, ...] = (), aliases: Mapping[str, str] | None = None
) -> str:
    """One organ, one key, however its name is written in a year: the region
    code and the name without the region's own higher levels in front
    (「淮安市洪泽区人民政府」 and 「洪泽区人民政府」 in region 320813 are one
    organ). Without a region, the name alone: names that differ are two
    organs (巨鹿, 巨路). `aliases` (settings.organ_aliases: another way of
    writing -> the name) settles what the name alone cannot (a renamed organ)."""
    folded = {fold(k): v for k, v in (aliases or {}).items()}
    name = fold(folded.get(fold(organ), organ))
    higher = [fold(n) for n in region_names[:-1]] if region_code else []
    stripped = True
    while stripped:
        stripped = False
        for prefix in higher:
            if prefix and name.startswith(prefix) and len(name) > len(prefix):
                name, stripped = name[len(prefix) :], True
    return f"{region_code or ''}|{name}"


def guess_kind(organ: str) -> str:
    """The organ kind its name implies; departments are the common case."""
    if TOWN.search(organ):
        return "乡镇街道"
    if GOVERNMENT.search(organ):
        return "本级人民政府"
    return "政府部门"


SLUG_WORDS = 80  # the pinyin kept of a name: a slug names files, which end at 255 bytes


def slug(text: str) -> str:
    """ASCII slug from a Chinese name: its pinyin, letters and digits only,
    at most SLUG_WORDS characters (cut at a hyphen where there is one)."""
    from pypinyin import lazy_pinyin  # 55 MB of dictionaries: only in the processes that make slugs

    syllables = lazy_pinyin(fold(text), errors=lambda s: [c for c in s])
    out = "".join(s.replace("ü", "v") for s in syllables).lower()
    out = re.sub(r"[^a-z0-9]+", "-", out).strip("-")
    if len(out) > SLUG_WORDS:
        cut = out[:SLUG_WORDS]
        out = (cut.rsplit("-", 1)[0] if "-" in cut else cut).strip("-")
    return out or "report"


def report_slug(organ: str, year: int) -> str:
    return f"{slug(organ)}-{year}"
