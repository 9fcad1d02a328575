"""Cold start: a checkup imports only what it uses (pinned here), the CLI loads one command's module,
and ``import zhice`` loads its public names on first use. The timings themselves are measured by
``bench/cold.py`` (a test on this shared machine could not hold a time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "profiles" / "examples" / "micro_software_startup.yaml"

# the third-party packages a checkup may load: the floor's (pydantic, yaml, click and what they
# import), rich's cell widths for the text report, and durable-rules for the durable matcher only
ALLOWED = {"pydantic", "pydantic_core", "annotated_types", "typing_extensions", "typing_inspection", "yaml", "click",
           "rich"}
DURABLE = {"durable", "durable_rules_engine"}
# parts of rich a checkup must not load (its console and progress bars cost ~100 ms)
RICH_ALLOWED = ("rich.cells", "rich._unicode_data", "rich._extension", "rich._cell_widths")
# zhice modules no checkup needs: other commands' code, screening, the web server, JSON Schema checks
NOT_ZHICE = ("zhice.lint", "zhice.lint_sources", "zhice.verify", "zhice.bdd", "zhice.batch", "zhice.serve",
             "zhice.interview", "zhice.diff", "zhice.catalog", "zhice.whatif", "zhice.explain", "zhice.report_json",
             "zhice.renderers.html", "zhice.matchers.columnar", "zhice.schemas", "zhice.progress")

# modules a cached checkup no longer loads: pydantic's plugin discovery (it runs when pydantic
# builds a validator), tempfile (an atomic write imports it when it writes), shutil and the
# compression modules it loads (the text report reads the terminal's width itself)
NOT_LOADED = ("importlib.metadata", "pydantic.plugin._loader", "tempfile", "shutil", "bz2", "lzma")

PROBE = r"""
import json, os, runpy, sys, sysconfig
sys.argv = ["zhice", *sys.argv[1:]]
try:
    runpy.run_module("zhice", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
site = {os.path.realpath(sysconfig.get_paths()[k]) for k in ("purelib", "platlib")}
third = sorted({name.split(".")[0] for name, m in list(sys.modules.items())
                if getattr(m, "__file__", None) and any(os.path.realpath(m.__file__).startswith(s + os.sep) for s in site)
                and not name.startswith(("__editable__", "_distutils_hack"))})
def models(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from models(sub)
from pydantic import BaseModel
# zhice's pydantic models whose validator pydantic built (the profile's fast model, built from its
# own core schema, has no pydantic fields and is not counted)
built = sorted({f"{c.__module__}.{c.__qualname__}" for c in models(BaseModel) if c.__module__.startswith("zhice")
                and c.__dict__.get("__pydantic_complete__") and c.__pydantic_fields__})
print(json.dumps({"code": code, "third": third, "modules": sorted(sys.modules), "built": built}), file=sys.stderr)
"""


def _env(**extra: str) -> dict[str, str]:
    """This checkout's code in a child process, without pytest's variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return {**env, "PYTHONPATH": str(REPO / "engine"), **extra}


def _checkup(cache: Path, *args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST") and k not in ("ZHICE_NO_CACHE",
                                                                                          "ZHICE_MATCHER")}
    env["PYTHONPATH"] = str(REPO / "engine")
    env["ZHICE_CACHE_DIR"] = str(cache)
    res = subprocess.run([sys.executable, "-c", PROBE, "checkup", str(EXAMPLE), "--as-of", "2026-11-21", *args],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    probe = json.loads(res.stderr.strip().splitlines()[-1])
    assert probe["code"] == 0, res.stderr
    assert "杭州云栖智算科技有限公司" in res.stdout
    return probe


def _heavy(probe: dict, allowed: set[str]) -> list[str]:
    return sorted(set(probe["third"]) - allowed)


@pytest.mark.parametrize("matcher", ["compiled", "durable"])
def test_a_cached_checkup_imports_only_what_it_uses(tmp_path, matcher):
    _checkup(tmp_path, "--matcher", matcher)                 # fills the cache
    probe = _checkup(tmp_path, "--matcher", matcher)
    allowed = ALLOWED | (DURABLE if matcher == "durable" else set())
    assert not _heavy(probe, allowed), f"a checkup loads {_heavy(probe, allowed)}"
    mods = probe["modules"]
    assert not [m for m in mods if m.startswith("rich.") and not m.startswith(RICH_ALLOWED)], "rich beyond its cell widths"
    assert not [m for m in mods if m.startswith(NOT_ZHICE)], [m for m in mods if m.startswith(NOT_ZHICE)]
    assert not [m for m in mods if m.startswith("zhice.cli.") and m not in
                ("zhice.cli.checkup", "zhice.cli.common", "zhice.cli.options", "zhice.cli.lang")], "other commands' modules"
    if matcher == "compiled":
        assert not DURABLE & set(probe["third"])
    # a cached checkup validates only the profile (its fast model): no rulebook or report model's
    # validator or serializer is built, so pydantic never generates a schema nor looks for plugins
    assert probe["built"] == [], probe["built"]
    assert not set(NOT_LOADED) & set(mods), set(NOT_LOADED) & set(mods)


def test_a_checkup_with_an_empty_cache_loads_no_more(tmp_path):
    """Reading and validating the rulebook files needs no more: the JSON Schema checks only a broken file."""
    probe = _checkup(tmp_path, "--matcher", "compiled")
    assert list(tmp_path.glob("rulebooks-*.json")), "the entry is written"
    assert not _heavy(probe, ALLOWED), f"a checkup loads {_heavy(probe, ALLOWED)}"


def test_the_pin_sees_a_heavy_import(tmp_path):
    """The probe is not blind: a command that imports the Gherkin tools shows them."""
    env = _env()
    res = subprocess.run([sys.executable, "-c", PROBE, "verify", "--help"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300)
    probe = json.loads(res.stderr.strip().splitlines()[-1])
    assert probe["code"] == 0 and "zhice.cli.verify" in probe["modules"]
    res = subprocess.run([sys.executable, "-c", "import jsonschema\n" + PROBE, "programs", "--help"], cwd=REPO,
                         env=env, capture_output=True, text=True, timeout=300)
    assert "jsonschema" in json.loads(res.stderr.strip().splitlines()[-1])["third"]


def test_the_cli_lists_every_command_and_loads_each_on_use():
    from click.testing import CliRunner

    from zhice.cli import COMMANDS, cli

    assert sorted(cli.commands) == sorted(COMMANDS)
    r = CliRunner().invoke(cli, ["--help"])
    assert r.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in r.output, name
        assert cli.commands[name].name == name
        assert cli.get_command(None, name) is cli.commands[name]    # type: ignore[arg-type]
    assert cli.get_command(None, "nope") is None                    # type: ignore[arg-type]
    r = CliRunner().invoke(cli, ["chekup"])
    assert r.exit_code == 2 and "checkup" in r.output                # click's did-you-mean still works


def test_import_zhice_loads_public_names_on_first_use():
    code = ("import sys, zhice; before = 'zhice.pipeline' in sys.modules; e = zhice.Engine; "
            "from zhice import load_profile, Problem; print(before, e.__module__, "
            "load_profile.__module__.startswith('zhice.profile'), "
            "'zhice.pipeline' in sys.modules, sorted(zhice.__all__) == sorted(n for n in zhice.__all__ if "
            "getattr(zhice, n, None) is not None))")
    env = _env()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "zhice.pipeline", "True", "True", "True"]
    import zhice

    with pytest.raises(AttributeError):
        zhice.no_such_name  # noqa: B018
    assert "Engine" in dir(zhice)


def test_main_collects_garbage_less_often_while_it_runs_and_restores_the_thresholds(monkeypatch):
    import gc
    import io

    import zhice.cli as cli_module

    monkeypatch.setattr(sys, "stdout", io.StringIO())      # main() leaves a non-file stdout as it is
    seen = []
    monkeypatch.setattr(cli_module, "cli", lambda **kw: seen.append(gc.get_threshold()))
    before = gc.get_threshold()
    cli_module.main()
    assert seen == [cli_module.GC_THRESHOLD] and cli_module.GC_THRESHOLD[0] > before[0]
    assert gc.get_threshold() == before


def test_a_command_ends_without_the_collector_walking_what_it_made(tmp_path, monkeypatch):
    """main() freezes the objects at exit (once, however often it runs): the handlers registered
    before it still run after it, with the objects frozen; a process that goes on is left as it was."""
    import gc

    import zhice.cli as cli_module

    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0, file=sys.stderr))\n"
            "sys.argv = ['zhice', 'checkup', sys.argv[1], '--as-of', '2026-11-21', '--matcher', 'compiled']\n"
            "from zhice.cli import main\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    print('exit', exc.code, file=sys.stderr)\n")
    env = _env(ZHICE_CACHE_DIR=str(tmp_path))
    res = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=300)
    assert "杭州云栖智算科技有限公司" in res.stdout
    assert res.stderr.splitlines()[-2:] == ["exit 0", "frozen at exit: True"], res.stderr
    monkeypatch.setattr(sys, "stdout", __import__("io").StringIO())
    monkeypatch.setattr(cli_module, "cli", lambda **kw: None)
    before = gc.get_freeze_count()
    cli_module.main()
    cli_module.main()
    assert gc.get_freeze_count() == before and len(cli_module._AT_EXIT) == 1


def test_a_negated_leaf_is_what_dataclasses_replace_gives():
    """The compiler's negation copies a leaf without dataclasses.replace (zhice.ir._flipped): every
    field, whatever fields Leaf has, with only the operator flipped."""
    import dataclasses

    from zhice.ir import NEGATED_OP, Const, Leaf, Not, to_nnf

    values = {"left": "ip.invention_patents", "op": "gt", "right": Const(3), "fields": ("ip.invention_patents",),
              "ratio": ("a.b", "c.d"), "percent": 4.5, "ranged": True}
    assert set(values) == {f.name for f in dataclasses.fields(Leaf)}, "a new Leaf field: give it a value here"
    for op, negated in NEGATED_OP.items():
        leaf = Leaf(**{**values, "op": op})
        flipped = to_nnf(Not(leaf))
        assert flipped == dataclasses.replace(leaf, op=negated) and hash(flipped) == hash(dataclasses.replace(leaf, op=negated))
        assert type(flipped) is Leaf and leaf.op == op
