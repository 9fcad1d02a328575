"""What ``zhice verify`` reads back: a record per scenario (and the checkups it ran), gathered
by a :class:`Collector` registered as a pytest plugin; the stash keys the plugin's parts share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pytest

from zhice.pipeline import Engine
from zhice.report import Report

__all__ = ["COLLECTOR_KEY", "ENGINES_KEY", "FAILED_STEP_KEY", "SCENARIO_KEY", "STEP_KEY", "WORLD_KEY", "Checkup",
           "Collector", "Progress", "ScenarioRecord"]


class Progress(Protocol):
    """What a :class:`Collector` tells as scenarios run (:class:`zhice.progress.ScreenProgress` is one)."""

    def start(self, total: int, resumed: int = 0) -> None: ...

    def update(self, done: int, errors: int = 0) -> None: ...


@dataclass
class Checkup:
    """One checkup a scenario ran, and what the scenario asserted about its report."""

    report: Report
    asserted_programs: set[str] = field(default_factory=set)
    asserted_facts: set[str] = field(default_factory=set)


@dataclass
class ScenarioRecord:
    """The outcome of one scenario (one example row of an outline, under one matcher)."""

    nodeid: str
    feature_file: str
    feature_name: str
    scenario_name: str
    line: int | None
    example: dict[str, str]
    matcher: str | None
    outcome: str                      # passed | failed | skipped
    step: str | None = None           # the step that failed, as written
    step_line: int | None = None
    message: str | None = None
    checkups: list[Checkup] = field(default_factory=list)

    @property
    def title(self) -> str:
        if not self.example:
            return self.scenario_name
        args = "，".join(f"{k}={v}" for k, v in self.example.items())
        return f"{self.scenario_name}（例子：{args}）"


class Collector:
    """Register as a pytest plugin to receive a :class:`ScenarioRecord` per scenario run.

    ``engines`` pre-seeds the per-session engine cache ({resolved rulebooks dir: Engine}), so a
    caller that already loaded the rulebooks does not load them twice. ``progress`` hears the
    number of scenarios once collected, then the scenarios done and failed after each one.
    """

    def __init__(self, engines: dict[Path, Engine] | None = None, progress: Progress | None = None):
        self.records: list[ScenarioRecord] = []
        self.collect_errors: list[tuple[str, str]] = []
        self.engines = dict(engines or {})
        self.progress = progress
        self._done = 0
        self._failed: set[str] = set()

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[COLLECTOR_KEY] = self
        config.stash.setdefault(ENGINES_KEY, {}).update(self.engines)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collect_errors.append((report.nodeid, str(report.longrepr)))

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if self.progress is not None:
            self.progress.start(len(session.items))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self._failed.add(report.nodeid)

    def pytest_runtest_logfinish(self, nodeid: str, location: tuple[str, int | None, str]) -> None:
        self._done += 1
        if self.progress is not None:
            self.progress.update(self._done, len(self._failed))


COLLECTOR_KEY = pytest.StashKey[Collector]()
ENGINES_KEY = pytest.StashKey[dict[Path, Engine]]()
WORLD_KEY = pytest.StashKey[Any]()  # the scenario's World (zhice.bdd.world)
SCENARIO_KEY = pytest.StashKey[tuple[Any, Any]]()
STEP_KEY = pytest.StashKey[Any]()
FAILED_STEP_KEY = pytest.StashKey[Any]()
