"""Hostile inputs and faults, each run through the nianbao command a user
would run on it, in a process of its own.

Prints for each input: the command's exit code, whether it said 「内部错误」
or printed a traceback (both must never happen), its peak memory and its
time; then inputs tried, internal errors, tracebacks, the largest peak
memory (target ≤ 1 GB) and the slowest input. Exits 1 on any internal
error, traceback or broken expectation.

    python3 bench/hostile.py
"""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOWN = (ROOT / "content" / "reports" / "hongqiquxiaodianzhen-2025.md").read_text(encoding="utf-8")
RULES = (ROOT / "rules.yaml").read_text(encoding="utf-8")


@dataclass
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes its input under the folder; the nianbao arguments
    expect: Callable[[Path, str], bool] = lambda folder, out: True  # what must hold afterwards


def _source(folder: Path, text: str, name: str = "r.md") -> Path:
    reports = folder / "reports"
    reports.mkdir(exist_ok=True)
    (reports / name).write_text(text, encoding="utf-8")
    return reports


def _front(extra: str) -> str:
    return TOWN.replace("slug: hongqiquxiaodianzhen-2025\n", f"slug: hongqiquxiaodianzhen-2025\n{extra}", 1)


class _Boom:
    def __reduce__(self) -> tuple:
        return (os.system, ("touch PWNED",))


def _pickle_cache(folder: Path) -> list[str]:
    cache = folder / ".nianbao-cache"
    cache.mkdir()
    for name in ("lint.json", "lint.pickle"):
        (cache / name).write_bytes(pickle.dumps(_Boom()))
    return ["lint", str(_source(folder, TOWN))]


def _linked_source(folder: Path) -> list[str]:
    secret = folder / "secret.md"
    secret.write_text(TOWN.replace("小店镇", "机密镇"), encoding="utf-8")
    reports = _source(folder, TOWN)
    (reports / "link.md").symlink_to(secret)
    return ["build", str(reports), "--out", str(folder / "site")]


def _pdf(folder: Path, pages: int, size: float) -> list[str]:
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(folder / "in.pdf"), pagesize=(size, size))
    for _ in range(pages):
        drawing.drawString(10, 10, "x")
        drawing.showPage()
    drawing.save()
    return ["import", str(folder / "in.pdf"), "--out", str(folder / "out")]


def _docx_bomb(folder: Path) -> list[str]:
    with zipfile.ZipFile(folder / "in.docx", "w", zipfile.ZIP_DEFLATED) as package:
        with package.open("word/document.xml", "w") as part:  # 800 MB unpacked, written a megabyte at a time
            part.write(b"<w:document>")
            for _ in range(800):
                part.write(b" " * (1 << 20))
            part.write(b"</w:document>")
    return ["import", str(folder / "in.docx"), "--out", str(folder / "out")]


def _png(folder: Path) -> list[str]:
    # made in a process of its own: the bench's own memory would count in the next commands' peaks
    subprocess.run([sys.executable, "-c", f"from PIL import Image; Image.new('1', (40000, 40000)).save({str(folder / 'in.png')!r})"],
                   check=True)
    return ["import", str(folder / "in.png"), "--out", str(folder / "out")]


def _tiff(folder: Path) -> list[str]:
    from PIL import Image

    frames = [Image.new("L", (200, 200), 255) for _ in range(300)]
    frames[0].save(folder / "in.tif", save_all=True, append_images=frames[1:])
    return ["import", str(folder / "in.tif"), "--out", str(folder / "out")]


def _big_text(folder: Path) -> list[str]:
    text = "某县某局2024年政府信息公开工作年度报告\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n" + "本年度工作情况良好。" * 160_000
    (folder / "in.txt").write_text(text + "\n", encoding="utf-8")
    return ["import", str(folder / "in.txt"), "--out", str(folder / "out")]


def _nb603(folder: Path) -> list[str]:
    body = "本报告" * 10 + "本报告说明了情况" * 160_000
    text = TOWN.replace("## 五、存在的主要问题及改进情况\n", f"## 五、存在的主要问题及改进情况\n\n{body}\n", 1)
    reports = _source(folder, text)
    (reports / "prev.md").write_text(text.replace("2025", "2024"), encoding="utf-8")
    return ["lint", str(reports)]


def _rules(folder: Path, old: str, new: str) -> list[str]:
    (folder / "rules.yaml").write_text(RULES.replace(old, new, 1), encoding="utf-8")
    return ["lint", str(_source(folder, TOWN)), "--rules", str(folder / "rules.yaml")]


def _utf16(folder: Path) -> list[str]:
    seed = ROOT / "tests" / "fixtures" / "seeds"
    text = sorted(seed.glob("*.txt"))[0].read_text(encoding="utf-8") if seed.is_dir() else TOWN
    (folder / "in.txt").write_bytes(text.encode("utf-16-le"))
    return ["import", str(folder / "in.txt"), "--out", str(folder / "out")]


def _broken_utf16(folder: Path) -> list[str]:
    text = "某县某局2024年政府信息公开工作年度报告\n" + "本年度工作情况良好。" * 30
    data = text.encode("utf-16-le")
    (folder / "in.txt").write_bytes(b"\xff\xfe" + data[:40] + "\ud800".encode("utf-16-le", "surrogatepass") + data[40:])
    return ["import", str(folder / "in.txt"), "--out", str(folder / "out")]


def _docx_xml(folder: Path, change: str) -> list[str]:
    import docx

    document = docx.Document()
    document.add_paragraph("某县2024年政府信息公开工作年度报告")
    document.add_paragraph("正文")
    document.save(folder / "plain.docx")
    with zipfile.ZipFile(folder / "plain.docx") as source, zipfile.ZipFile(folder / "in.docx", "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace("<w:t>正文</w:t>".encode(), change.encode()) if name == "word/document.xml"
                            else data)
    return ["import", str(folder / "in.docx"), "--out", str(folder / "out")]


def _slow_rule(folder: Path) -> list[str]:
    os.environ["NIANBAO_MAX_RULE_SECONDS"] = "2"  # the child inherits it
    rule = ('  - id: NB990\n    name: slow\n    severity: warning\n    message: "x"\n'
            '    check: {kind: text_requires, section: overview, patterns: ["(a+)+$"]}\n')
    (folder / "rules.yaml").write_text(RULES.replace("rules:\n", "rules:\n" + rule, 1), encoding="utf-8")
    text = TOWN.replace("## 一、总体情况\n", "## 一、总体情况\n\n" + "a" * 5000 + "!\n", 1)
    return ["lint", str(_source(folder, text)), "--rules", str(folder / "rules.yaml")]


def _subset_preview(folder: Path) -> list[str]:
    """A full site built, then `serve` of one report there: stopped after
    a few seconds (a preview runs until Ctrl+C)."""
    site = folder / "_site"
    subprocess.run([sys.executable, "-m", "nianbao", "build", str(ROOT / "content" / "reports"), "--out", str(site),
                    "--templates", str(ROOT / "tool" / "nianbao" / "portal" / "theme")], cwd=folder, capture_output=True, check=False)
    return ["serve", str(_source(folder, TOWN)), "--out", str(site), "--port", "0"]


CASES = [
    Case("planted pickle cache", _pickle_cache, lambda f, out: not (f / "PWNED").exists()),
    Case("source linked out of the collection", _linked_source,
         lambda f, out: not any("机密镇" in p.read_text("utf-8", "replace") for p in (f / "site").rglob("*.html"))),
    Case("formula in an organ's name", lambda f: ["build", str(_source(f, TOWN.replace("organ: 红旗区小店镇", "organ: '=HYPERLINK(1)'", 1))),
                                                  "--out", str(f / "site")], lambda f, out: _no_formula(f / "site" / "data")),
    Case("annotation forged in a waiver", lambda f: ["lint", str(_source(f, _front(
        'waivers:\n- rule: NB301\n  reason: "x\\n::error file=README.md::forged"\n'))), "--format", "github"],
         lambda f, out: not any(line.startswith("::error file=README.md") for line in out.splitlines())),
    Case("NB603 on a 4 MB report", _nb603),
    Case("two numbers in one cell", lambda f: ["lint", str(_source(f, TOWN.replace("|      0 |        0 |", "|    1 2 |        0 |", 1)))],
         lambda f, out: "两个数字" in out),
    Case("14400-point PDF page", lambda f: _pdf(f, 1, 14400), lambda f, out: "NIANBAO_MAX_PAGE_POINTS" in out),
    Case("300-page PDF", lambda f: _pdf(f, 300, 595), lambda f, out: "NIANBAO_MAX_PAGES" in out),
    Case("Word file holding 800 MB of XML", _docx_bomb, lambda f, out: "解压后的大小" in out),
    Case("40000×40000 PNG", _png, lambda f, out: "NIANBAO_MAX_PIXELS" in out),
    Case("300-frame TIFF", _tiff, lambda f, out: "图片的页数" in out),
    Case("1.6 million characters on one line", _big_text, lambda f, out: "超过检查的上限" in out),
    Case("placeholder reading internals", lambda f: _rules(f, 'message: "{detail}"', 'message: "{detail.__class__.__mro__}"'),
         lambda f, out: "只能是名称" in out),
    Case("lone brace in a message", lambda f: _rules(f, 'message: "{detail}"', 'message: "{"'), lambda f, out: "占位符写错了" in out),
    Case("templates not a list", lambda f: _rules(f, "    title: 报告标识重复\n", "    templates: 2021\n    title: 报告标识重复\n"),
         lambda f, out: "templates 须为列表" in out),
    Case("UTF-16 without a byte order mark", _utf16),
    Case("control characters in a title", lambda f: ["build", str(_source(f, _front("published: 2026-01-10\n").replace(
        "organ: 红旗区小店镇", 'organ: "红旗区小店镇\\a\\e"', 1))), "--out", str(f / "site"), "--site-url", "https://example.gov.cn"]),
    Case("region of the wrong shape", lambda f: ["lint", str(_source(f, TOWN.replace("region:\n", "region: {code: '1', names: 5}\nx:\n", 1)))]),
    Case("5,000-digit year", lambda f: ["lint", str(_source(f, TOWN.replace("year: 2025", "year: " + "9" * 5000, 1)))]),
    Case("source_url a number", lambda f: ["lint", str(_source(f, _front("source_url: 12345\n")))]),
    Case("organ a mapping", lambda f: ["lint", str(_source(f, TOWN.replace("organ: 红旗区小店镇", "organ: {a: 1}", 1)))]),
    Case("slug of 300 characters", lambda f: ["build", str(_source(f, TOWN.replace(
        "slug: hongqiquxiaodianzhen-2025", "slug: " + "a" * 300, 1))), "--out", str(f / "site")],
         lambda f, out: "slug 太长" in out),
    Case("organ of 300 characters", lambda f: ["import", str(_text_file(f, TOWN.split("---\n", 2)[2])),
                                               "--organ", "红" * 300, "--year", "2024", "--out", str(f / "out")],
         lambda f, out: any((f / "out").glob("*.md"))),
    Case("UTF-16 with half a character pair", _broken_utf16, lambda f, out: "不是有效字符" in out),
    Case("Word XML with a control character", lambda f: _docx_xml(f, "<w:t>正&#x7;文</w:t>"),
         lambda f, out: "XML 已损坏" in out),
    Case("Word XML nested 300 deep", lambda f: _docx_xml(f, "<w:t>正文</w:t>" + "<w:x>" * 300 + "</w:x>" * 300),
         lambda f, out: "XML 已损坏" in out),
    Case("settings a number", lambda f: _rules(f, "settings:\n", "settings: 5\nold:\n"), lambda f, out: "settings 须为映射" in out),
    Case("setting of the wrong type", lambda f: _rules(f, "similarity_threshold: 50", 'similarity_threshold: "abc"'),
         lambda f, out: "similarity_threshold 须为" in out),
    Case("expression of 50,000 terms", lambda f: _rules(f, "      right: total + carried_over",
                                                        "      right: " + "+".join(["total"] * 50_000)),
         lambda f, out: "太长" in out),
    Case("expression with a 5,000-digit number", lambda f: _rules(f, "      right: total + carried_over",
                                                                  "      right: total + " + "9" * 5000),
         lambda f, out: "最多 500 个" in out),
    Case("pattern that backtracks without end", _slow_rule, lambda f, out: "运行超过 2 秒" in out),
    Case("serve --out holding the sources", lambda f: ["serve", str(_source(f, TOWN)), "--out", str(f)],
         lambda f, out: "网站会替换整个输出目录" in out),
    Case("serve of a folder that does not exist", lambda f: ["serve", str(f / "nonexistent")],
         lambda f, out: "路径不存在" in out),
    Case("serve of a subset where a full site was built", _subset_preview, lambda f, out: "已发布 1 份报告" in out),
]


def _text_file(folder: Path, text: str) -> Path:
    (folder / "in.txt").write_text(text, encoding="utf-8")
    return folder / "in.txt"



def _no_formula(folder: Path) -> bool:
    import csv

    fields = [field for path in folder.glob("*.csv") for row in csv.reader(io.StringIO(path.read_text("utf-8-sig")))
              for field in row]
    return bool(fields) and not any(f.startswith(("=", "@")) for f in fields)


SERVE_SECONDS = 8


def _run(args: list[str], cwd: Path) -> tuple[int, str, float, float]:
    """Exit code, output, seconds and the process's peak memory (MB)."""
    if args[0] in ("build", "serve"):  # the site's templates are not installed with the package yet
        args = [*args, "--templates", str(ROOT / "tool" / "nianbao" / "portal" / "theme")]
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "nianbao", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env={**os.environ, "NIANBAO_CACHE": str(cwd / ".nianbao-cache")})
    if args[0] == "serve":  # a preview runs until it is stopped: what it says in its first seconds
        timer = threading.Timer(SERVE_SECONDS, proc.terminate)
        timer.start()
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, out.decode("utf-8", "replace"), time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> int:
    internal = tracebacks = broken = 0
    slowest = ("", 0.0)
    peak = ("", 0.0)
    print(f"{'input':<40} {'exit':>4} {'MB':>7} {'s':>6}  note")
    environment = dict(os.environ)
    for case in CASES:
        os.environ.clear()
        os.environ.update(environment)  # what a case set for its command goes with it
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            code, out, seconds, memory = _run(case.make(folder), folder)
            try:
                held = case.expect(folder, out)
            except OSError:  # what it looks at was not written
                held = False
        notes = []
        if "内部错误" in out:
            internal += 1
            notes.append("内部错误")
        if "Traceback" in out:
            tracebacks += 1
            notes.append("traceback")
        if not held:
            broken += 1
            notes.append("expectation broken")
        slowest = max(slowest, (case.name, seconds), key=lambda x: x[1])
        peak = max(peak, (case.name, memory), key=lambda x: x[1])
        last = out.strip().splitlines()[-1][:60] if out.strip() else ""
        print(f"{case.name:<40} {code:>4} {memory:>7.0f} {seconds:>6.1f}  {', '.join(notes) or last}")
    print(f"inputs tried {len(CASES)}; internal errors {internal}; tracebacks {tracebacks}; expectations broken {broken}; "
          f"peak memory {peak[1]:.0f} MB ({peak[0]}); slowest {slowest[1]:.1f} s ({slowest[0]})")
    return 1 if internal or tracebacks or broken else 0


if __name__ == "__main__":
    sys.exit(main())
