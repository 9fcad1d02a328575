"""Shared fixtures: repository paths and one engine per rulebook set (compiled once)."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
from pathlib import Path

import pytest

# The zhice step library (engine.bdd): loaded here unless pytest already autoloads it through the
# installed `pytest11` entry point `zhice` (loading it twice is an error).
_AUTOLOADED = not os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD") and any(
    ep.name == "zhice" for ep in importlib.metadata.entry_points(group="pytest11"))
pytest_plugins = [] if _AUTOLOADED else ["engine.bdd"]

REPO = Path(__file__).resolve().parent.parent
RULEBOOKS = REPO / "rulebooks"
EXAMPLES = REPO / "profiles" / "examples"
AS_OF = dt.date(2026, 11, 21)


@pytest.fixture(scope="session")
def engine():
    from engine import Engine

    return Engine(RULEBOOKS)


@pytest.fixture(scope="session")
def derivations_engine():
    from engine import Engine

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
def core_engine(core_rulebooks):
    from engine import Engine

    return Engine(core_rulebooks)
