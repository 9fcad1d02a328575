"""The house rules of the package, pinned: read every module of ``engine/zhice`` with ``ast``
(imports inside functions and under ``TYPE_CHECKING`` count) and check

* no import cycles among zhice modules;
* only modules under ``zhice.cli`` import click;
* no module over 600 lines;
* no module imports a ``_private`` name from another zhice module (what one module uses of
  another is that module's public API);
* a plain ``import zhice`` imports neither pytest nor click, from any directory, and nothing
  installs a top-level ``engine`` package (a user's own ``engine/`` folder must not shadow zhice).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import zhice

PACKAGE = Path(zhice.__file__).resolve().parent
SOURCE_ROOT = PACKAGE.parent
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports anywhere in its file (absolute names, zhice or not)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return found


IMPORTS = {name: _imports(name, path) for name, path in MODULES.items()}


def _internal_graph() -> dict[str, set[str]]:
    return {name: {m for m in deps if m in MODULES and m != name} for name, deps in IMPORTS.items()}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_the_rules_see_the_package() -> None:
    assert "zhice" in MODULES and "zhice.pipeline" in MODULES and len(MODULES) > 30
    assert "zhice.errors" in IMPORTS["zhice.pipeline"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    cycles = import_cycles(_internal_graph())
    assert not cycles, "import cycles among zhice modules: " + "; ".join(" ↔ ".join(c) for c in cycles)


def private_imports(name: str, path: Path) -> list[str]:
    """``module._name`` for every ``_private`` name ``name`` imports from another zhice module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package.split(".")
            target = ".".join(base[: len(base) - (node.level - 1)] + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        if target not in MODULES or target == name:
            continue
        found += [f"{target}.{a.name}" for a in node.names
                  if a.name.startswith("_") and not a.name.startswith("__") and f"{target}.{a.name}" not in MODULES]
    return found


def test_the_private_name_finder_finds_one(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from zhice.rulebook import _x, load_rulebooks\n"
                     "    from zhice.errors import Problem\n", encoding="utf-8")
    assert private_imports("zhice.probe", probe) == ["zhice.rulebook._x"]


def test_no_module_imports_a_private_name_of_another() -> None:
    found = {name: names for name, path in MODULES.items() if (names := private_imports(name, path))}
    assert not found, f"private names imported from other zhice modules: {found}"


def test_only_the_cli_imports_click() -> None:
    offenders = sorted(name for name, deps in IMPORTS.items()
                       if any(d == "click" or d.startswith("click.") for d in deps)
                       and not (name == "zhice.cli" or name.startswith("zhice.cli.")))
    assert not offenders, f"modules outside zhice.cli that import click: {offenders}"


def test_no_module_is_over_600_lines() -> None:
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    big = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["PYTHONPATH"] = str(SOURCE_ROOT)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_import_zhice_imports_neither_pytest_nor_click(tmp_path: Path) -> None:
    res = _python("import json, sys, zhice; print(json.dumps(sorted(sys.modules)))", tmp_path)
    assert res.returncode == 0, res.stderr
    loaded = set(json.loads(res.stdout))
    assert "zhice" in loaded
    heavy = sorted(m for m in loaded if m.split(".")[0] in ("pytest", "_pytest", "pytest_bdd", "click"))
    assert not heavy, f"`import zhice` loads {heavy}"


def test_import_zhice_from_a_folder_with_its_own_engine_package(tmp_path: Path) -> None:
    (tmp_path / "engine").mkdir()
    (tmp_path / "engine" / "__init__.py").write_text("MINE = True\n", encoding="utf-8")
    res = _python("import engine, zhice; print(engine.MINE, zhice.Engine.__module__)", tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["True", "zhice.pipeline"]


def test_no_top_level_engine_package_is_installed(tmp_path: Path) -> None:
    site = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
    for folder in site:
        assert not (Path(folder) / "engine").exists(), f"{folder}/engine is installed"
    res = _python("import importlib.util as u; s = u.find_spec('engine'); print(s.origin if s else '')", tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "", f"a top-level `engine` is importable: {res.stdout.strip()}"


REPO = SOURCE_ROOT.parent


def test_the_readme_python_use_runs_and_loads_neither_click_nor_pytest() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("**Use it from Python**", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    assert len(block.strip().splitlines()) == 3
    probe = "\nimport sys; print(sorted(m for m in ('pytest', 'click') if m in sys.modules))\n"
    res = _python(block + probe, REPO)
    assert res.returncode == 0, res.stderr
    shown, loaded = res.stdout.strip().splitlines()
    assert shown.startswith("[(") and "eligible" in shown     # the example profile is eligible somewhere
    assert loaded == "[]"


def test_the_checkup_command_does_not_import_pytest() -> None:
    example = REPO / "profiles" / "examples" / "micro_software_startup.yaml"
    code = ("import sys\nfrom click.testing import CliRunner\nfrom zhice.cli import cli\n"
            f"r = CliRunner().invoke(cli, ['checkup', {str(example)!r}, '--matcher', 'compiled'])\n"
            "print(r.exit_code, 'pytest' in sys.modules)\n")
    res = _python(code, REPO)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["0", "False"]


def test_checkup_keeps_one_engine_per_rulebooks_folder(tmp_path: Path) -> None:
    import shutil

    from zhice.pipeline import shared_engine

    books = tmp_path / "books"
    shutil.copytree(REPO / "tests" / "fixtures" / "rulebooks_score", books)
    first = shared_engine(books)
    assert shared_engine(str(books) + "/") is first and shared_engine(tmp_path / "x" / ".." / "books") is first
    rulebook = next(books.rglob("*.yaml"))
    st = rulebook.stat()
    os.utime(rulebook, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))    # an edited rulebook: load again
    second = shared_engine(books)
    assert second is not first and shared_engine(books) is second


def test_every_package_is_installed() -> None:
    """pyproject lists the packages by hand: a new subpackage left out would be missing from an install."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    packages = {name for name, path in MODULES.items() if path.name == "__init__.py"}
    assert packages - listed == set(), f"add to [tool.setuptools] packages: {sorted(packages - listed)}"
    assert not any(name == "engine" or name.startswith("engine.") for name in listed)
