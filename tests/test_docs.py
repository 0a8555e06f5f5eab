"""The source-format documentation shows working examples."""

from __future__ import annotations

import re

from conftest import REPORTS, ROOT

from nianbao.model.source import parse

DOC = (ROOT / "docs" / "source-format.md").read_text(encoding="utf-8")
REAL = (REPORTS / "juluxianrenminzhengfubangongshi-2025.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC, flags=re.S)


def _body(text: str) -> str:
    return text.split("---\n", 2)[2]


def test_documented_front_matter_parses() -> None:
    front = _blocks("yaml")[0]
    report = parse(front + _body(REAL), "doc.md")
    assert report.meta.organ == "巨鹿县人民政府办公室"
    assert report.meta.region_code == "130529"
    assert report.meta.waivers[0].cell == "t3.total.total"
    assert not report.problems


def test_documented_table_four_layout_is_what_the_parser_reads() -> None:
    table = next(b for b in _blocks("markdown") if "复议或诉讼" in b)
    start = REAL.index("| 复议或诉讼")
    end = REAL.index("\n\n", start)
    report = parse(REAL[:start] + table.strip() + REAL[end:], "doc.md")
    assert report.tables["t4"].value("review", "total") == 1
    assert not report.problems


def test_the_import_guide_names_every_format_module() -> None:
    from nianbao.importers import FORMATS

    guide = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    for module in FORMATS:
        name = module.__name__.rsplit(".", 1)[1]
        assert f"`formats/{name}.py`" in guide, name
        assert all(suffix in guide for suffix in module.SUFFIXES), name


def test_the_kinds_document_is_made_from_the_kinds() -> None:
    import kinds_doc

    assert kinds_doc.DOC.read_text(encoding="utf-8") == kinds_doc.render(), "docs/kinds.md is stale: run python3 tests/kinds_doc.py"


def test_the_readmes_tree_names_every_module() -> None:
    """「它是怎么组织的」 says what each module of the package does: a new
    module (or a renamed one) is named there too."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## 它是怎么组织的")
    tree = readme[start : readme.index("要添加的东西在哪里", start)]
    package = ROOT / "tool" / "nianbao"
    missing = sorted(
        p.relative_to(package).as_posix() for p in package.rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py") and "kinds" not in p.parts and "pages" not in p.parts
        and "formats" not in p.parts and p.stem not in tree and p.name not in tree
    )
    assert missing == []
