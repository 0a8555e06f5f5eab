"""`nianbao lint` output formats, options and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import REPORTS, ROOT
from lint_support import TOWN_2021, set_cell, text_of, without_waivers
from lxml import html as lxml_html

pytestmark = pytest.mark.slow  # see pyproject.toml: `pytest -m 'not slow'` leaves it out

SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
GITHUB = re.compile(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=NB\d{3} [a-z0-9-]+::.+$")


def _lint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao", "lint", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A real report with one arithmetic error and one warning."""
    text = set_cell(without_waivers(text_of(TOWN_2021)), "行政复议", 1, "1")
    (tmp_path / "r.md").write_text(text.replace("在办理依申请公开工作中，未向申请人收取任何费用。", "无。"), encoding="utf-8")
    return tmp_path


def test_text_points_at_the_cell_and_exits_1(broken: Path) -> None:
    out = _lint(str(broken))
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    pattern = rf"^{re.escape(str(broken / 'r.md'))}:\d+:\d+: NB104 「行政复议」的「总计」为 0，但维持、纠正、其他、尚未审结之和为 1$"
    assert [line for line in lines if re.match(pattern, line)]
    assert lines[-1] == "检查了 1 个报告：1 个错误，1 个警告"
    assert "\033[" not in out.stdout


def test_collection_is_clean_and_shows_waivers() -> None:
    out = _lint()
    assert out.returncode == 0, out.stdout
    assert "（已豁免：" in out.stdout


def test_select_and_ignore(broken: Path) -> None:
    assert _lint(str(broken), "--ignore", "NB104").returncode == 0
    out = _lint(str(broken), "--select", "NB4")
    assert out.returncode == 0 and "NB401" in out.stdout and "NB104" not in out.stdout
    lower = _lint(str(broken), "--select", "nb4", "--ignore", "nb1")  # as typed in a hurry
    assert lower.returncode == 0 and lower.stdout == out.stdout


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_a_rule_id_that_names_no_rule_is_a_usage_error(broken: Path, option: str) -> None:
    """A typo in --select (NB99, nb1) must not pass as 「没有发现问题」."""
    out = _lint(str(broken), option, "NB99")
    assert out.returncode == 2 and "「NB99」：没有以此开头的规则编号" in out.stderr and out.stdout == ""


def test_many_findings_of_one_rule_in_one_table_fold_into_one_line() -> None:
    """Seed 003's 175 blank cells: one line naming their rows and columns, and
    the summary by rule; --no-fold gives one line a finding."""
    folded, whole = _lint(str(REPORTS)), _lint(str(REPORTS), "--no-fold")
    assert folded.returncode == whole.returncode == 0
    blank = [line for line in folded.stdout.splitlines() if " NB004 " in line]
    assert len(blank) == 1 and "同一张表中同类问题共 175 处：「一、本年新收政府信息公开申请数量」全部 7 列；" in blank[0]
    assert blank[0].endswith("等 25 行；--no-fold 逐条列出）")  # the cells, by the table's own words, not our lines
    assert len([line for line in whole.stdout.splitlines() if " NB004 " in line]) == 175
    assert "按规则：NB004 单元格未填写 175 个" in folded.stdout


def test_sarif_validates_against_the_official_schema(broken: Path) -> None:
    out = _lint(str(broken), "--format", "sarif")
    log = json.loads(out.stdout)
    jsonschema.validate(log, SCHEMA)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"NB104", "NB401"}
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_sarif_marks_waived_findings_as_suppressed() -> None:
    log = json.loads(_lint("--format", "sarif").stdout)
    jsonschema.validate(log, SCHEMA)
    errors = [r for r in log["runs"][0]["results"] if r["level"] == "error"]
    assert errors and all(r.get("suppressions") for r in errors)  # the collection's waived errors


def test_github_annotations_follow_the_workflow_command_syntax_and_plain_report_follows(broken: Path) -> None:
    out = _lint(str(broken), "--format", "github")
    lines = out.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == 2 and all(GITHUB.match(line) for line in annotations), annotations
    assert any(": NB104 " in line for line in lines if not line.startswith("::"))
    assert out.returncode == 1


def test_github_shows_ten_annotations_a_level_and_the_step_summary_lists_every_finding(tmp_path: Path) -> None:
    """GitHub shows ten annotations of each level and drops the rest: the
    rest are counted in a notice, and the step's summary lists them all
    (its text escaped: an organ's name is anyone's)."""
    text = set_cell(without_waivers(text_of(TOWN_2021)), "行政许可", 1, "<b>1</b>")  # quoted in its finding
    for row in ("行政处罚", "行政强制"):
        text = set_cell(text, row, 1, "")
    for row in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开", "1.属于国家秘密"):
        for column in range(1, 7):
            text = set_cell(text, row, column, "")  # 24 more
    (tmp_path / "r.md").write_text(text, encoding="utf-8")
    step = tmp_path / "summary.md"
    done = subprocess.run([sys.executable, "-m", "nianbao", "lint", "--format", "github", str(tmp_path / "r.md")],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "GITHUB_STEP_SUMMARY": str(step)})
    live = json.loads(_lint("--format", "json", str(tmp_path / "r.md")).stdout)["findings"]
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 10 and len([f for f in live if f["severity"] == "error"]) > 10
    notice = next(line for line in done.stdout.splitlines() if line.startswith("::notice::"))
    shown = len([line for line in done.stdout.splitlines() if GITHUB.match(line)])
    assert f"另有 {len(live) - shown} 个问题" in notice
    written = step.read_text(encoding="utf-8")
    rows = lxml_html.fromstring(f"<div>{written}</div>").xpath("//table[2]//tr[td]")
    assert [r.xpath("string(td[3])") for r in rows] == [f["message"] for f in live]
    assert any("<b>1</b>" in f["message"] for f in live) and "<b>" not in written


def test_json_gives_both_column_units() -> None:
    data = json.loads(_lint("--format", "json").stdout)
    f = next(f for f in data["findings"] if f["rule"] == "NB102")
    line = (REPORTS / Path(f["path"]).name).read_text(encoding="utf-8").split("\n")[f["line"] - 1]
    assert line[f["col"] - 1 :].startswith("16")
    assert len(line[: f["col"] - 1].encode("utf-16-le")) // 2 + 1 == f["col_utf16"]


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02")
    out = _lint(str(tmp_path))
    assert out.returncode == 2 and "二进制文件" in out.stdout and "Traceback" not in out.stderr
    assert _lint(str(tmp_path / "nothing-here")).returncode == 2


@pytest.mark.parametrize(
    "old, new, words",
    [
        ("kind: relation\n      table: t3", "kind: relashun\n      table: t3", "未知的检查类型"),
        ("right: natural + legal_person", "right: natural + legal_persons", "没有「legal_persons」"),
        ("severity: error\n    message: \"{detail}\"", "severity: fatal\n    message: \"{detail}\"", "severity 须为"),
        ("right: upheld + corrected", "right: upheld + corrected)", "无法解析"),
        ("right: upheld + corrected", "right: upheld ** corrected", "只能由表格的键、数字和 + - * / 组成"),
        ("right: upheld + corrected", "right: ().__class__", "没有「().__class__」"),
        ("codes: [bad-number]", "codez: [bad-number]", "没有参数 codez"),
    ],
)
def test_bad_rules_file_names_its_line(old: str, new: str, words: str, tmp_path: Path) -> None:
    original = (ROOT / "rules.yaml").read_text(encoding="utf-8")
    assert old in original
    edited = original.replace(old, new, 1)
    rules = tmp_path / "rules.yaml"
    rules.write_text(edited, encoding="utf-8")
    out = _lint("--rules", str(rules))
    assert out.returncode == 2
    assert words in out.stderr and "Traceback" not in out.stderr
    reported = int(re.search(r"rules\.yaml:(\d+): ", out.stderr)[1])
    lines = edited.split("\n")
    changed = next(i for i, (a, b) in enumerate(zip(lines, original.split("\n")), 1) if a != b)
    rule_start = max(i for i in range(1, changed + 1) if lines[i - 1].startswith("  - id:"))
    assert rule_start <= reported <= changed


def test_cached_results_carry_the_path_they_were_linted_under(broken: Path, tmp_path: Path) -> None:
    first = _lint(str(broken))
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "other.md").write_bytes((broken / "r.md").read_bytes())
    second = _lint(str(copy))
    assert str(broken / "r.md") in first.stdout
    assert str(copy / "other.md") in second.stdout and str(broken / "r.md") not in second.stdout
