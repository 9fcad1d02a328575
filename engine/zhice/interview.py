"""``zhice interview``: an adaptive checkup in Chinese for an enterprise without a profile file.

It asks only questions whose answers can still change an outcome, and stops when no answer left
can change a result; which question comes next — the field expected to settle the most open
programs, gate (scope and "already held") questions first — is :mod:`zhice.interview_choice`'s,
read from the compiled condition trees and the field registry alone.

Answers are typed and validated by the profile schema (units shown, choices by their Chinese
labels, dates as Chinese spreadsheets write them: 2027/6/30, 2014-6-8, 2014.06.18, 2016年5月8日);
an answer that cannot be (R&D far above revenue, more R&D staff than employees) is confirmed
before it is kept. ``b``/上一题 goes back, ``s``/跳过/empty leaves a field unknown, ``?`` explains
the question, ``q``/退出 — and Ctrl-C — saves the answers as a profile YAML (atomic write).

:func:`next_question` is the stateless core (the web form uses it): given the answers so far, the
next :class:`Question`, or None when nothing left can change a result.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zhice.atomic import write_text
from zhice.compiler import CompiledSet
from zhice.errors import ProfileError
from zhice.interview_choice import chooser_for
from zhice.matchers import Matcher, make_matcher
from zhice.profile import FIELDS, UNKNOWN_WORDS, Profile, parse_value, profile_from_data
from zhice.values import parse_date
from zhice.wording import choice_code, choice_label, choices_text, number_text

__all__ = ["COMMANDS", "FIRST_RESULT", "Interview", "Plausibility", "Question", "command_of",
           "implausible", "nest", "next_question", "parse_answer", "parse_date_text", "question_text",
           "plausibility", "required_field", "save_profile"]

TYPE_HINT = {"boolean": "是/否", "date": "日期，如 2021-03-15 或 2021/3/15",
             "list": "用逗号分隔，如 US, EU, JP；没有填“无”"}
FIRST_RESULT = 20      # questions before a first result is shown (earlier when every outcome is decided)

# what a person types instead of an answer
COMMANDS: dict[str, frozenset[str]] = {
    "back": frozenset({"b", "back", "上一题", "返回"}),
    "skip": frozenset({"s", "skip", "跳过"}),
    "help": frozenset({"?", "？", "h", "help", "帮助"}),
    "quit": frozenset({"q", "quit", "退出", "保存退出"}),
}


def command_of(raw: str) -> str | None:
    """``back``, ``skip``, ``help`` or ``quit`` when the answer is one of those words, else None."""
    word = raw.strip().lower()
    return next((name for name, words in COMMANDS.items() if word in words), None)


def nest(answers: dict[str, Any]) -> dict[str, Any]:
    """``{dotted path: value}`` (None = unknown, left out) to nested profile data."""
    data: dict[str, Any] = {"schema_version": 1}
    for path, value in answers.items():
        if value is None:
            continue
        section, name = path.split(".", 1)
        data.setdefault(section, {})[name] = value.isoformat() if isinstance(value, dt.date) else value
    return data


@functools.cache
def required_field() -> str:
    """The field a profile cannot be without (the enterprise's name), as the profile schema says:
    the one it names missing in a profile that has only its sections."""
    sections = {"schema_version": 1}
    for _ in range(4):
        try:
            profile_from_data(sections)
        except ProfileError as exc:
            missing = [p.path for p in exc.problems if p.code == "missing-field" and p.path]
            done = [p for p in missing if p in FIELDS]
            if done:
                return done[0]
            for path in missing:                 # a whole section is missing: add it, empty
                sections = {**sections, path: {}}
            continue
        break
    raise LookupError("the profile schema requires no field")  # pragma: no cover - the schema says otherwise


# ---- choosing the next question -------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    """One question: the field, how to answer it, and the open programs it can decide."""

    path: str
    title: str
    type: str
    unit: str | None
    choices: tuple[tuple[str, str], ...]      # (code, Chinese label)
    programs: tuple[str, ...]                 # ids of the open programs this answer can decide
    weight: float                             # programs it is expected to settle + its share (interview_choice)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "title": self.title, "type": self.type, "unit": self.unit,
                "choices": [{"code": c, "label": lbl} for c, lbl in self.choices],
                "programs": list(self.programs), "weight": round(self.weight, 3)}


def _question(path: str, programs: list[str], weight: float) -> Question:
    spec = FIELDS[path]
    return Question(path, spec.title, spec.type, spec.unit, tuple((c, choice_label(path, c)) for c in spec.choices),
                    tuple(programs), weight)


@dataclass
class Interview:
    """The question chooser over one compiled rulebook set; ``answers`` holds what was answered
    (None = answered "unknown"). The choice itself is :mod:`zhice.interview_choice`'s; ``matcher``
    is kept for the callers that evaluate the final report with it."""

    compiled: CompiledSet
    matcher: Matcher
    programs: list[str] | None = None
    answers: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.chooser = chooser_for(self.compiled)

    def undecided(self) -> dict[str, list[str]]:
        """Open program id → the unanswered profile fields that can still decide it."""
        return self.chooser.undecided(self.answers, self.programs)

    def next_question(self) -> Question | None:
        """The field expected to settle the most open outcomes, or None when nothing left can change one."""
        name = required_field()
        if name not in self.answers:
            return _question(name, [], 0.0)
        choice = self.chooser.choose(self.answers, self.programs)
        if choice is None:
            return None
        return _question(choice.path, list(choice.programs), choice.settles + choice.share)

    def next_field(self) -> tuple[str, list[str]] | None:
        """:meth:`next_question` as (field, programs it can decide)."""
        q = self.next_question()
        return None if q is None else (q.path, list(q.programs))

    def profile(self) -> Profile:
        return profile_from_data(nest(self.answers))


def next_question(source: Any, answers: dict[str, Any], *, as_of: dt.date | None = None,
                  matcher: str | None = "compiled", programs: list[str] | None = None) -> Question | None:
    """The next question for ``answers`` (``{dotted path: value}``, None = answered unknown).

    ``source`` is an :class:`~zhice.pipeline.Engine` (compiled and matched for ``as_of``, today
    by default) or a :class:`~zhice.compiler.CompiledSet`. Stateless: nothing is kept between
    calls but the engine's caches.
    """
    if isinstance(source, CompiledSet):
        compiled, m = source, make_matcher(source, matcher or "compiled")
    else:
        from zhice.pipeline import parse_as_of

        day = parse_as_of(as_of)
        compiled, m = source.compiled(day), source.matcher(day, matcher)
    return Interview(compiled, m, programs, dict(answers)).next_question()


# ---- answers ----------------------------------------------------------------------------------

def parse_date_text(raw: str) -> str:
    """A date as people write it (2027/6/30, 2014-6-8, 2014.06.18, 2016年5月8日) in ISO form, read by
    the profile's own date reader; anything else is returned as given, for the schema to reject
    with its message."""
    try:
        return parse_date(raw.strip()).isoformat()
    except ValueError:
        return raw


def parse_answer(path: str, raw: str, answers: dict[str, Any]) -> Any:
    """Type one answer; raise ValueError with a readable message if the schema rejects it."""
    spec = FIELDS[path]
    raw = raw.strip()
    if spec.type == "list" and raw in ("无", "没有", "（无）"):
        return []
    if spec.type == "enum":
        if raw.isdigit() and 1 <= int(raw) <= len(spec.choices):
            raw = spec.choices[int(raw) - 1]
        else:
            raw = choice_code(path, raw) or raw
    if path != required_field() and raw.lower() in UNKNOWN_WORDS and raw not in spec.choices:
        return None  # "不知道" leaves any field unknown, text fields included
    if spec.type == "date":
        raw = parse_date_text(raw)
    try:
        value = parse_value(path, raw)
    except ValueError as exc:
        if spec.type == "enum":
            raise ValueError(f"请选择 {choices_text(path, spec.choices)}（输入序号或名称）") from None
        raise ValueError(_chinese_error(spec.type, spec.unit, raw) or str(exc)) from None
    if path == required_field() and not value:
        raise ValueError(f"{FIELDS[path].title}必填")
    if value is None:
        return None
    trial = dict(answers)
    trial.setdefault(required_field(), "（校验）")
    trial[path] = value
    try:
        profile_from_data(nest(trial))
    except ProfileError as exc:
        mine = [p for p in exc.problems if p.path and p.path.startswith(path)] or exc.problems
        raise ValueError("; ".join(_range_error(path) or (p.message + (f"（{p.hint}）" if p.hint else ""))
                                   for p in mine)) from None
    return value


def _chinese_error(ftype: str, unit: str | None, raw: str) -> str | None:
    return {"integer": f"请填整数{'（' + unit + '）' if unit else ''}，收到“{raw}”",
            "number": f"请填数字{'（' + unit + '）' if unit else ''}，收到“{raw}”",
            "boolean": f"请填“是”或“否”，收到“{raw}”",
            "date": f"请填日期，如 2021-03-15、2021/3/15 或 2021年3月15日，收到“{raw}”"}.get(ftype)


def _range_error(path: str) -> str | None:
    spec = FIELDS[path]
    if spec.minimum is None and spec.maximum is None:
        return None
    lo = number_text(spec.minimum) if spec.minimum is not None else "…"
    hi = number_text(spec.maximum) if spec.maximum is not None else "…"
    return f"{spec.title}应在 {lo}–{hi}{spec.unit or ''} 之间"


@dataclass(frozen=True)
class Plausibility:
    """An answer that cannot be (or hardly can): ``field`` above ``factor`` × ``other``."""

    field: str
    other: str
    factor: float


PLAUSIBILITY_FILE = Path("_meta") / "plausibility.yml"


@functools.cache
def plausibility(path: Path | None = None) -> tuple[Plausibility, ...]:
    """The pairs of numeric profile fields whose ratio is bounded by what the fields mean, from
    ``path`` (default: the shipped ``rulebooks/_meta/plausibility.yml``); a pair naming a field the
    profile does not have, or one that is not a number, is a :class:`~zhice.errors.RulebookError`."""
    from zhice.errors import Problem, RulebookError
    from zhice.pipeline import shipped_path
    from zhice.yamlio import load_file

    path = path or shipped_path("rulebooks") / PLAUSIBILITY_FILE
    loaded = load_file(path)
    problems = list(loaded.problems)
    out: list[Plausibility] = []
    items = loaded.data.get("pairs") if isinstance(loaded.data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else [None]):
        a, b = (item.get(k) if isinstance(item, dict) else None for k in ("field", "other"))
        factor = item.get("factor") if isinstance(item, dict) else None
        if not (a in FIELDS and b in FIELDS and FIELDS[a].numeric and FIELDS[b].numeric
                and isinstance(factor, (int, float)) and not isinstance(factor, bool) and factor > 0):
            problems.append(Problem("bad-plausibility-file", "each pair needs {field, other, factor}: two numeric "
                                    "profile fields and a positive factor", str(path), loaded.line_of(f"pairs.{i}"),
                                    f"pairs.{i}"))
            continue
        out.append(Plausibility(a, b, float(factor)))
    if problems:
        raise RulebookError(problems)
    return tuple(out)


def implausible(path: str, value: Any, answers: dict[str, Any]) -> str | None:
    """A question asking to confirm ``value`` of ``path`` when it cannot well be, else None."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    for rule in plausibility():
        if path not in (rule.field, rule.other):
            continue
        a = value if path == rule.field else answers.get(rule.field)
        b = value if path == rule.other else answers.get(rule.other)
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or a <= b * rule.factor:
            continue
        fa, fb = FIELDS[rule.field], FIELDS[rule.other]
        times = f"，是后者的 {a / b:,.0f} 倍" if b > 0 and a / b >= 2 else ""
        return (f"{fa.title} {number_text(a)}{fa.unit or ''} 高于{fb.title} {number_text(b)}{fb.unit or ''}{times}，"
                "确认无误吗？（是/否）")
    return None


def question_text(path: str, programs: list[str], number: int, titles: dict[str, str] | None = None) -> str:
    """The prompt for one field: title, unit, type or choices, and what it decides."""
    spec = FIELDS[path]
    hint = spec.unit or TYPE_HINT.get(spec.type, "")
    if spec.type == "enum":
        hint = "可选：" + choices_text(path, spec.choices)
    text = f"{number}. {spec.title}"
    if hint:
        text += f"（{hint}）"
    if len(programs) == 1:
        text += f" · 影响：{(titles or {}).get(programs[0], programs[0])}"
    elif programs:
        text += f" · 影响 {len(programs)} 个项目"       # which: ? shows them
    if path != required_field():
        text += " · 回车或“不知道”跳过，? 帮助"
    return text


def help_text(q: Question, titles: dict[str, str]) -> str:
    """What ``?`` shows: the field, how to answer, which programs it decides, the commands."""
    lines = [f"   {q.title}（字段 {q.path}）"]
    if q.choices:
        lines.append("   可选：" + "；".join(f"{i}) {label}" for i, (_, label) in enumerate(q.choices, 1)))
    elif q.type in TYPE_HINT or q.unit:
        lines.append("   填写：" + (q.unit or TYPE_HINT[q.type]) + ("（金额单位万元）" if q.unit == "万元" else ""))
    if q.programs:
        lines.append("   它能决定：" + "、".join(titles.get(p, p) for p in q.programs))
    lines.append("   输入 b 或“上一题”返回上一题；s、“跳过”或回车跳过（视为未知）；q 或“退出”保存已答内容并退出。")
    return "\n".join(lines)


def default_output(now: Callable[[], dt.datetime] = dt.datetime.now) -> Path:
    """Where quitting saves the answers when no ``--output`` was given: a new file here."""
    return Path(f"zhice-interview-{now().strftime('%Y%m%d-%H%M%S')}.yaml")


def save_profile(profile: Profile, output: str | Path, as_of: dt.date) -> None:
    """Write the profile as YAML atomically (temp file + rename)."""
    data = {k: v for k, v in profile.data().items() if v != {}}
    body = yaml.safe_dump({"schema_version": 1, **data}, allow_unicode=True, sort_keys=False)
    text = f"# 由 zhice interview 生成（{as_of.isoformat()}）；未回答的字段视为未知\n" + body
    write_text(Path(output), text)
