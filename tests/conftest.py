"""Shared fixtures: repository paths and one engine per rulebook set (compiled once)."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.metadata
import importlib.util
import os
from pathlib import Path

import pytest

# The zhice step library (zhice.bdd): loaded here unless pytest already autoloads it through the
# installed `pytest11` entry point `zhice` (loading it twice is an error).
_AUTOLOADED = not os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD") and any(
    ep.name == "zhice" for ep in importlib.metadata.entry_points(group="pytest11"))
pytest_plugins = [] if _AUTOLOADED else ["zhice.bdd"]

# the loaded-rulebooks cache (zhice.rulebook_cache) of a test run goes in a folder of its own, not the user's
os.environ.setdefault("ZHICE_CACHE_DIR", str(Path(__import__("tempfile").mkdtemp(prefix="zhice-test-cache-"))))

REPO = Path(__file__).resolve().parent.parent
RULEBOOKS = REPO / "rulebooks"
EXAMPLES = REPO / "profiles" / "examples"
AS_OF = dt.date(2026, 11, 21)
DEMO_GRANT = Path(__file__).parent / "fixtures" / "lint" / "tools" / "demo_grant.yaml"
# a profile with gaps against demo_grant (explain, whatif)
GAP_PROFILE = {
    "enterprise": {"name": "测试甲公司", "province": "浙江省", "industry": "I65", "employees": 50,
                   "revenue": 6000, "total_assets": 3000, "rd_expense": 150},
    "ip": {"invention_patents": 1},
    "ip_management": {"ip_ledger": False, "ip_staff": 0},
}


@functools.cache
def bench_module(name: str):
    """``bench/<name>.py`` (a benchmark script) as a module, loaded once."""
    spec = importlib.util.spec_from_file_location(f"zhice_bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bench_generator():
    """bench/generate.py (the seeded synthetic client portfolios) as a module, loaded once."""
    return bench_module("generate")


KILLED_AFTER_TWO_CHUNKS = """
import functools, os, signal, sys
import zhice.batch.screen as s
from zhice.cli import main

s.COLUMNAR_POOL_ROWS = 0
s.LINES_POOL_ROWS = 0

def kill(done):
    if done >= 2:
        os.kill(os.getpid(), signal.SIGKILL)
s.screen = functools.partial(s.screen, after_chunk=kill)
sys.argv = ["zhice", *sys.argv[1:]]
main()
"""


def killed_then_resumed(tmp_path: Path, args: list[str], out: Path) -> None:
    """``zhice ARGS`` killed with SIGKILL after its second chunk (the output not yet in place),
    then run again with ``--resume``, which must take the rows stored before the kill (the
    args' ``--chunk-size 60``: 120 rows) and succeed."""
    import signal
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(REPO / "engine"), "ZHICE_NO_PROGRESS": "1"}
    env.pop("ZHICE_MATCHER", None)
    with (tmp_path / "killed.log").open("w") as log:
        killed = subprocess.run([sys.executable, "-c", KILLED_AFTER_TWO_CHUNKS, *args], env=env, stdout=log,
                                stderr=subprocess.STDOUT, timeout=300)
    assert killed.returncode == -signal.SIGKILL, (tmp_path / "killed.log").read_text()
    assert not out.exists()
    resumed = subprocess.run([sys.executable, "-m", "zhice", *args, "--resume"], env=env, capture_output=True,
                             text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "续跑：120 行" in resumed.stderr


def profile_from_facts(facts: dict, name: str = "某公司"):
    """A profile of a hypothesis draw of ``{dotted path: value}`` (test_matchers_agree.profiles),
    without a credit code; ``None`` when the draw is not a valid profile."""
    from zhice.errors import ProfileError
    from zhice.profile import profile_from_data

    data: dict[str, dict] = {"enterprise": {"name": name}}
    for path, value in facts.items():
        section, field = path.split(".", 1)
        data.setdefault(section, {})[field] = value.isoformat() if isinstance(value, dt.date) else value
    data["enterprise"].pop("credit_code", None)
    try:
        return profile_from_data(data)
    except ProfileError:
        return None


def expectations(path: Path, lang: str = "zh") -> list[str]:
    """The fragments a broken-input fixture's first line ``# expect: a | b | line 3`` promises.

    Messages are Chinese first: where the English words differ, the line goes on with the English
    fragments, ``# expect: 未知字段 'x' | line 3 # en: unknown field 'x' | line 3``, which ``lang="en"``
    returns (without them, the same fragments hold in both languages)."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect:"), f"{path.name} needs a '# expect:' first line"
    zh, _, en = first.removeprefix("# expect:").partition(" # en:")
    return [f.strip() for f in (en if lang == "en" and en else zh).split("|") if f.strip()]


@pytest.fixture(params=["zh", "en"])
def lang(request):
    """Run the test once in Chinese (the default) and once in English (``--lang en``)."""
    from zhice.language import set_lang

    set_lang(request.param)
    yield request.param
    set_lang(None)


def assert_reported(text: str, lines: set[int], expected: list[str]) -> None:
    """Every expected fragment is in the report ``text``; ``line N`` must be a reported line."""
    import re

    for frag in expected:
        m = re.fullmatch(r"line (\d+)", frag)
        if m:
            assert int(m.group(1)) in lines, f"nothing reported on {frag}; lines: {sorted(lines)}\n{text}"
        else:
            assert frag in text, f"'{frag}' not in:\n{text}"


@pytest.fixture(scope="session")
def engine():
    from zhice import Engine

    return Engine(RULEBOOKS)


@pytest.fixture(scope="session")
def derivations_engine():
    from zhice import Engine

    return Engine(RULEBOOKS / "derivations")


@pytest.fixture(scope="session")
def core_rulebooks(tmp_path_factory) -> Path:
    """The shipped derivations plus the demo programs of tests/fixtures/rulebooks_core."""
    import shutil

    root = tmp_path_factory.mktemp("rulebooks_core")
    shutil.copytree(RULEBOOKS / "derivations", root / "derivations")
    shutil.copytree(Path(__file__).parent / "fixtures" / "rulebooks_core" / "demo", root / "demo")
    return root


@pytest.fixture(scope="session")
def demo_grant_rulebooks(tmp_path_factory) -> Path:
    """The shipped derivations plus the demo_grant program (explain, whatif, interview)."""
    import shutil

    root = tmp_path_factory.mktemp("demo_grant") / "rulebooks"
    shutil.copytree(RULEBOOKS / "derivations", root / "derivations")
    (root / "test").mkdir()
    shutil.copy(DEMO_GRANT, root / "test" / DEMO_GRANT.name)
    return root


@pytest.fixture(scope="session")
def core_engine(core_rulebooks):
    from zhice import Engine

    return Engine(core_rulebooks)
