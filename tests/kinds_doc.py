"""docs/kinds.md, made from the check kinds themselves: each kind's
docstring and its example (a sample rule, a passing and a failing edit,
what it finds: tests/kinds/ runs each one), what it reads (its scope), its
parameters (the fields of its `Params`, with their types and defaults) and
the rules of the packaged rules.yaml that use it. tests/test_docs.py fails when the file
and the kinds drift apart; to write it again:

    python3 tests/kinds_doc.py
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import sys
import typing
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "kinds.md"
MARK = "Example::"  # where a kind's docstring turns to its example (tests/kind_examples.py)
SCOPES = {"report": "一份报告", "pair": "一份报告和同一机关上一年的报告", "findings": "一份报告已有的发现",
          "collection": "整个报告集（路径、机关、年度、slug）"}


def _type(hint: object) -> str:
    return str(hint).replace("typing.", "").replace("<class '", "").replace("'>", "")


def _default(field: dataclasses.Field[object]) -> str:
    if field.default is not dataclasses.MISSING:
        return f"`{field.default!r}`"
    if field.default_factory is not dataclasses.MISSING:
        return f"`{field.default_factory()!r}`"
    return "（必填）"


def render() -> str:
    sys.path.insert(0, str(ROOT / "tool"))
    from nianbao.lint.kinds import registry
    from nianbao.lint.rules import PACKAGED

    rules = yaml.safe_load(PACKAGED.read_text(encoding="utf-8"))["rules"]
    out = ["# 检查类型（check kinds）", "",
           "本文件由 `python3 tests/kinds_doc.py` 根据 `tool/nianbao/lint/kinds/` 中各模块的说明和参数生成，请不要手工修改；",
           "`tests/test_docs.py` 在两者不一致时失败。rules.yaml 中每条规则的 `check:` 写明一种检查类型和它的参数。", "",
           "每种类型附一个例子：`rule` 是一条规则；`passes` 和 `fails` 是对 content/reports/hongqiquxiaodianzhen-2025.md",
           "（一份没有任何问题的真实报告）的修改，改后这条规则分别不报告、报告 `says` 所列的消息；`previous` 是同一机关上一年的报告，",
           "`beside` 是报告集中的另一份报告（修改方式相同）。修改有三种：`replace`/`with` 替换一段文字，`row`/`cells` 改表格一行的数字，",
           "`section`/`with` 改写一个章节的全部内容。tests/kinds/ 逐个运行这些例子。", "",
           "This file is made from the kinds' own docstrings, examples and parameters; do not edit it by hand.", ""]
    for name, kind in registry().items():
        module = importlib.import_module(f"nianbao.lint.kinds.{name}")
        hints = typing.get_type_hints(kind.params)
        scope = kind.params.scope if isinstance(kind.params.scope, str) else "report 或 pair（视参数而定）"
        about, example = inspect.cleandoc(module.__doc__ or "").split(MARK, 1)
        out += [f"## {name}", "", about.strip(), "", f"读取：{SCOPES.get(scope, scope)}", ""]
        fields = dataclasses.fields(kind.params)
        if fields:
            out += ["| 参数 | 类型 | 默认 |", "|---|---|---|"]
            out += [f"| `{f.name}` | `{_type(hints[f.name])}` | {_default(f)} |" for f in fields]
            out.append("")
        using = [r for r in rules if r["check"]["kind"] == name]
        out += ["例：", "", "```yaml", inspect.cleandoc(example), "```", ""]
        if using:
            out += ["packaged rules: " + "、".join(f"{r['id']}（{r.get('title') or r['name']}）" for r in using), ""]
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
