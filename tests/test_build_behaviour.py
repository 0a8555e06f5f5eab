"""Builder behaviour: determinism, atomic output, safety of untrusted text,
withholding reports with errors."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from build_support import TEMPLATES, build_site
from conftest import REPORTS, ROOT
from lint_support import carrying_over, set_cell, text_of, without_waivers
from lxml import html

from nianbao.portal import build

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out

TOWN = REPORTS / "hongqiquxiaodianzhen-2025.md"


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_rebuild_is_byte_identical_cold_and_warm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    build_site(tmp_path / "a")
    build_site(tmp_path / "b")  # warm: report pages from the cache
    (tmp_path / ".nianbao-cache").rename(tmp_path / "old-cache")
    build_site(tmp_path / "c")  # cold again
    a = _tree(tmp_path / "a")
    assert a == _tree(tmp_path / "b") == _tree(tmp_path / "c")
    assert any(name.startswith("pagefind/") for name in a)


def test_pages_linked_from_the_previous_build_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "src"
    shutil.copytree(REPORTS, source)
    town = source / TOWN.name
    original = town.read_text(encoding="utf-8")
    out = tmp_path / "_site"
    build_site(out, [source], search=False)
    other = out / "2024" / "juluxianjuluzhen-2024" / "index.html"
    town.write_text(original.replace("小店镇未收到", "小店镇全年未收到"), encoding="utf-8")
    build_site(out, [source], search=False)  # the other reports linked from the first build
    inode = other.stat().st_ino
    town.write_text(original, encoding="utf-8")
    build_site(out, [source], search=False)  # and again; the edited one rendered anew
    assert other.stat().st_ino == inode
    shutil.rmtree(tmp_path / ".nianbao-cache")
    build_site(tmp_path / "cold", [source], search=False)
    assert _tree(out) == _tree(tmp_path / "cold")


def test_one_changed_report_indexes_only_its_part_and_the_site_is_a_cold_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search index in parts: after one report is edited, Pagefind runs
    for its part only, the others are the last build's; the site, search
    included, is byte for byte what a cold build makes of the same sources."""
    from nianbao.portal import search

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(search, "PART_BYTES", 2_000)  # the five reports in several parts
    source = tmp_path / "src"
    shutil.copytree(REPORTS, source)
    town = source / TOWN.name
    town.write_text(town.read_text(encoding="utf-8").replace("\nslug:", "\npublished: 2026-01-21\nslug:", 1), encoding="utf-8")
    out = tmp_path / "_site"
    build_site(out, [source])
    assert (out / "pagefind" / "parts.json").read_text(encoding="utf-8") != "[]\n"
    runs: list[list[str]] = []
    indexing = search._pagefind
    monkeypatch.setattr(search, "_pagefind", lambda *args: runs.append(list(args[3])) or indexing(*args))
    organs = {p: p.stat().st_ino for p in (out / "organ").glob("*/index.html")}
    town.write_text(town.read_text(encoding="utf-8").replace("小店镇未收到", "小店镇全年未收到")
                    .replace("published: 2026-01-21", "published: 2026-01-22"), encoding="utf-8")  # its organ's page shows the date
    build_site(out, [source])
    assert len(runs) == 1 and "2025-hongqiquxiaodianzhen-2025.html" in runs[0] and len(runs[0]) < 5
    again = {p: p.stat().st_ino for p in (out / "organ").glob("*/index.html")}
    assert again.keys() == organs.keys() and len(organs) == 5
    assert [p.parent.name for p in organs if again[p] != organs[p]] == [p.parent.name for p in organs if "hongqiqu" in p.parent.name]
    shutil.rmtree(tmp_path / ".nianbao-cache")
    build_site(tmp_path / "cold", [source])
    assert _tree(out) == _tree(tmp_path / "cold")


def test_a_link_planted_in_the_last_site_is_never_taken_into_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a build takes from the last site (reports' files, organ pages,
    search parts) is never a file elsewhere on the machine that a link
    planted there leads to: it is made anew."""
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "src"
    shutil.copytree(REPORTS, source)
    out = tmp_path / "_site"
    build_site(out, [source])
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    page = next(out.glob("2025/*/index.html"))
    page.unlink()
    page.symlink_to(secret)  # a report's own file
    organs = out / "organ"
    shutil.move(organs, tmp_path / "organs-elsewhere")
    organs.symlink_to(tmp_path / "organs-elsewhere")  # a folder above an organ page
    (tmp_path / "organs-elsewhere" / next(p.name for p in (tmp_path / "organs-elsewhere").iterdir() if p.is_dir()) / "index.html"
     ).write_text("机密", encoding="utf-8")
    shutil.move(out / "pagefind", tmp_path / "pagefind-elsewhere")
    (out / "pagefind").symlink_to(tmp_path / "pagefind-elsewhere")  # the search index
    town = source / TOWN.name  # something to build: with nothing changed, the site is left as it is
    town.write_text(town.read_text(encoding="utf-8").replace("小店镇未收到", "小店镇全年未收到"), encoding="utf-8")
    build_site(out, [source])
    assert not any(p.is_symlink() for p in out.rglob("*"))
    elsewhere = {p.stat().st_ino for p in tmp_path.glob("*-elsewhere/**/*") if p.is_file()} | {secret.stat().st_ino}
    assert not [p for p in out.rglob("*") if p.is_file() and p.stat().st_ino in elsewhere]
    assert not [p for p in out.rglob("*.html") if "机密" in p.read_text(encoding="utf-8")]
    shutil.rmtree(tmp_path / ".nianbao-cache")
    build_site(tmp_path / "cold", [source])
    assert _tree(out) == _tree(tmp_path / "cold")


def test_killed_build_leaves_the_old_site(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import generate

    out = tmp_path / "_site"
    build_site(out, search=False)
    before = _tree(out)
    generate(tmp_path / "many", 400)
    proc = subprocess.Popen(
        [sys.executable, "-m", "nianbao", "build", str(tmp_path / "many"), "--out", str(out), "--templates", str(TEMPLATES)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    building = tmp_path / "._site.building"
    deadline = time.monotonic() + 120
    while not (building.is_dir() and any(building.rglob("*.html"))):
        assert proc.poll() is None, "the build ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _tree(out) == before


def test_untrusted_html_and_links_are_neutralised(tmp_path: Path) -> None:
    text = without_waivers(text_of(TOWN)).replace(
        "在办理依申请公开工作中，未向申请人收取任何费用。",
        '未收取信息处理费。<script>alert("x")</script> <img src="https://evil.example/x.png" onerror="alert(1)"> '
        "[点我](javascript:alert(1)) [官网](https://www.gov.cn/) ![图](https://evil.example/y.png)",
    )
    source = tmp_path / "src"
    source.mkdir()
    (source / "r.md").write_text(text, encoding="utf-8")
    out = tmp_path / "_site"
    build_site(out, [source], search=False)
    page = out / "2025" / "hongqiquxiaodianzhen-2025" / "index.html"
    doc = html.fromstring(page.read_bytes())
    main = doc.find(".//main")
    assert not main.xpath(".//script") and not main.xpath(".//img")
    assert not [a for a in doc.xpath("//a/@href") if a.lower().startswith("javascript:")]
    assert "https://www.gov.cn/" in doc.xpath("//main//a/@href")
    assert '<script>alert("x")</script>' in main.text_content()
    assert "evil.example" not in " ".join(doc.xpath("//@src"))


def test_report_with_errors_is_withheld_and_strict_fails(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "good.md").write_bytes(TOWN.read_bytes())
    (source / "bad.md").write_text(
        set_cell(without_waivers(text_of(REPORTS / "juluxianrenminzhengfubangongshi-2025.md")), "行政复议", 1, "3"),
        encoding="utf-8",
    )
    run = [sys.executable, "-m", "nianbao", "build", str(source), "--templates", str(TEMPLATES)]
    out = subprocess.run([*run, "--out", str(tmp_path / "a")], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "已发布 1 份报告" in out.stdout and "bad.md" in out.stdout and "NB102" in out.stdout
    assert not (tmp_path / "a" / "2025" / "juluxianrenminzhengfubangongshi-2025").exists()
    strict = subprocess.run([*run, "--out", str(tmp_path / "b"), "--strict"], capture_output=True, text=True, cwd=tmp_path)
    assert strict.returncode == 1


def test_base_path_for_a_project_site(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    done = subprocess.run(
        [sys.executable, "-m", "nianbao", "build", str(REPORTS), "--out", str(out), "--templates", str(TEMPLATES),
         "--base", "nianbao", "--site-url", "https://example.github.io"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    doc = html.fromstring((out / "index.html").read_bytes())
    assert all(h.startswith("/nianbao/") for h in doc.xpath("//nav//a/@href"))
    assert "https://example.github.io/nianbao/2025/" in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_the_site_builds_anywhere_with_nianbaos_own_templates(tmp_path: Path) -> None:
    """An office's repository holds no templates: the build finds nianbao's,
    with their static files, from any folder and with no flag."""
    done = subprocess.run([sys.executable, "-m", "nianbao", "build", str(REPORTS), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "o" / "index.html").is_file() and (tmp_path / "o" / "static" / "style.css").is_file()


def test_an_offices_own_templates_override_nianbaos_file_by_file(tmp_path: Path) -> None:
    """site_templates/ in the working folder replaces only the files it
    holds (as a Hugo site overrides its theme); a --templates folder that
    does not exist is a clear error."""
    own = tmp_path / "site_templates"
    (own / "static").mkdir(parents=True)
    footer = (TEMPLATES / "base.html").read_text(encoding="utf-8").replace("</body>", "<p>某某县政务公开办</p></body>")
    (own / "base.html").write_text(footer, encoding="utf-8")
    (own / "static" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "nianbao", "build", str(REPORTS), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pages = [tmp_path / "o" / "index.html", *sorted((tmp_path / "o").glob("20*/*/index.html"))]
    assert len(pages) > 1 and all("某某县政务公开办" in p.read_text(encoding="utf-8") for p in pages)
    assert (tmp_path / "o" / "static" / "logo.svg").is_file() and (tmp_path / "o" / "static" / "style.css").is_file()
    missing = subprocess.run([sys.executable, "-m", "nianbao", "build", str(REPORTS), "--out", str(tmp_path / "p"),
                              "--templates", str(tmp_path / "nowhere")], capture_output=True, text=True, cwd=tmp_path)
    assert missing.returncode == 2 and "找不到网页模板目录" in missing.stderr


def test_unchanged_inputs_keep_the_site_and_its_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "src"
    source.mkdir()
    (source / "good.md").write_bytes(TOWN.read_bytes())
    (source / "bad.md").write_text(set_cell(without_waivers(text_of(TOWN)), "行政复议", 1, "3").replace(
        "slug: hongqiquxiaodianzhen-2025", "slug: bad-2025"), encoding="utf-8")
    out = tmp_path / "_site"
    first = build_site(out, [source], search=False)
    before = _tree(out)
    again = build_site(out, [source], search=False)
    assert again.unchanged and again.withheld == first.withheld and again.published == first.published
    assert _tree(out) == before
    (source / "good.md").write_text(text_of(TOWN).replace("小店镇未收到", "小店镇全年未收到"), encoding="utf-8")
    changed = build_site(out, [source], search=False)
    assert not changed.unchanged and _tree(out) != before


def test_unchanged_report_is_not_rendered_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nianbao.portal.reports as reports

    monkeypatch.chdir(tmp_path)
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.md").write_bytes(TOWN.read_bytes())
    (source / "b.md").write_bytes((REPORTS / "juluxianxiaolvzhaizhen-2025.md").read_bytes())
    out = tmp_path / "_site"
    build_site(out, [source], search=False)
    (source / "b.md").write_text(text_of(REPORTS / "juluxianxiaolvzhaizhen-2025.md").replace("小吕寨镇始终", "小吕寨镇一贯"), encoding="utf-8")
    rendered: list[str] = []
    real = reports._render
    monkeypatch.setattr(reports, "_render", lambda report, *a: rendered.append(report.meta.slug) or real(report, *a))
    build_site(out, [source], search=False)
    assert rendered == ["juluxianxiaolvzhaizhen-2025"]
    assert "小吕寨镇一贯" in (out / "2025" / "juluxianxiaolvzhaizhen-2025" / "index.html").read_text(encoding="utf-8")


def _sources(tmp_path: Path, **texts: str) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    for name, text in texts.items():
        (source / f"{name}.md").write_text(text, encoding="utf-8")
    return source


def test_findings_across_years_are_on_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The page is first rendered as the report is linted, before the rules
    # across years have run: it must be rendered again with their findings.
    monkeypatch.chdir(tmp_path)
    town = without_waivers(text_of(TOWN))
    source = _sources(tmp_path, before=carrying_over(town).replace("2025", "2024"), now=town)
    out = tmp_path / "_site"
    build_site(out, [source], search=False)
    page = html.fromstring((out / "2025" / "hongqiquxiaodianzhen-2025" / "index.html").read_bytes())
    status = page.xpath("//section[@class='status']")[0].text_content()
    assert "NB601" in status and "NB603" in status
    record = (out / "2025" / "hongqiquxiaodianzhen-2025" / "report.json").read_text(encoding="utf-8")
    assert '"NB601"' in record


def _severity(rules: str, rule: str, severity: str) -> str:
    """rules.yaml with `rule`'s severity changed (its own block only)."""
    start = rules.index(f"  - id: {rule}\n")
    end = rules.index("\n  - id: ", start + 1)
    block = re.sub(r"\n    severity: \w+", f"\n    severity: {severity}", rules[start:end], count=1)
    assert block != rules[start:end]
    return rules[:start] + block + rules[end:]


def test_a_report_withheld_by_a_rule_across_years_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    rules = (ROOT / "rules.yaml").read_text(encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(_severity(rules, "NB601", "error"), encoding="utf-8")
    town = without_waivers(text_of(TOWN))
    source = _sources(tmp_path, before=carrying_over(town).replace("2025", "2024"), now=town)
    out = tmp_path / "_site"
    summary = build_site(out, [source], search=False)
    assert [path for path, _ in summary.withheld] == [str(source / "now.md")]
    assert not (out / "2025").exists()
    with open(out / "data" / "reports.csv", encoding="utf-8-sig", newline="") as f:  # its numbers as data, marked, with no page
        rows = {r["report"]: (r["status"], r["url"]) for r in csv.DictReader(f)}
    assert rows["hongqiquxiaodianzhen-2025"] == ("未通过", "") and rows["hongqiquxiaodianzhen-2024"][0] == "通过"


def test_two_sources_of_one_url_publish_the_first_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    town = text_of(TOWN)
    source = _sources(tmp_path, a=town, b=town.replace("小店镇未收到", "小店镇全年未收到"))
    out = tmp_path / "_site"
    summary = build_site(out, [source], search=False)
    assert summary.published == [str(source / "a.md")]
    assert "NB008" in summary.withheld[0][1][0] and "a.md" in summary.withheld[0][1][0]
    page = (out / "2025" / "hongqiquxiaodianzhen-2025" / "index.html").read_text(encoding="utf-8")
    assert "小店镇全年未收到" not in page and "小店镇未收到" in page


def test_nothing_to_publish_still_makes_a_searchable_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = _sources(tmp_path, bad=set_cell(without_waivers(text_of(TOWN)), "行政复议", 1, "3"))
    out = tmp_path / "_site"
    summary = build_site(out, [source])
    assert not summary.published and len(summary.withheld) == 1
    assert (out / "pagefind" / "pagefind-ui.js").is_file()
    assert (out / "pagefind" / "parts.json").read_text(encoding="utf-8") == "[]\n"
    assert "已发布 <strong>0</strong> 份" in (out / "index.html").read_text(encoding="utf-8")


def test_a_template_edit_reaches_every_page_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # nianbao serve builds again in the same process after a template changed.
    monkeypatch.chdir(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    out = tmp_path / "_site"
    build([str(REPORTS)], out, templates=templates, search=False)
    macros = templates / "_macros.html"
    macros.write_text(macros.read_text(encoding="utf-8").replace('class="official', 'class="edited official'), "utf-8")
    build([str(REPORTS)], out, templates=templates, search=False)
    pages = sorted(out.glob("20*/*/index.html"))
    assert pages and all('class="edited official' in p.read_text(encoding="utf-8") for p in pages)


def test_pages_are_reused_without_the_lint_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nianbao.portal.reports as reports

    monkeypatch.chdir(tmp_path)
    source = tmp_path / "src"
    shutil.copytree(REPORTS, source)
    out = tmp_path / "_site"
    build_site(out, [source], search=False)
    (tmp_path / ".nianbao-cache" / "lint.json").unlink()
    town = source / TOWN.name
    town.write_text(town.read_text(encoding="utf-8").replace("小店镇未收到", "小店镇全年未收到"), encoding="utf-8")
    rendered: list[str] = []
    real = reports._render
    monkeypatch.setattr(reports, "_render", lambda report, *a: rendered.append(report.meta.slug) or real(report, *a))
    build_site(out, [source], search=False)
    assert rendered == ["hongqiquxiaodianzhen-2025"]


def test_an_unreadable_source_among_many_is_withheld(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import generate

    source = tmp_path / "many"
    generate(source, 70)
    (source / "zz-broken.md").write_text("x", encoding="utf-8")
    run = [sys.executable, "-m", "nianbao"]
    lint = subprocess.run([*run, "lint", str(source)], capture_output=True, text=True, cwd=tmp_path)
    assert lint.returncode == 2 and "zz-broken.md:1:1: 缺少 YAML 前置元数据" in lint.stdout
    built = subprocess.run([*run, "build", str(source), "--templates", str(TEMPLATES)], capture_output=True, text=True,
                           cwd=tmp_path)
    assert built.returncode == 2, built.stderr  # unreadable input, as the README says; the others are published
    assert "zz-broken.md" in built.stdout and "Traceback" not in built.stderr
    assert "已发布 70 份报告" not in built.stdout and (tmp_path / "_site" / "index.html").is_file()


def test_the_replaced_site_is_moved_into_the_cache_and_deleted_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site a build replaces goes into the cache whole (deleting its
    files would take seconds) and is deleted there in the background,
    never beside the output; what anyone planted there is deleted without
    following a link out of it."""
    from nianbao.portal import site, swap

    monkeypatch.chdir(tmp_path)
    source = tmp_path / "src"
    shutil.copytree(REPORTS, source)
    town = source / TOWN.name
    out = tmp_path / "_site"
    build_site(out, [source], search=False)
    trash = tmp_path / ".nianbao-cache" / "build" / hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16] / site.TRASH
    seen: list[dict[str, list[str]]] = []
    pages: list[str] = []
    clear = swap.clear

    def looked_at(folder: Path | None) -> None:
        assert folder == trash
        seen.append({p.name: sorted(c.name for c in p.iterdir()) for p in folder.iterdir() if not p.is_symlink()})
        pages.extend(p.read_text(encoding="utf-8") for p in folder.glob(f"*/._site.building/2025/{TOWN.stem}/index.html"))
        clear(folder)

    town.write_text(town.read_text(encoding="utf-8").replace("小店镇未收到", "小店镇全年未收到"), encoding="utf-8")
    with monkeypatch.context() as looking:
        looking.setattr(swap, "clear", looked_at)
        build_site(out, [source], search=False)
    assert sorted(seen[0].values()) == [["._site.building"], ["search.new"]]  # the site, and its search documents
    assert len(pages) == 1 and "小店镇未收到" in pages[0]  # the site as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == [".nianbao-cache", "_site", "src"]
    assert not any(trash.iterdir())  # build_site waited for it
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("留着", encoding="utf-8")
    (trash / "planted-link").symlink_to(elsewhere)
    (trash / "planted" / "inside").mkdir(parents=True)
    (trash / "planted" / "inside" / "link").symlink_to(elsewhere)
    town.write_text(town.read_text(encoding="utf-8").replace("小店镇全年未收到", "小店镇未收到"), encoding="utf-8")
    build_site(out, [source], search=False)
    assert not any(trash.iterdir()) and (elsewhere / "keep.txt").read_text(encoding="utf-8") == "留着"
    trash.rmdir()
    trash.symlink_to(elsewhere)  # the folder itself a link: the site replaced is deleted at once, nothing there touched
    (elsewhere / "folder").mkdir()
    town.write_text(town.read_text(encoding="utf-8").replace("小店镇未收到", "小店镇全年未收到"), encoding="utf-8")
    build_site(out, [source], search=False)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["folder", "keep.txt"] and "全年未收到" in _page(out)
    trash.unlink()
    state = trash.parent
    shutil.move(state, elsewhere / "state")
    state.symlink_to(elsewhere / "state")  # the build's folder in the cache a link: not used
    town.write_text(town.read_text(encoding="utf-8").replace("小店镇全年未收到", "小店镇未收到"), encoding="utf-8")
    build_site(out, [source], search=False)
    assert "全年未收到" not in _page(out) and not (elsewhere / "state" / site.TRASH).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".nianbao-cache", "_site", "elsewhere", "src"]


def _page(out: Path) -> str:
    return (out / "2025" / TOWN.stem / "index.html").read_text(encoding="utf-8")


def test_an_organ_alias_added_to_the_rules_reaches_the_organ_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The organ pages are keyed by the rules' aliases; the build's key
    covers them by the rules file, not by loading the rules (which a build
    with nothing to do never does)."""
    from nianbao import pipeline

    monkeypatch.chdir(tmp_path)
    rules = tmp_path / "rules.yaml"
    packaged = (ROOT / "rules.yaml").read_text(encoding="utf-8")
    rules.write_text(packaged, encoding="utf-8")
    out = tmp_path / "_site"

    def organs() -> int:
        return len(list((out / "organ").glob("*/index.html")))

    build([str(REPORTS)], out, templates=TEMPLATES, search=False, rules=rules)
    assert organs() == 5
    with monkeypatch.context() as unloaded:
        unloaded.setattr(pipeline, "organ_aliases", lambda *a: (_ for _ in ()).throw(AssertionError("rules loaded")))
        assert build([str(REPORTS)], out, templates=TEMPLATES, search=False, rules=rules).unchanged
    rules.write_text(packaged.replace("  organ_aliases: {}", "  organ_aliases:\n    巨鹿县巨鹿镇: 巨鹿县小吕寨镇"), encoding="utf-8")
    assert not build([str(REPORTS)], out, templates=TEMPLATES, search=False, rules=rules).unchanged
    assert organs() == 4


def test_a_read_only_cache_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".nianbao-cache").write_text("not a folder", encoding="utf-8")
    source = tmp_path / "src"
    shutil.copytree(REPORTS, source)
    summary = build_site(tmp_path / "_site", [source], search=False)
    assert summary.published and (tmp_path / "_site" / "index.html").is_file()
    town = source / TOWN.name
    town.write_text(town.read_text(encoding="utf-8").replace("小店镇未收到", "小店镇全年未收到"), encoding="utf-8")
    build_site(tmp_path / "_site", [source], search=False)  # the site it replaces is deleted at once: nowhere to put it
    assert "小店镇全年未收到" in (tmp_path / "_site" / "2025" / TOWN.stem / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".nianbao-cache", "_site", "src"]


def test_an_emptied_output_folder_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "_site"
    build_site(out, search=False)
    for child in out.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    assert not build_site(out, search=False).unchanged
    assert (out / "index.html").is_file()


def test_every_file_of_the_theme_is_installed_with_the_package() -> None:
    """The package data patterns of pyproject.toml take every template and
    static file (an editable install would hide a file they miss)."""
    import fnmatch
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["nianbao"]
    package = ROOT / "tool" / "nianbao"
    files = [p.relative_to(package).as_posix() for p in (package / "portal" / "theme").rglob("*") if p.is_file()]
    assert files and all(any(fnmatch.fnmatch(f, pattern.replace("**/", "")) for pattern in patterns) for f in files), files


def test_a_link_in_an_offices_static_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("不应发布", encoding="utf-8")
    own = tmp_path / "site_templates" / "static"
    own.mkdir(parents=True)
    (own / "leak.txt").symlink_to(secret)
    done = subprocess.run([sys.executable, "-m", "nianbao", "build", str(REPORTS), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "o" / "static" / "leak.txt").exists() and (tmp_path / "o" / "static" / "style.css").is_file()
