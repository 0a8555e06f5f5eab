"""Synthetic report sources for the benchmarks, built from template.yaml.

Reports alternate between the two templates; their tables satisfy every
relation of the spec, except every tenth report, which carries one seeded
error. The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import compileall
import random
from datetime import date
from pathlib import Path

from nianbao.model import template as tpl
from nianbao.model.report import Meta
from nianbao.model.write import render_front_matter, render_table

PARAGRAPH = (
    "本年度，{organ}坚持以公开为常态、不公开为例外，围绕{topic}等重点领域主动公开政府信息{n}条，"
    "及时回应社会关切，持续提升政务公开质效，切实保障人民群众的知情权、参与权、表达权和监督权。"
)
# The overview's five parts (the 2021 template asks for each), three paragraphs.
OVERVIEW = ("（一）主动公开和依申请公开：", "（二）政府信息管理和平台建设：", "（三）监督保障：")
TOPICS = ("财政预决算", "重大建设项目", "公共资源配置", "社会公益事业", "乡村振兴", "安全生产")


def _t3(spec: tpl.TableSpec, rng: random.Random) -> dict[str, dict[str, str]]:
    applicants = [c.key for c in spec.leaf_columns if c.key != "total"]
    results = [r.key for r in spec.leaf_rows if r.key in spec.leaves("rows", "results") and r.key != "total"]
    grid = {row: {c: rng.choice((0, 0, 0, 1, 2, 5)) for c in applicants} for row in results}
    grid["total"] = {c: sum(grid[r][c] for r in results) for c in applicants}
    grid["carried_over"] = {c: rng.randint(0, 2) for c in applicants}
    grid["carried_in"] = {c: rng.randint(0, grid["total"][c] + grid["carried_over"][c]) for c in applicants}
    grid["new"] = {c: grid["total"][c] + grid["carried_over"][c] - grid["carried_in"][c] for c in applicants}
    return {row: {**{c: str(v) for c, v in vals.items()}, "total": str(sum(vals.values()))} for row, vals in grid.items()}


def _t4(spec: tpl.TableSpec, rng: random.Random) -> dict[str, dict[str, str]]:
    out = {}
    for row in spec.leaf_rows:
        parts = {c.key: rng.choice((0, 0, 1)) for c in spec.leaf_columns if c.key != "total"}
        out[row.key] = {**{k: str(v) for k, v in parts.items()}, "total": str(sum(parts.values()))}
    return out


def _t2(spec: tpl.TableSpec, rng: random.Random) -> dict[str, dict[str, str]]:
    out = {}
    for row in spec.leaf_rows:
        values = {c.key: str(rng.randint(0, 9)) for c in spec.leaf_columns}
        if "in_force" in values:  # 制发 ≤ 现行有效 + 废止
            values["in_force"] = str(int(values["issued"]) + rng.randint(0, 20))
        if "total_published" in values:
            values["total_published"] = str(int(values["published"]) + rng.randint(0, 20))
        if "fee_amount" in values:
            values["fee_amount"] = f"{rng.randint(0, 300) / 10:.1f}"
        if "amount" in values:
            values["amount"] = f"{rng.randint(0, 900000)}元"
        if row.key == "regulations":
            values = dict.fromkeys(values, "0")
        out[row.key] = values
    return out


def report(i: int, rng: random.Random) -> tuple[str, str]:
    """(file name, source text) of synthetic report number i."""
    version = (2019, 2021)[i % 2]
    year = 2020 if version == 2019 else 2021 + i % 5
    organ = f"示例县第{i}局"
    spec = tpl.load(version)
    front = Meta(organ, "政府部门", year, version, f"shili-{i}-{year}", f"{110101 + i % 50}",
                 ("示例省", "示例市", f"示例{i % 50}县"), date(year + 1, 1, 10 + i % 20))
    body = [f"# {organ}{year}年政府信息公开工作年度报告", "", f"报告中所列数据统计期限为{year}年1月1日至12月31日。", ""]
    for section in spec.sections:
        body += [f"## {section.label}", ""]
        for part in OVERVIEW if section.key == "overview" else ("",):
            body += [part + PARAGRAPH.format(organ=organ, topic=rng.choice(TOPICS), n=rng.randint(10, 900)), ""]
        for table in spec.tables_in(section.key):
            fill = {"t3": _t3, "t4": _t4}.get(table.key, _t2)
            rows = fill(table, rng)
            if i % 10 == 0 and table.key == "t3":
                rows["total"]["total"] = str(int(rows["total"]["total"]) + 1)  # seeded error
            body += [render_table(table, rows), ""]
        if section.key == "other":
            body += ["本年度未收取信息处理费。", ""]
    return f"{front.slug}.md", render_front_matter(front) + "\n" + "\n".join(body)


def generate(out: Path, n: int, seed: int = 2026) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        name, text = report(i, rng)
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def compile_nianbao() -> None:
    """nianbao's modules compiled to bytecode, as pip compiles a package it
    installs: from an editable install under PYTHONDONTWRITEBYTECODE, every
    timed run would compile them from source again."""
    import nianbao

    compileall.compile_dir(Path(nianbao.__file__).parent, quiet=1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write N synthetic report sources.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()
    print(len(generate(args.out, args.n)))
