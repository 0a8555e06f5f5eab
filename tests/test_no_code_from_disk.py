"""Nothing read from disk is run: no pickle, no eval or exec, no unsafe
YAML anywhere in nianbao; and a cache file planted by anyone (a pull
request can add one) is data at most, never code."""

from __future__ import annotations

import ast
import os
import pickle
from pathlib import Path

from lint_support import TOWN_2021, lint_text, text_of

PACKAGE = Path(__file__).resolve().parent.parent / "tool" / "nianbao"
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle"}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}


def _offences(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FORBIDDEN_MODULES:
            found.append(node.module or "")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
            found.append(f"{node.func.id}()")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
            "unsafe_load", "full_load"
        ):
            found.append("yaml.load")
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "load"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "yaml"
            and not any(k.arg == "Loader" and "Safe" in ast.unparse(k.value) or k.arg == "Loader" and
                        ast.unparse(k.value) in SAFE_LOADERS for k in node.keywords)
        ):
            found.append("yaml.load")
    return found


# Loaders of nianbao's own, each checked below to be a safe loader.
SAFE_LOADERS = {"_FrontMatterLoader"}


def test_our_yaml_loaders_are_safe_loaders() -> None:
    import yaml

    from nianbao.model import source

    assert issubclass(source._FrontMatterLoader, (yaml.SafeLoader, yaml.CSafeLoader))


def test_no_module_of_nianbao_can_run_what_it_reads() -> None:
    offences = {
        str(path.relative_to(PACKAGE)): bad
        for path in sorted(PACKAGE.rglob("*.py"))
        if (bad := _offences(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offences == {}


def test_the_walk_finds_what_it_looks_for() -> None:
    code = "import pickle\nfrom marshal import loads\neval('1')\nyaml.load(x)\nyaml.load(x, Loader=yaml.Loader)\ny.unsafe_load(z)"
    assert _offences(ast.parse(code)) == ["pickle", "marshal", "eval()", "yaml.load", "yaml.load", "yaml.load"]
    assert _offences(ast.parse("yaml.load(x, Loader=yaml.CSafeLoader)")) == []


class _Boom:
    def __reduce__(self) -> tuple:
        return (os.system, ("touch PWNED",))


def test_a_planted_cache_is_never_run(tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    payload = pickle.dumps(_Boom())
    for name in ("lint.json", "lint.pickle"):
        (cache / name).write_bytes(payload)
    monkeypatch.setenv("NIANBAO_CACHE", str(cache))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    result = lint_text(tmp_path / "reports", text_of(TOWN_2021))
    assert not (tmp_path / "PWNED").exists()
    assert result.findings == [] and result.errors == []


def test_a_cache_of_the_wrong_shape_is_no_cache(tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "lint.json").write_text('{"k": {"facts": {"organ": 1}, "findings": [{"rule": {"a": 1}}]}, "j": [1, 2]}',
                                     encoding="utf-8")
    monkeypatch.setenv("NIANBAO_CACHE", str(cache))
    (tmp_path / "reports").mkdir()
    result = lint_text(tmp_path / "reports", text_of(TOWN_2021))
    assert result.findings == [] and result.errors == []
