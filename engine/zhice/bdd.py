"""The generic Gherkin step library: a pytest plugin policy staff's scenarios run on.

Feature files (``features/<domain>/<program_id>.feature``, ``# language: zh-CN`` or English)
describe an enterprise, run a checkup and state what the engine must conclude. The steps are
generic — no program-specific Python — so ``zhice verify`` works on any folder of features.
Every step phrase exists in Chinese and English (DESIGN.md, "Gherkin")::

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
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import parsers, step
from pytest_bdd.exceptions import GherkinParseError, StepDefinitionNotFoundError

from zhice.errors import ZhiceError, did_you_mean
from zhice.matcher import MATCHERS, default_matcher
from zhice.pipeline import Engine, default_rulebooks_dir, shipped_path
from zhice.profile import FIELDS, field_suggestion, parse_value, profile_from_data, resolve_field_name
from zhice.report import CRITERION_LABELS, STATUS_LABELS, ProgramResult, Report

__all__ = [
    "Checkup",
    "Collector",
    "ScenarioFailure",
    "PLACEHOLDER",
    "ScenarioRecord",
    "World",
    "explain_program",
    "feature_files",
    "feature_problems",
    "phrases",
]

DEFAULT_NAME = "场景企业（未填写名称）"
PLACEHOLDER = "待填写"  # what `zhice verify --new` writes where a value is needed; never accepted
TABLE_HEADERS = (("字段", "值"), ("field", "value"))
UNKNOWN_TEXT = frozenset({"未知", "unknown", "none", "null", "—", "-"})
PART_LABELS = {"scope": "范围", "criteria": "条件"}


class ScenarioFailure(pytest.fail.Exception):  # type: ignore[misc,name-defined]
    """A scenario's expectation did not hold, or the scenario itself is wrong (a misspelt id…).

    The message is written for a policy officer: what was expected, what the engine said, why.
    It is pytest's own failure outcome without a Python traceback: the message is the report.
    """

    def __init__(self, message: str) -> None:
        super().__init__(msg=message, pytrace=False)


# ---------------------------------------------------------------------------------------------
# records: what verify reads back
# ---------------------------------------------------------------------------------------------

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
    caller that already loaded the rulebooks does not load them twice.
    """

    def __init__(self, engines: dict[Path, Engine] | None = None):
        self.records: list[ScenarioRecord] = []
        self.collect_errors: list[tuple[str, str]] = []
        self.engines = dict(engines or {})

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[_COLLECTOR] = self
        config.stash.setdefault(_ENGINES, {}).update(self.engines)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collect_errors.append((report.nodeid, str(report.longrepr)))


_COLLECTOR = pytest.StashKey[Collector]()
_ENGINES = pytest.StashKey[dict[Path, Engine]]()
_WORLD = pytest.StashKey["World"]()
_SCENARIO = pytest.StashKey[tuple[Any, Any]]()
_STEP = pytest.StashKey[Any]()
_FAILED_STEP = pytest.StashKey[Any]()


# ---------------------------------------------------------------------------------------------
# the scenario's state
# ---------------------------------------------------------------------------------------------

@dataclass
class World:
    """What one scenario has built so far: the profile, the last report."""

    rulebooks: Path
    matcher: str
    default_as_of: str | None
    config: pytest.Config
    feature_dir: Path | None = None
    base: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    report: Report | None = None
    stale: bool = False
    checkups: list[Checkup] = field(default_factory=list)
    current_step: Any = None                 # the step running now
    failures: list[tuple[Any, str]] = field(default_factory=list)   # (step, message) of failed expectations
    hard_failed: bool = False                # a step raised: the scenario stops there

    # -- engine --------------------------------------------------------------------------------
    def engine(self) -> Engine:
        """The session's engine for this rulebooks directory (loaded once per directory)."""
        cache = self.config.stash.setdefault(_ENGINES, {})
        key = self.rulebooks.resolve()
        if key not in cache:
            try:
                cache[key] = Engine(key)
            except ZhiceError as exc:
                raise ScenarioFailure(f"规则库无法加载（{self.rulebooks}）：\n{_indent(str(exc))}") from None
        return cache[key]

    # -- profile -------------------------------------------------------------------------------
    def set_field(self, name: str, text: str, where: str) -> None:
        """Set one field from its name (dotted path or 中文名称) and text, typed by the schema."""
        if text.strip() == PLACEHOLDER:
            raise ScenarioFailure(f"{where}：字段「{name}」的值还是「{PLACEHOLDER}」，请换成真实的值（不知道就写 未知）。")
        path = resolve_field_name(name)
        if path is None:
            hint = field_suggestion(name)
            raise ScenarioFailure(f"{where}：画像中没有字段「{name}」" + (f"，{hint}" if hint else "")
                                  + "\n  字段可写点分路径（如 ip.invention_patents）或中文名称（如 有效发明专利数）。")
        try:
            value = parse_value(path, text)
        except ValueError as exc:
            spec = FIELDS[path]
            raise ScenarioFailure(f"{where}：字段「{spec.title}」（{path}）的值「{text}」无法识别：{exc}") from None
        self.changes[path] = value
        self.origins[path] = where
        if self.report is not None:
            self.stale = True

    def profile_data(self) -> dict[str, Any]:
        """The profile as nested data: the file (if any) with the scenario's changes applied."""
        data: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in self.base.items()}
        for path, value in self.changes.items():
            section, name = path.split(".", 1)
            sec = data.setdefault(section, {})
            if value is None:
                sec.pop(name, None)
            else:
                sec[name] = value.isoformat() if isinstance(value, dt.date) else value
        ent = data.setdefault("enterprise", {})
        if not ent.get("name"):
            ent["name"] = DEFAULT_NAME
        return data

    def run_checkup(self, as_of: str | None) -> Report:
        """Validate the profile and run the checkup; remember the report."""
        day = as_of or self.default_as_of or dt.date.today().isoformat()
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            raise ScenarioFailure(f"评估日期应写成 2026-11-21 这样的格式，实际为「{day}」") from None
        try:
            profile = profile_from_data(self.profile_data())
        except ZhiceError as exc:
            lines = []
            for p in exc.problems:
                where = self.origins.get(p.path or "", "")
                lines.append(f"  {p.path or ''}：{p.message}" + (f"（{p.hint}）" if p.hint else "")
                             + (f" ← {where}" if where else ""))
            raise ScenarioFailure("企业画像无效：\n" + "\n".join(lines)) from None
        engine = self.engine()
        try:
            report = engine.checkup(profile, as_of=day, matcher=self.matcher)
        except ZhiceError as exc:
            raise ScenarioFailure(f"政策体检失败：\n{_indent(str(exc))}") from None
        self.report = report
        self.stale = False
        self.checkups.append(Checkup(report))
        return report

    # -- assertions ----------------------------------------------------------------------------
    def current(self) -> Report:
        """The report the next assertion checks."""
        if self.report is None:
            raise ScenarioFailure("还没有进行政策体检：请先写一步「当 在 \"2026-11-21\" 进行政策体检」"
                                  "（When the checkup runs as of \"2026-11-21\"）。")
        if self.stale:
            raise ScenarioFailure("体检之后画像又被修改了：请在断言之前再写一步「当 进行政策体检」。")
        return self.report

    def program(self, pid: str) -> ProgramResult:
        """A program's result by id; an unknown id fails with a "did you mean"."""
        report = self.current()
        pid = pid.strip()
        found = report.program(pid)
        if found is None:
            raise ScenarioFailure(self._unknown_program(pid, report))
        self.checkups[-1].asserted_programs.add(pid)
        return found

    def _unknown_program(self, pid: str, report: Report) -> str:
        ids = [p.id for p in report.programs]
        derivations = {b.id for b in self.engine().rulebooks.books if b.kind == "derivation"}
        if pid in derivations:
            return (f"「{pid}」是推导规则（derivation），没有结论；请用「那么 推导结果 \"{pid}\" 为 \"…\"」"
                    f"（Then the derived \"{pid}\" is \"…\"）。")
        hint = did_you_mean(pid, ids)
        return (f"规则库中没有项目「{pid}」" + (f"，{hint}" if hint else "")
                + f"\n  已有的项目：{', '.join(ids) if ids else '（无）'}")


# ---------------------------------------------------------------------------------------------
# explaining results to a person
# ---------------------------------------------------------------------------------------------

def status_text(status: str) -> str:
    return f"{STATUS_LABELS.get(status, status)}（{status}）"


def explain_program(p: ProgramResult) -> str:
    """The program's status and every scope condition and criterion outcome, in words."""
    head = f"「{p.id}」{p.title}：{status_text(p.status)}"
    if p.score is not None:
        head += f"，得分 {p.score:g}" + (f"（需 {p.pass_score:g}）" if p.pass_score is not None else "")
    elif p.score_range:
        head += f"，得分范围 {p.score_range[0]:g}–{p.score_range[1]:g}" + (
            f"（需 {p.pass_score:g}）" if p.pass_score is not None else "")
    lines = [head]
    for c in [*p.scope, *p.criteria]:
        text = f"    {PART_LABELS.get(c.part, c.part)} {c.id}（{c.title}）：{CRITERION_LABELS.get(c.status, c.status)}"
        if c.status == "unmet":
            actual = "，".join(f"{k}={_show(v)}" for k, v in c.actual.items())
            text += f" — {c.gap or '要求：' + c.expected}" + (f"〔实际：{actual}〕" if actual else "")
        elif c.status == "unknown" and c.missing_fields:
            text += "〔缺少：" + "、".join(_field_title(m) for m in c.missing_fields) + "〕"
        lines.append(text)
    if p.notice:
        lines.append(f"    说明：{p.notice}")
    return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None:
        return "未知"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _field_title(path: str) -> str:
    spec = FIELDS.get(path)
    return f"{spec.title}（{path}）" if spec else path


def _indent(text: str, pad: str = "  ") -> str:
    return "\n".join(pad + line for line in text.splitlines())


def _where(request: pytest.FixtureRequest) -> str:
    st = request.node.stash.get(_STEP, None)
    return f"第 {st.line_number} 行" if st is not None else "本步骤"


# ---------------------------------------------------------------------------------------------
# pytest options and fixtures
# ---------------------------------------------------------------------------------------------

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
    scen = request.node.stash.get(_SCENARIO, None)
    if scen is not None:
        world.feature_dir = Path(scen[0].filename).parent
    request.node.stash[_WORLD] = world
    return world


# ---------------------------------------------------------------------------------------------
# hooks: remember the scenario and step, record outcomes
# ---------------------------------------------------------------------------------------------

def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    request.node.stash[_SCENARIO] = (feature, scenario)


def pytest_bdd_before_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                           step_func: Any) -> None:
    request.node.stash[_STEP] = step
    world = request.node.stash.get(_WORLD, None)
    if world is not None:
        world.current_step = step


def _hard_failure(request: pytest.FixtureRequest, step: Any) -> None:
    world = request.node.stash.get(_WORLD, None)
    if world is not None:
        world.hard_failed = True
    if world is None or not world.failures:
        request.node.stash[_FAILED_STEP] = step


def pytest_bdd_step_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                          step_func: Any, step_func_args: Any, exception: Exception) -> None:
    _hard_failure(request, step)


def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                                      exception: Exception) -> None:
    _hard_failure(request, step)


def _soft(fn: Any) -> Any:
    """An expectation step that, when it does not hold, is noted and the scenario goes on, so one
    run reports every failing expectation of a scenario (raised together after its last step)."""

    @functools.wraps(fn)
    def check(**kwargs: Any) -> Any:
        world: World = kwargs["zhice_world"]
        try:
            return fn(**kwargs)
        except ScenarioFailure as exc:
            world.failures.append((world.current_step, str(exc)))
            return None

    return check


def failures_text(failures: Sequence[tuple[Any, str]]) -> str:
    """One message for several failed expectations: each with its step and line."""
    if len(failures) == 1:
        return failures[0][1]
    parts = [f"{len(failures)} 处期望不符："]
    for i, (st, msg) in enumerate(failures, 1):
        where = f"（第 {st.line_number} 行「{st.keyword.strip()} {st.name}」）" if st is not None else ""
        parts.append(f"{i}. {where}\n{_indent(msg, '   ')}")
    return "\n".join(parts)


def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    world = request.node.stash.get(_WORLD, None)
    if world is None or not world.failures or world.hard_failed:
        return
    request.node.stash[_FAILED_STEP] = world.failures[0][0]
    raise ScenarioFailure(failures_text(world.failures))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Turn a scenario's test report into a :class:`ScenarioRecord` for a registered Collector."""
    outcome = yield
    rep = outcome.get_result()
    collector = item.config.stash.get(_COLLECTOR, None)
    if collector is None:
        return
    if not (rep.when == "call" or (rep.when == "setup" and not rep.passed)):
        return
    template = _template_of(item)
    if template is None:
        return  # not a scenario (a plain test in the same session)
    world = item.stash.get(_WORLD, None)
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
        failed = item.stash.get(_FAILED_STEP, None)
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
        return (f"没有这样的步骤：「{text}」。步骤必须是 features/README.md 中列出的句式之一"
                f"（引号、冒号、空格要一致）。" + (f"最接近的句式：{closest}" if closest else ""))
    if exc is not None:
        return f"{type(exc).__name__}: {exc}"
    return rep.longreprtext.strip().splitlines()[-1] if rep.longreprtext else "失败（原因不明）"


def _step_lang(st: Any) -> str:
    """The language a step is written in: its keyword's (而且, 那么 …) or its text's."""
    text = f"{st.keyword}{st.name}"
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


def _skip_reason(rep: pytest.TestReport) -> str:
    lr = rep.longrepr
    if isinstance(lr, tuple) and len(lr) == 3:
        return str(lr[2])
    return str(lr) if lr else "跳过"


# ---------------------------------------------------------------------------------------------
# the steps
# ---------------------------------------------------------------------------------------------

Q = r'["“](?P<{}>[^"“”]*)["”]'  # ASCII quotes, or Chinese quotes as an input method types them

PHRASES: list[tuple[str, str, str]] = [
    # (zh, en, what it does) — for error hints, the README and `zhice verify --new`
    ("一家企业的画像如下:", "an enterprise profile:", "画像表（| 字段 | 值 |）"),
    ('企业画像文件 "…"', 'the enterprise profile file "…"', "读入画像文件"),
    ('"字段" 为 "值"', '"field" is "value"', "设置/修改一个字段（值写 未知 则清空）"),
    ("进行政策体检", "the checkup runs", "体检（日期默认今天）"),
    ('在 "日期" 进行政策体检', 'the checkup runs as of "date"', "按指定日期体检"),
    ('"项目" 的结论为 "结论"', 'the status of "program" is "status"', "断言结论"),
    ('"项目" 的差距包含 "条件id"', 'the gaps of "program" include "criterion"', "断言某条件未满足"),
    ('"项目" 的差距不包含 "条件id"', 'the gaps of "program" do not include "criterion"', "断言某条件没有未满足（满足或未知）"),
    ('"项目" 的差距说明包含 "文字"', 'the gap messages of "program" mention "text"', "断言某条差距说明中含有这段文字"),
    ('"项目" 的下一步包含 "文字"', 'the next steps of "program" mention "text"', "断言下一步"),
    ('适用的项目包含 "项目"', 'the applicable programs include "program"', "断言适用"),
    ('适用的项目不包含 "项目"', 'the applicable programs do not include "program"', "断言不适用"),
    ('推导结果 "事实" 为 "值"', 'the derived "fact" is "value"', "断言推导结果"),
    ('推导结果 "事实" 约为 "值"', 'the derived "fact" is about "value"', "断言推导结果（按写出的小数位比较）"),
]


def phrases() -> Sequence[tuple[str, str, str]]:
    """The step phrases (Chinese, English, meaning)."""
    return PHRASES


def closest_phrase(text: str, lang: str | None = None) -> str | None:
    """The known step phrase closest to ``text`` (for "undefined step" messages), among the
    phrases of ``lang`` ("zh" or "en"; by default the language ``text`` is written in)."""
    if lang is None:
        lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
    pool = [z for z, _, _ in PHRASES] if lang == "zh" else [e for _, e, _ in PHRASES]
    close = difflib.get_close_matches(text, pool, n=1, cutoff=0.3)
    return close[0] if close else None


def _re(pattern: str) -> parsers.re:
    return parsers.re(pattern)


@step(_re(r"(?:一家企业的画像如下|an enterprise profile)\s*[:：]?"))
def given_profile_table(request: pytest.FixtureRequest, zhice_world: World,
                        datatable: list[list[str]] | None = None) -> None:
    """Build the profile from a two-column table of field (dotted path or 中文名称) and value."""
    where = _where(request)
    if not datatable:
        raise ScenarioFailure(f"{where}：画像步骤下面需要一张表，第一行为 | 字段 | 值 |（或 | field | value |）。")
    header = tuple(c.strip().lower() for c in datatable[0])
    if header not in TABLE_HEADERS:
        raise ScenarioFailure(f"{where}：画像表的第一行应为 | 字段 | 值 |（或 | field | value |），"
                              f"实际为 | {' | '.join(datatable[0])} |")
    step_obj = request.node.stash.get(_STEP, None)
    first_row = (step_obj.line_number + 2) if step_obj is not None else None
    for i, row in enumerate(datatable[1:]):
        at = f"第 {first_row + i} 行" if first_row else where
        if len(row) != 2:
            raise ScenarioFailure(f"{at}：画像表每行应有两列（字段、值），实际 {len(row)} 列。")
        zhice_world.set_field(row[0], row[1], at)


@step(_re(r"(?:企业画像文件|the enterprise profile file) " + Q.format("path")))
def given_profile_file(request: pytest.FixtureRequest, zhice_world: World, path: str) -> None:
    """Load a profile file: relative to the feature file, then the current directory, then shipped."""
    from zhice.profile import load_profile

    found = _find_profile(path, zhice_world.feature_dir)
    if found is None:
        raise ScenarioFailure(f"{_where(request)}：找不到画像文件「{path}」（依次查找了：功能文件所在目录、当前目录、"
                              f"随附的 profiles/ 目录）。")
    try:
        profile = load_profile(found)
    except ZhiceError as exc:
        raise ScenarioFailure(f"{_where(request)}：画像文件「{path}」无效：\n{_indent(str(exc))}") from None
    zhice_world.base = profile.data()
    zhice_world.changes.clear()
    if zhice_world.report is not None:
        zhice_world.stale = True


def _find_profile(text: str, feature_dir: Path | None) -> Path | None:
    p = Path(text)
    if p.is_absolute():
        return p if p.is_file() else None
    shipped = shipped_path("profiles")
    candidates = [feature_dir / p] if feature_dir else []
    candidates += [Path.cwd() / p, shipped / p]
    if p.parts and p.parts[0] == "profiles":
        candidates.append(shipped.joinpath(*p.parts[1:]))
    return next((c for c in candidates if c.is_file()), None)


@step(_re(Q.format("name") + r" (?:为|is) " + Q.format("value")))
def set_field(request: pytest.FixtureRequest, zhice_world: World, name: str, value: str) -> None:
    """Set (or, with 未知, clear) one profile field."""
    zhice_world.set_field(name, value, _where(request))


@step(_re(r"(?:进行政策体检|the checkup runs)"))
def when_checkup(zhice_world: World) -> None:
    """Run the checkup as of --zhice-as-of, else today."""
    zhice_world.run_checkup(None)


@step(_re(r"(?:在 " + Q.format("day") + r" 进行政策体检|the checkup runs as of " + Q.format("day2") + ")"))
def when_checkup_as_of(zhice_world: World, day: str | None = None, day2: str | None = None) -> None:
    """Run the checkup as of a given date."""
    zhice_world.run_checkup((day or day2 or "").strip())


def status_code(label: str) -> str:
    """A status code from a Chinese label or a code; anything else fails with a "did you mean"."""
    text = label.strip()
    if text in STATUS_LABELS:
        return text
    by_label = {v: k for k, v in STATUS_LABELS.items()}
    if text in by_label:
        return by_label[text]
    pool = list(STATUS_LABELS) + list(STATUS_LABELS.values())
    hint = did_you_mean(text, pool)
    if hint is None:  # labels are two to four characters: one wrong character is already "far"
        close = difflib.get_close_matches(text, pool, n=1, cutoff=0.4)
        hint = f"您是否想写 {close[0]} (did you mean {close[0]})?" if close else None
    raise ScenarioFailure(f"不认识的结论「{label}」" + (f"，{hint}" if hint else "")
                          + "\n  可用的结论：" + "、".join(f"{v}（{k}）" for k, v in STATUS_LABELS.items()))


def _arg(zh: str | None, en: str | None) -> str:
    """A step's captured value: the zh-CN phrase's group, else the English phrase's."""
    return zh if zh is not None else en or ""


@step(_re(r"(?:" + Q.format("pid") + r" 的结论为 " + Q.format("label") + r"|the status of "
          + Q.format("pid2") + r" is " + Q.format("label2") + ")"))
@_soft
def then_status(zhice_world: World, pid: str | None = None, label: str | None = None,
                pid2: str | None = None, label2: str | None = None) -> None:
    """The program's status is the given one (Chinese label or code)."""
    expected = status_code(_arg(label, label2))
    program = zhice_world.program(_arg(pid, pid2))
    if program.status != expected:
        report = zhice_world.current()
        raise ScenarioFailure(
            f"「{program.id}」{program.title} 的结论不符\n"
            f"  期望：{status_text(expected)}\n"
            f"  引擎：{status_text(program.status)}（评估日期 {report.as_of}，匹配器 {report.matcher}）\n"
            f"  判断依据：\n{_indent(explain_program(program))}")


@step(_re(r"(?:" + Q.format("pid") + r" 的差距包含 " + Q.format("cid") + r"|the gaps of "
          + Q.format("pid2") + r" include " + Q.format("cid2") + ")"))
@_soft
def then_gap(zhice_world: World, pid: str | None = None, cid: str | None = None,
             pid2: str | None = None, cid2: str | None = None) -> None:
    """A criterion of the program is unmet (by id, or by its exact title)."""
    program, match = _criterion_of(zhice_world, _arg(pid, pid2), _arg(cid, cid2).strip())
    if match.status != "unmet":
        raise ScenarioFailure(
            f"「{program.id}」的差距中没有「{match.id}」（{match.title}）\n"
            f"  期望：未满足（存在差距）\n"
            f"  引擎：{CRITERION_LABELS.get(match.status, match.status)}\n"
            f"  判断依据：\n{_indent(explain_program(program))}")


@step(_re(r"(?:" + Q.format("pid") + r" 的差距不包含 " + Q.format("cid") + r"|the gaps of "
          + Q.format("pid2") + r" do not include " + Q.format("cid2") + ")"))
@_soft
def then_no_gap(zhice_world: World, pid: str | None = None, cid: str | None = None,
                pid2: str | None = None, cid2: str | None = None) -> None:
    """A criterion of the program is not unmet: met, or unknown (by id, or by its exact title)."""
    program, match = _criterion_of(zhice_world, _arg(pid, pid2), _arg(cid, cid2).strip())
    if match.status == "unmet":
        raise ScenarioFailure(
            f"「{program.id}」的差距中有「{match.id}」（{match.title}）：{match.gap or ''}\n"
            f"  期望：满足或未知（不是差距）\n"
            f"  判断依据：\n{_indent(explain_program(program))}")


@step(_re(r"(?:" + Q.format("pid") + r" 的差距说明包含 " + Q.format("text") + r"|the gap messages of "
          + Q.format("pid2") + r" mention " + Q.format("text2") + ")"))
@_soft
def then_gap_text(zhice_world: World, pid: str | None = None, text: str | None = None,
                  pid2: str | None = None, text2: str | None = None) -> None:
    """Some gap message of the program (an unmet criterion's or scope condition's) mentions the text."""
    program = zhice_world.program(_arg(pid, pid2))
    wanted = _arg(text, text2).strip()
    if not wanted:
        raise ScenarioFailure("差距说明要包含的文字不能为空。")
    gaps = [c.gap for c in program.criteria + program.scope if c.gap]
    if not any(wanted in g for g in gaps):
        shown = "\n".join(f"    - {g}" for g in gaps) or "    （没有差距说明）"
        raise ScenarioFailure(
            f"「{program.id}」{program.title} 的差距说明中没有提到「{wanted}」\n"
            f"  引擎给出的差距说明：\n{shown}\n"
            f"  判断依据：\n{_indent(explain_program(program))}")


def _criterion_of(zhice_world: World, pid: str, wanted: str) -> tuple[ProgramResult, Any]:
    """The program and its criterion or scope condition named by id or exact title (else fail)."""
    program = zhice_world.program(pid)
    book = zhice_world.engine().rulebooks.by_id().get(program.id)
    declared = [e.id for e in (book.scope + book.criteria)] if book is not None else []
    elements = program.criteria + program.scope
    match = next((c for c in elements if c.id == wanted), None) or next((c for c in elements if c.title == wanted), None)
    if match is None:
        if wanted in declared:
            raise ScenarioFailure(f"「{program.id}」在本次体检中没有判断条件「{wanted}」（结论 {status_text(program.status)}"
                                  + (f"；{program.notice}" if program.notice else "") + "）")
        hint = did_you_mean(wanted, declared + [c.title for c in elements])
        raise ScenarioFailure(f"「{program.id}」{program.title} 没有条件「{wanted}」" + (f"，{hint}" if hint else "")
                              + f"\n  它的条件：{', '.join(declared) or '（无）'}")
    return program, match


@step(_re(r"(?:" + Q.format("pid") + r" 的下一步包含 " + Q.format("text") + r"|the next steps of "
          + Q.format("pid2") + r" mention " + Q.format("text2") + ")"))
@_soft
def then_next_step(zhice_world: World, pid: str | None = None, text: str | None = None,
                   pid2: str | None = None, text2: str | None = None) -> None:
    """Some next step of the program mentions the text."""
    program = zhice_world.program(_arg(pid, pid2))
    wanted = _arg(text, text2).strip()
    if not wanted:
        raise ScenarioFailure("下一步要包含的文字不能为空。")
    if not any(wanted in s for s in program.next_steps):
        steps = "\n".join(f"    - {s}" for s in program.next_steps) or "    （没有下一步）"
        raise ScenarioFailure(
            f"「{program.id}」{program.title} 的下一步中没有提到「{wanted}」\n"
            f"  引擎给出的下一步：\n{steps}\n"
            f"  判断依据：\n{_indent(explain_program(program))}")


def _check_applicable(zhice_world: World, pid: str, include: bool) -> None:
    program = zhice_world.program(pid)
    applicable = [p.id for p in zhice_world.current().applicable()]
    if (program.id in applicable) != include:
        expectation = "适用（符合、存在差距或信息不足）" if include else "不适用或已获得"
        raise ScenarioFailure(
            f"「{program.id}」{program.title} 期望{expectation}，引擎的结论为 {status_text(program.status)}\n"
            f"  适用的项目：{', '.join(applicable) or '（无）'}\n"
            f"  判断依据：\n{_indent(explain_program(program))}")


@step(_re(r"(?:适用的项目包含 " + Q.format("pid") + r"|the applicable programs include " + Q.format("pid2") + ")"))
@_soft
def then_applicable(zhice_world: World, pid: str | None = None, pid2: str | None = None) -> None:
    """The program is applicable: eligible, gap or insufficient_data."""
    _check_applicable(zhice_world, _arg(pid, pid2), True)


@step(_re(r"(?:适用的项目不包含 " + Q.format("pid") + r"|the applicable programs do not include "
          + Q.format("pid2") + ")"))
@_soft
def then_not_applicable(zhice_world: World, pid: str | None = None, pid2: str | None = None) -> None:
    """The program is not applicable: not_applicable or achieved."""
    _check_applicable(zhice_world, _arg(pid, pid2), False)


def _derived(zhice_world: World, name: str) -> tuple[str, Any, dict[str, Any]]:
    """Resolve a derived fact name (or a one-output derivation id) → (fact, value, output info)."""
    report = zhice_world.current()
    name = name.strip().removeprefix("derived.")
    engine = zhice_world.engine()
    outputs = {o.fact: (b, o) for b in engine.rulebooks.books for o in b.outputs}
    fact = name
    if fact not in outputs:
        book = next((b for b in engine.rulebooks.books if b.id == name and b.kind == "derivation"), None)
        if book is not None and len(book.outputs) == 1:
            fact = book.outputs[0].fact
    if fact not in outputs:
        hint = did_you_mean(name, list(outputs))
        raise ScenarioFailure(f"没有推导结果「{name}」" + (f"，{hint}" if hint else "")
                              + f"\n  可用的推导结果：{', '.join(outputs) or '（无）'}")
    book, out = outputs[fact]
    zhice_world.checkups[-1].asserted_facts.add(fact)
    info = {"book": book.id, "type": out.type, "values": list(out.values or []), "unit": out.unit, "title": out.title}
    return fact, report.derived.get(fact), info


def _derived_context(zhice_world: World) -> str:
    report = zhice_world.current()
    inputs = zhice_world.profile_data()
    others = "，".join(f"{k}={_show(v)}" for k, v in report.derived.items())
    shown = "；".join(f"{sec}.{k}={_show(v)}" for sec, vals in inputs.items() if isinstance(vals, dict)
                     for k, v in vals.items() if not (sec == "enterprise" and k == "name"))
    return f"  画像：{shown or '（空）'}\n  全部推导结果：{others}（评估日期 {report.as_of}，匹配器 {report.matcher}）"


@step(_re(r"(?:推导结果 " + Q.format("fact") + r" 为 " + Q.format("value") + r"|the derived "
          + Q.format("fact2") + r" is " + Q.format("value2") + ")"))
@_soft
def then_derived(zhice_world: World, fact: str | None = None, value: str | None = None,
                 fact2: str | None = None, value2: str | None = None) -> None:
    """A derived fact equals the value (numbers compared as numbers; 未知 means unknown)."""
    name, actual, info = _derived(zhice_world, _arg(fact, fact2))
    text = _arg(value, value2).strip()
    if text == PLACEHOLDER:
        raise ScenarioFailure(f"推导结果「{name}」的期望值还是「{PLACEHOLDER}」，请换成真实的值。")
    if text.lower() in UNKNOWN_TEXT:
        ok, expected_text = actual is None, "未知"
    elif info["type"] == "enum" and text not in info["values"]:
        hint = did_you_mean(text, info["values"])
        raise ScenarioFailure(f"推导结果「{name}」不会取值「{text}」" + (f"，{hint}" if hint else "")
                              + f"\n  可能的取值：{', '.join(info['values'])}（或 未知）")
    elif info["type"] in ("number", "integer"):
        number = _number(text, name)
        ok, expected_text = actual is not None and math.isclose(float(actual), number, abs_tol=1e-9), text
    elif info["type"] == "boolean":
        ok, expected_text = actual is not None and bool(actual) == _bool(text, name), text
    else:
        ok, expected_text = actual is not None and str(actual) == text, text
    if not ok:
        raise ScenarioFailure(f"推导结果「{name}」（{info['title']}）不符\n  期望：{expected_text}\n"
                              f"  引擎：{_show(actual)}\n{_derived_context(zhice_world)}")


@step(_re(r"(?:推导结果 " + Q.format("fact") + r" 约为 " + Q.format("value") + r"|the derived "
          + Q.format("fact2") + r" is about " + Q.format("value2") + ")"))
@_soft
def then_derived_about(zhice_world: World, fact: str | None = None, value: str | None = None,
                       fact2: str | None = None, value2: str | None = None) -> None:
    """A numeric derived fact rounds to the value at the precision written ("6.00": within 0.005)."""
    name, actual, info = _derived(zhice_world, _arg(fact, fact2))
    text = _arg(value, value2).strip()
    if info["type"] not in ("number", "integer"):
        raise ScenarioFailure(f"推导结果「{name}」不是数值，请用「推导结果 \"{name}\" 为 \"…\"」。")
    number = _number(text, name)
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    tolerance = 0.5 * 10 ** (-decimals)
    if actual is None or abs(float(actual) - number) > tolerance + 1e-12:
        raise ScenarioFailure(f"推导结果「{name}」（{info['title']}）不符\n  期望：约 {text}（误差不超过 {tolerance:g}）\n"
                              f"  引擎：{_show(actual)}\n{_derived_context(zhice_world)}")


def _number(text: str, name: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise ScenarioFailure(f"推导结果「{name}」是数值，期望值「{text}」不是数字。") from None


def _bool(text: str, name: str) -> bool:
    low = text.lower()
    if low in ("是", "true", "yes"):
        return True
    if low in ("否", "false", "no"):
        return False
    raise ScenarioFailure(f"推导结果「{name}」是 是/否，期望值「{text}」无法识别。")


# ---------------------------------------------------------------------------------------------
# checking feature files themselves
# ---------------------------------------------------------------------------------------------

def feature_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every ``*.feature`` file under the given files and directories (resolved, sorted, unique)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*.feature") if f.is_file()))
        elif p.is_file():
            out.append(p)
    return list(dict.fromkeys(f.resolve() for f in out))


def feature_problems(path: str | Path) -> list[str]:
    """What makes a feature file unable to verify anything, in words (empty list: fine).

    A parse error; no scenario at all; two scenarios with the same name (pytest-bdd would
    silently run only the last); a scenario without steps, or without any 那么/Then step.
    """
    from pytest_bdd.gherkin_parser import get_gherkin_document
    from pytest_bdd.parser import FeatureParser

    path = Path(path).resolve()
    try:
        doc = get_gherkin_document(str(path))
        feature = FeatureParser(str(path.parent), path.name).parse()
    except GherkinParseError as exc:
        detail = exc.message.replace("Unknown parsing error:", "").replace("Parser errors:", "")
        detail = " ".join(detail.split())
        return [f"第 {exc.line} 行无法解析：{detail}（{exc.line_content.strip()}）"]
    except (OSError, UnicodeDecodeError) as exc:
        return [f"无法读取：{exc}"]
    problems: list[str] = []
    raw: list[Any] = []
    for child in doc.feature.children if doc.feature else []:
        if child.scenario:
            raw.append(child.scenario)
        elif child.rule:
            raw.extend(c.scenario for c in child.rule.children if c.scenario)
    if not raw:
        problems.append("没有任何场景（场景: / Scenario:）——空的功能文件什么也验证不了")
    seen: dict[str, int] = {}
    for sc in raw:
        if sc.name in seen:
            problems.append(f"第 {sc.location.line} 行的场景「{sc.name}」与第 {seen[sc.name]} 行的场景同名；"
                            "每个场景需要不同的名称，否则只有一个会运行")
        else:
            seen[sc.name] = sc.location.line
    for name, template in feature.scenarios.items():
        steps = template.steps
        if not steps:
            problems.append(f"第 {template.line_number} 行的场景「{name}」没有步骤")
        elif not any(s.type == "then" for s in steps):
            problems.append(f"第 {template.line_number} 行的场景「{name}」没有「那么」（Then）断言，"
                            "无法失败也就验证不了什么")
    return problems
