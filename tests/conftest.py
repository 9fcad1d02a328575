"""Shared fixtures: repository paths and one engine per rulebook set (compiled once)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest_plugins = ["engine.bdd"]  # the zhice step library; drop once the pytest11 entry point is installed

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
