"""The plugin's hooks: remember each scenario and step, and record outcomes for a Collector."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd.exceptions import StepDefinitionNotFoundError

from zhice.language import pick, written_in
from zhice.bdd.collector import COLLECTOR_KEY, FAILED_STEP_KEY, SCENARIO_KEY, STEP_KEY, WORLD_KEY, ScenarioRecord
from zhice.bdd.steps import closest_phrase
from zhice.bdd.world import ScenarioFailure, failures_text

__all__ = ["pytest_bdd_after_scenario", "pytest_bdd_before_scenario", "pytest_bdd_before_step",
           "pytest_bdd_step_error", "pytest_bdd_step_func_lookup_error", "pytest_runtest_makereport"]


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    request.node.stash[SCENARIO_KEY] = (feature, scenario)


def pytest_bdd_before_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                           step_func: Any) -> None:
    request.node.stash[STEP_KEY] = step
    world = request.node.stash.get(WORLD_KEY, None)
    if world is not None:
        world.current_step = step


def _hard_failure(request: pytest.FixtureRequest, step: Any) -> None:
    world = request.node.stash.get(WORLD_KEY, None)
    if world is not None:
        world.hard_failed = True
    if world is None or not world.failures:
        request.node.stash[FAILED_STEP_KEY] = step


def pytest_bdd_step_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                          step_func: Any, step_func_args: Any, exception: Exception) -> None:
    _hard_failure(request, step)


def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                                      exception: Exception) -> None:
    _hard_failure(request, step)


def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """The expectations that did not hold (``zhice.bdd.world.soft``), all in one failure."""
    world = request.node.stash.get(WORLD_KEY, None)
    if world is None or not world.failures or world.hard_failed:
        return
    request.node.stash[FAILED_STEP_KEY] = world.failures[0][0]
    raise ScenarioFailure(failures_text(world.failures))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Turn a scenario's test report into a :class:`ScenarioRecord` for a registered Collector."""
    outcome = yield
    rep = outcome.get_result()
    collector = item.config.stash.get(COLLECTOR_KEY, None)
    if collector is None:
        return
    if not (rep.when == "call" or (rep.when == "setup" and not rep.passed)):
        return
    template = _template_of(item)
    if template is None:
        return  # not a scenario (a plain test in the same session)
    world = item.stash.get(WORLD_KEY, None)
    example: dict[str, str] = {}
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        example = dict(callspec.params.get("_pytest_bdd_example", {}) or {})
    matcher = world.matcher if world else (callspec.params.get("zhice_matcher") if callspec else None)
    record = ScenarioRecord(nodeid=item.nodeid, feature_file=template.feature.filename,
                            feature_name=template.feature.name, scenario_name=template.name,
                            line=template.line_number, example=example, matcher=matcher,
                            outcome="passed" if rep.passed else ("skipped" if rep.skipped else "failed"),
                            checkups=world.checkups if world else [])
    if rep.failed:
        failed = item.stash.get(FAILED_STEP_KEY, None)
        if failed is not None:
            record.step = f"{failed.keyword.strip()} {failed.name}"
            record.step_line = failed.line_number
        record.message = _failure_message(call, rep, failed)
        if world is not None and world.failures and world.hard_failed:
            record.message = failures_text([*world.failures, (failed, record.message)])
    elif rep.skipped:
        record.message = _skip_reason(rep)
    collector.records.append(record)


def _template_of(item: pytest.Item) -> Any:
    try:
        from pytest_bdd.scenario import scenario_wrapper_template_registry
    except ImportError:  # pragma: no cover - pytest-bdd internals moved
        return None
    fn = getattr(item, "obj", None)
    if fn is None:
        return None
    try:
        return scenario_wrapper_template_registry.get(fn)
    except TypeError:
        return None


def _failure_message(call: pytest.CallInfo[None], rep: pytest.TestReport, failed_step: Any) -> str:
    exc = call.excinfo.value if call.excinfo is not None else None
    if isinstance(exc, ScenarioFailure):
        return str(exc)
    if isinstance(exc, StepDefinitionNotFoundError):
        text = f"{failed_step.keyword.strip()} {failed_step.name}" if failed_step is not None else str(exc)
        closest = closest_phrase(failed_step.name if failed_step is not None else "",
                                 _step_lang(failed_step) if failed_step is not None else None)
        return (pick(f"没有这样的步骤：「{text}」。步骤必须是 features/README.md 中列出的句式之一"
                     "（引号、冒号、空格要一致）。",
                     f"no such step: '{text}'. A step must be one of the phrases listed in features/README.md "
                     "(quotes, colons and spaces as there). ")
                + (pick(f"最接近的句式：{closest}", f"closest phrase: {closest}") if closest else ""))
    if exc is not None:
        return f"{type(exc).__name__}: {exc}"
    return rep.longreprtext.strip().splitlines()[-1] if rep.longreprtext else pick("失败（原因不明）", "failed (no reason given)")


def _step_lang(st: Any) -> str:
    """The language a step is written in: its keyword's (而且, 那么 …) or its text's."""
    return written_in(f"{st.keyword}{st.name}")


def _skip_reason(rep: pytest.TestReport) -> str:
    lr = rep.longrepr
    if isinstance(lr, tuple) and len(lr) == 3:
        return str(lr[2])
    return str(lr) if lr else pick("跳过", "skipped")
