"""The generic Gherkin step library: a pytest plugin policy staff's scenarios run on.

Feature files (``features/<domain>/<program_id>.feature``, ``# language: zh-CN`` or English)
describe an enterprise, run a checkup and state what the engine must conclude. The steps are
generic — no program-specific Python — so ``zhice verify`` works on any folder of features.
Every step phrase exists in Chinese and English (features/README.md)::

    假如 一家企业的画像如下:                 Given an enterprise profile:
      | 字段 | 值 |                          | field | value |
    假如 企业画像文件 "x.yaml"              Given the enterprise profile file "x.yaml"
    而且 "ip.invention_patents" 为 "3"      And "ip.invention_patents" is "3"
    当 进行政策体检                         When the checkup runs
    当 在 "2026-11-21" 进行政策体检          When the checkup runs as of "2026-11-21"
    那么 "p" 的结论为 "符合"                 Then the status of "p" is "eligible"
    而且 "p" 的差距包含 "criterion_id"       And the gaps of "p" include "criterion_id"
    而且 "p" 的下一步包含 "文字"             And the next steps of "p" mention "text"
    而且 适用的项目包含 "p"                  And the applicable programs include "p"
    而且 适用的项目不包含 "p"                And the applicable programs do not include "p"
    那么 推导结果 "sme_size" 为 "medium"     Then the derived "sme_size" is "medium"
    那么 推导结果 "x" 约为 "6.0"             Then the derived "x" is about "6.0"

Steps are registered for every keyword (假如/当/那么/而且 are interchangeable), so a scenario
reads naturally. Anything misspelt — a field, a program id, a criterion id, a status label, a
derived fact — fails the scenario with a "did you mean"; nothing passes silently.

Options: ``--zhice-matcher durable|compiled``, ``--zhice-rulebooks DIR`` (else ``ZHICE_RULEBOOKS``,
else the shipped rulebooks), ``--zhice-as-of DATE`` (the date of an undated checkup; else today).
Fixtures a test module may override: ``zhice_matcher``, ``zhice_rulebooks``, ``zhice_as_of``.
When a :class:`Collector` is registered as a plugin (``zhice verify`` does), every scenario's
outcome and every checkup report it ran are recorded for the summary and the coverage.

The plugin is this package (the ``pytest11`` entry point ``zhice = "zhice.bdd"``), split as
pytest-bdd splits its own: options and fixtures here, ``hooks``, ``steps``, ``world`` (a
scenario's state), ``collector`` (the records ``zhice verify`` reads) and ``checks`` (feature
files themselves).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd.steps import StepNamePrefix

from zhice.bdd import steps as _steps
from zhice.bdd.checks import Unrunnable, feature_files, feature_problems
from zhice.bdd.collector import SCENARIO_KEY, WORLD_KEY, Checkup, Collector, Progress, ScenarioRecord
from zhice.bdd.hooks import (pytest_bdd_after_scenario, pytest_bdd_before_scenario, pytest_bdd_before_step,
                             pytest_bdd_step_error, pytest_bdd_step_func_lookup_error, pytest_runtest_makereport)
from zhice.bdd.steps import phrases
from zhice.bdd.world import PLACEHOLDER, ScenarioFailure, World, explain_program
from zhice.matchers import MATCHERS, default_matcher
from zhice.pipeline import default_rulebooks_dir

__all__ = [
    "Checkup",
    "Collector",
    "Progress",
    "ScenarioFailure",
    "PLACEHOLDER",
    "ScenarioRecord",
    "Unrunnable",
    "World",
    "explain_program",
    "feature_files",
    "feature_problems",
    "phrases",
    "pytest_bdd_after_scenario",
    "pytest_bdd_before_scenario",
    "pytest_bdd_before_step",
    "pytest_bdd_step_error",
    "pytest_bdd_step_func_lookup_error",
    "pytest_runtest_makereport",
]

# pytest-bdd makes each step a fixture of the module that defines it (zhice.bdd.steps); pytest
# reads a plugin's fixtures from the plugin module, which is this one: carry them here too
globals().update({name: value for name, value in vars(_steps).items()
                  if name.startswith(StepNamePrefix.step_def.value)})


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("zhice", "知策 zhice scenario steps")
    group.addoption("--zhice-matcher", choices=list(MATCHERS), default=None,
                    help="matcher for checkups in scenarios (default: durable where it runs, else compiled)")
    group.addoption("--zhice-rulebooks", default=None,
                    help="rulebooks directory (default: $ZHICE_RULEBOOKS, else the shipped rulebooks)")
    group.addoption("--zhice-as-of", default=None,
                    help="evaluation date of an undated 'When the checkup runs' (default: today)")


@pytest.fixture
def zhice_matcher(request: pytest.FixtureRequest) -> str:
    """The matcher scenarios run under; override (e.g. parametrize) in a test module."""
    return request.config.getoption("--zhice-matcher", None) or default_matcher()


@pytest.fixture
def zhice_rulebooks(request: pytest.FixtureRequest) -> Path:
    """The rulebooks directory scenarios run against."""
    return default_rulebooks_dir(request.config.getoption("--zhice-rulebooks", None))


@pytest.fixture
def zhice_as_of(request: pytest.FixtureRequest) -> str | None:
    """The evaluation date of an undated checkup step (None: today)."""
    return request.config.getoption("--zhice-as-of", None)


@pytest.fixture
def zhice_world(request: pytest.FixtureRequest, zhice_rulebooks: Path, zhice_matcher: str,
                zhice_as_of: str | None) -> World:
    """The state of one scenario."""
    world = World(rulebooks=Path(zhice_rulebooks), matcher=zhice_matcher, default_as_of=zhice_as_of,
                  config=request.config)
    scen = request.node.stash.get(SCENARIO_KEY, None)
    if scen is not None:
        world.feature_dir = Path(scen[0].filename).parent
    request.node.stash[WORLD_KEY] = world
    return world
