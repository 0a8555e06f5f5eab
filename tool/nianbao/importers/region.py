"""The administrative division of an organ, from its name, with cpca's
division data; only when the name leaves no doubt."""

from __future__ import annotations

from collections import Counter
from functools import cache

MUNICIPAL = "市辖区"  # the placeholder level of Beijing, Shanghai, Tianjin, Chongqing


@cache
def _county_names() -> Counter[str]:
    import cpca

    return Counter(info.name for info in cpca.ad_2_addr_dict.values() if info.rank == 2)


def guess(organ: str) -> tuple[str, tuple[str, ...]] | None:
    """(six-digit division code, (province, city, county)) or None."""
    import cpca  # pandas comes with it: load it only when importing

    row = cpca.transform([organ]).iloc[0]
    code = row["adcode"]
    if not isinstance(code, str) or not code:
        return None
    names = tuple(n for n in (row["省"], row["市"], row["区"]) if isinstance(n, str) and n and n != MUNICIPAL)
    county = row["区"] if isinstance(row["区"], str) else ""
    named_above = any(n[:2] in organ for n in names[:-1])
    if county and _county_names()[county] > 1 and not named_above:
        return None  # e.g. 朝阳区: in Beijing and in Changchun
    return code[:6], names
