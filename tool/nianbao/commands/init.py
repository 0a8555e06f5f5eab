"""`nianbao init [DIR]`: a disclosure office's own repository, ready to
lint, build and deploy: an example report, a rules.yaml that extends
nianbao's rules, the pre-commit hooks, the GitHub workflows (lint on every
push and pull request; build and deploy what passes on main), a .gitignore
and a README in Chinese. What is already there is left as it is."""

from __future__ import annotations

import argparse
import json
from importlib import metadata, resources
from pathlib import Path

from ..base import atomic

# Where each starter file of the package goes in the new repository.
FILES = {
    "README.md": "README.md",
    "rules.yaml": "rules.yaml",
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "workflows/lint.yml": ".github/workflows/lint.yml",
    "workflows/deploy.yml": ".github/workflows/deploy.yml",
    "example-2025.md": "content/reports/example-2025.md",
}


WORKFLOWS = ("workflows/lint.yml", "workflows/deploy.yml")
SOURCE = "__NIANBAO_PIP__"  # in the workflows: where their runs install nianbao from


def install_source(direct_url: str | None, version: str) -> str:
    """What the workflows pip-install: nianbao as this machine got it (PEP
    610's direct_url.json of its installation): the same version from an
    index, the same commit of a git repository, the same archive; "" for a
    folder of this machine, which GitHub's runners cannot reach."""
    if direct_url is None:
        return f"nianbao=={version}"
    try:
        info = json.loads(direct_url)
        url, vcs = str(info.get("url", "")), info.get("vcs_info")
    except (ValueError, AttributeError):
        return ""
    if not url.startswith(("https://", "http://")):
        return ""
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"git+{url}@{vcs['commit_id']}"
    return url if "archive_info" in info else ""


def _this_source() -> str:
    try:
        dist = metadata.distribution("nianbao")
    except metadata.PackageNotFoundError:
        return ""
    return install_source(dist.read_text("direct_url.json"), dist.version)


def add_command(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "init",
        help="新建公开办自己的报告仓库（示例报告、规则、自动检查和发布）",
        description="在 DIR（默认当前目录）新建公开办自己的报告仓库：content/reports/ 和一份示例报告、"
        "在自带规则之上的 rules.yaml、提交前检查、GitHub 自动检查和发布、.gitignore 和说明。已有的文件不会被改动。",
    )
    parser.add_argument("dir", nargs="?", default=".", type=Path, help="仓库目录（默认当前目录）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root: Path = args.dir
    starter = resources.files("nianbao.commands").joinpath("starter")
    source = _this_source()
    written, kept = [], []
    for name, target in FILES.items():
        path = root / target
        if path.exists() or path.is_symlink():
            kept.append(target)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        text = starter.joinpath(name).read_text(encoding="utf-8")
        atomic.write_text(path, text.replace(SOURCE, source.replace("'", "''")) if name in WORKFLOWS else text)
        written.append(target)
    for target in written:
        print(f"已写入 {target}")
    for target in kept:
        print(f"已存在，未改动：{target}")
    if any(FILES[w] in written for w in WORKFLOWS):
        print(f"GitHub 上的自动检查和发布将安装 {source}（与本机相同）" if source else
              "本机的 nianbao 装自本机的目录，GitHub 上装不到：请在仓库 Settings → Secrets and variables → Actions → Variables "
              "中设置 NIANBAO_PIP（nianbao 的安装来源，如 git+https://…@某个版本），自动检查和发布才能运行")
    where = "" if root == Path(".") else f"cd {root} && "
    print(f"下一步：{where}nianbao lint content/reports && nianbao build content/reports --out _site"
          "（把 content/reports/example-2025.md 换成本单位的报告；详见 README.md）")
    return 0
