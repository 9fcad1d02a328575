"""The state of one scenario (:class:`World`: its profile, its checkups), its failures, and its
results explained to a person."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from zhice.bdd.collector import ENGINES_KEY, STEP_KEY, Checkup
from zhice.errors import ZhiceError, did_you_mean
from zhice.language import pick
from zhice.pipeline import Engine
from zhice.profile import FIELDS, field_suggestion, parse_value, profile_from_data, resolve_field_name
from zhice.report import CRITERION_LABELS, STATUS_LABELS, ProgramResult, Report

__all__ = ["DEFAULT_NAME", "PLACEHOLDER", "ScenarioFailure", "World", "explain_program", "indented", "show_value",
           "status_text", "step_where"]

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
        cache = self.config.stash.setdefault(ENGINES_KEY, {})
        key = self.rulebooks.resolve()
        if key not in cache:
            try:
                cache[key] = Engine(key)
            except ZhiceError as exc:
                raise ScenarioFailure(pick(f"规则库无法加载（{self.rulebooks}）：", f"the rulebooks do not load ({self.rulebooks}):")
                                      + f"\n{indented(str(exc))}") from None
        return cache[key]

    # -- profile -------------------------------------------------------------------------------
    def set_field(self, name: str, text: str, where: str) -> None:
        """Set one field from its name (dotted path or 中文名称) and text, typed by the schema."""
        if text.strip() == PLACEHOLDER:
            raise ScenarioFailure(pick(f"{where}：字段「{name}」的值还是「{PLACEHOLDER}」，请换成真实的值（不知道就写 未知）。",
                                       f"{where}: the value of '{name}' is still '{PLACEHOLDER}': write the real value "
                                       "(unknown when it is not known)."))
        path = resolve_field_name(name)
        if path is None:
            hint = field_suggestion(name)
            raise ScenarioFailure(pick(f"{where}：画像中没有字段「{name}」", f"{where}: the profile has no field '{name}'")
                                  + (pick(f"，{hint}", f", {hint}") if hint else "")
                                  + pick("\n  字段可写点分路径（如 ip.invention_patents）或中文名称（如 有效发明专利数）。",
                                         "\n  write a field as its dotted path (ip.invention_patents) or its Chinese "
                                         "title (有效发明专利数)."))
        try:
            value = parse_value(path, text)
        except ValueError as exc:
            spec = FIELDS[path]
            raise ScenarioFailure(pick(f"{where}：字段「{spec.title}」（{path}）的值「{text}」无法识别：{exc}",
                                       f"{where}: the value '{text}' of {spec.title} ({path}) is not valid: {exc}")) from None
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
            raise ScenarioFailure(pick(f"评估日期应写成 2026-11-21 这样的格式，实际为「{day}」",
                                       f"write the checkup date like 2026-11-21, found '{day}'")) from None
        try:
            profile = profile_from_data(self.profile_data())
        except ZhiceError as exc:
            lines = []
            for p in exc.problems:
                where = self.origins.get(p.path or "", "")
                lines.append(f"  {p.path or ''}：{p.message}" + (f"（{p.hint}）" if p.hint else "")
                             + (f" ← {where}" if where else ""))
            raise ScenarioFailure(pick("企业画像无效：\n", "the profile is not valid:\n") + "\n".join(lines)) from None
        engine = self.engine()
        try:
            report = engine.checkup(profile, as_of=day, matcher=self.matcher)
        except ZhiceError as exc:
            raise ScenarioFailure(pick("政策体检失败：\n", "the checkup failed:\n") + indented(str(exc))) from None
        self.report = report
        self.stale = False
        self.checkups.append(Checkup(report))
        return report

    # -- assertions ----------------------------------------------------------------------------
    def current(self) -> Report:
        """The report the next assertion checks."""
        if self.report is None:
            raise ScenarioFailure(pick("还没有进行政策体检：请先写一步「当 在 \"2026-11-21\" 进行政策体检」"
                                       "（When the checkup runs as of \"2026-11-21\"）。",
                                       "no checkup has run yet: write a step 'When the checkup runs as of "
                                       "\"2026-11-21\"' (当 在 \"2026-11-21\" 进行政策体检) first."))
        if self.stale:
            raise ScenarioFailure(pick("体检之后画像又被修改了：请在断言之前再写一步「当 进行政策体检」。",
                                       "the profile was changed after the checkup: write 'When the checkup runs' "
                                       "again before the assertion."))
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
            return pick(f"「{pid}」是推导规则（derivation），没有结论；请用「那么 推导结果 \"{pid}\" 为 \"…\"」"
                        f"（Then the derived \"{pid}\" is \"…\"）。",
                        f"'{pid}' is a derivation: it has no status; use 'Then the derived \"{pid}\" is \"…\"'.")
        hint = did_you_mean(pid, ids)
        return (pick(f"规则库中没有项目「{pid}」", f"the rulebooks have no program '{pid}'")
                + (pick(f"，{hint}", f", {hint}") if hint else "")
                + pick("\n  已有的项目：", "\n  programs: ") + (', '.join(ids) if ids else pick("（无）", "(none)")))


def status_text(status: str) -> str:
    return f"{STATUS_LABELS.get(status, status)}（{status}）"


def explain_program(p: ProgramResult) -> str:
    """The program's status and every scope condition and criterion outcome, in words."""
    head = f"「{p.id}」{p.title}：{status_text(p.status)}"
    if p.score is not None:
        head += pick(f"，得分 {p.score:g}", f", score {p.score:g}") + (
            pick(f"（需 {p.pass_score:g}）", f" (needs {p.pass_score:g})") if p.pass_score is not None else "")
    elif p.score_range:
        head += pick(f"，得分范围 {p.score_range[0]:g}–{p.score_range[1]:g}",
                     f", score between {p.score_range[0]:g} and {p.score_range[1]:g}") + (
            pick(f"（需 {p.pass_score:g}）", f" (needs {p.pass_score:g})") if p.pass_score is not None else "")
    lines = [head]
    for c in [*p.scope, *p.criteria]:
        text = f"    {PART_LABELS.get(c.part, c.part)} {c.id}（{c.title}）：{CRITERION_LABELS.get(c.status, c.status)}"
        if c.status == "unmet":
            actual = "，".join(f"{k}={show_value(v)}" for k, v in c.actual.items())
            text += f" — {c.gap or pick('要求：', 'requires: ') + c.expected}" + (
                pick(f"〔实际：{actual}〕", f" [actual: {actual}]") if actual else "")
        elif c.status == "unknown" and c.missing_fields:
            text += pick("〔缺少：", " [missing: ") + pick("、", ", ").join(_field_title(m) for m in c.missing_fields) \
                + pick("〕", "]")
        lines.append(text)
    if p.notice:
        lines.append(pick(f"    说明：{p.notice}", f"    note: {p.notice}"))
    return "\n".join(lines)


def show_value(value: Any) -> str:
    if value is None:
        return "未知"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _field_title(path: str) -> str:
    spec = FIELDS.get(path)
    return f"{spec.title}（{path}）" if spec else path


def indented(text: str, pad: str = "  ") -> str:
    return "\n".join(pad + line for line in text.splitlines())


def step_where(request: pytest.FixtureRequest) -> str:
    st = request.node.stash.get(STEP_KEY, None)
    return (pick(f"第 {st.line_number} 行", f"line {st.line_number}") if st is not None
            else pick("本步骤", "this step"))


def soft(fn: Any) -> Any:
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
    parts = [pick(f"{len(failures)} 处期望不符：", f"{len(failures)} expectations do not hold:")]
    for i, (st, msg) in enumerate(failures, 1):
        where = (pick(f"（第 {st.line_number} 行「{st.keyword.strip()} {st.name}」）",
                      f"(line {st.line_number}: {st.keyword.strip()} {st.name})") if st is not None else "")
        parts.append(f"{i}. {where}\n{indented(msg, '   ')}")
    return "\n".join(parts)
