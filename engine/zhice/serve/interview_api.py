"""The interview without a terminal: "given these answers, what is the next question?".

A thin, stateless adapter over :mod:`zhice.interview` — the question choice, answer typing and
the saved-YAML format are that module's, so the web page asks exactly what ``zhice interview``
asks. The client keeps the answers (``{dotted path: text}``, in the order given; an empty text,
"不知道" or null = skipped, unknown) and sends them all with every step; nothing is held on the
server between requests.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from zhice.errors import Problem, ProfileError
from zhice.language import pick
from zhice.interview import Interview, Question, parse_answer, required_field, save_profile
from zhice.pipeline import Engine
from zhice.profile import FIELDS, Profile
from zhice.values import unknown_field_message

__all__ = ["next_question", "profile_yaml", "typed_answers"]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def typed_answers(raw: dict[str, Any]) -> dict[str, Any]:
    """Type every answer as the interview does; :class:`ProfileError` lists every bad one by path."""
    answers: dict[str, Any] = {}
    problems: list[Problem] = []
    for path, text in raw.items():
        if path not in FIELDS:
            from zhice.errors import did_you_mean

            problems.append(Problem("unknown-field", unknown_field_message(path), path=f"answers.{path}",
                                    hint=did_you_mean(path, list(FIELDS))))
            continue
        if text is not None and not isinstance(text, (str, int, float, bool)):
            problems.append(Problem("invalid-value", pick("回答应为文字、数字或 是/否", "an answer is text, a number or true/false"),
                                    path=path, hint=FIELDS[path].title))
            continue
        try:
            given = "" if text is None else ("是" if text else "否") if isinstance(text, bool) else str(text)
            answers[path] = parse_answer(path, given, answers)
        except ValueError as exc:
            problems.append(Problem("invalid-value", str(exc), path=path, hint=FIELDS[path].title))
    if problems:
        raise ProfileError(problems)
    return answers


def _question(q: Question, number: int) -> dict[str, Any]:
    spec = FIELDS[q.path]
    return {**q.to_dict(), "number": number, "minimum": spec.minimum, "maximum": spec.maximum,
            "required": q.path == required_field()}


def next_question(engine: Engine, raw_answers: dict[str, Any], as_of: dt.date,
                  programs: list[str] | None = None, matcher: str | None = None) -> dict[str, Any]:
    """The next question for ``raw_answers`` (or ``None`` when no answer can change an outcome).

    Returns ``{"question": {...} | None, "done": bool, "answered": n, "answers": typed,
    "profile": nested profile data | None}``; the profile is given once a name is known.
    """
    engine.check_programs(programs)
    answers = typed_answers(raw_answers)
    iv = Interview(engine.compiled(as_of), engine.matcher(as_of, matcher), programs or None, answers)
    nxt = iv.next_question()
    asked = len(answers)
    if asked > len(FIELDS):       # as the terminal interview: never more questions than fields
        nxt = None
    profile = iv.profile().data() if required_field() in answers else None
    return {"question": _question(nxt, asked + 1) if nxt else None, "done": nxt is None,
            "answered": asked, "answers": {p: _plain(v) for p, v in answers.items()}, "profile": profile}


def profile_yaml(profile: Profile, as_of: dt.date) -> str:
    """The profile as the YAML ``zhice interview --output`` saves (same writer, same header)."""
    with tempfile.TemporaryDirectory(prefix="zhice-serve-") as tmp:
        target = Path(tmp) / "profile.yaml"
        save_profile(profile, target, as_of)
        return target.read_text(encoding="utf-8")

