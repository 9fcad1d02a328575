"""``zhice interview``: an interactive checkup in Chinese for an enterprise without a profile file.

It asks only questions whose answers can still change an outcome. After each answer the rules
are matched again; a program is *undecided* while a scope condition, its "already held"
condition or (when no criterion has failed yet) a criterion is unknown — for a checklist, while
its score range still straddles the pass mark. The next question is the unanswered profile field
read by the most undecided programs (derived facts such as the SME size count through the
fields they are computed from). Each answer is typed and validated by the profile schema
(units shown; invalid input is asked again); "不知道" or an empty answer leaves the field unknown.
At the end the report is shown and the answers can be saved as a profile YAML (atomic write).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zhice.compiler import CompiledProgram, CompiledSet
from zhice.eval import normalize
from zhice.ir import DERIVED, leaves, node_fields
from zhice.errors import ProfileError
from zhice.evaluate import missing_inputs
from zhice.matchers import Matcher
from zhice.profile import FIELDS, UNKNOWN_WORDS, Profile, parse_value, profile_from_data

__all__ = ["Interview", "nest", "question_text", "save_profile"]

NAME = "enterprise.name"
FIELD_ORDER = {p: i for i, p in enumerate(FIELDS)}
TYPE_HINT = {"boolean": "是/否", "date": "日期，如 2021-03-15", "list": "用逗号分隔，如 US, EU, JP；没有填“无”"}


def nest(answers: dict[str, Any]) -> dict[str, Any]:
    """``{dotted path: value}`` (None = unknown, left out) to nested profile data."""
    data: dict[str, Any] = {"schema_version": 1}
    for path, value in answers.items():
        if value is None:
            continue
        section, name = path.split(".", 1)
        data.setdefault(section, {})[name] = value.isoformat() if isinstance(value, dt.date) else value
    return data


@dataclass
class Interview:
    """The question chooser: which field, if answered, can still change a program's status."""

    compiled: CompiledSet
    matcher: Matcher
    programs: list[str] | None = None
    answers: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.inputs = missing_inputs(self.compiled)
        self._probes: dict[str, list[str]] = {}

    def _facts(self) -> dict[str, Any]:
        return normalize({p: v for p, v in self.answers.items() if v is not None}, self.compiled.as_of)

    def undecided(self) -> dict[str, list[str]]:
        """Undecided program id → the unanswered profile fields that can still decide it."""
        facts = self._facts()
        outcomes = self._outcomes(self.matcher.match(facts).outcomes)
        out: dict[str, list[str]] = {}
        for prog in self.compiled.programs:
            if not prog.active or (self.programs and prog.book.id not in self.programs):
                continue
            fields = self._open_fields(prog, outcomes)
            if fields:
                out[prog.book.id] = fields
        return out

    def _outcomes(self, outcomes: dict[str, bool | None]) -> dict[str, bool | None]:
        """Outcomes with "is it filled in" tests on fields not yet asked counted as unknown.

        An ``exists`` test on an unanswered field is false only because the question has not
        been asked; until it is, the element is undecided.
        """
        out = dict(outcomes)
        for prog in self.compiled.programs:
            for el in prog.scope + prog.criteria + ([prog.held] if prog.held is not None else []):
                probes = self._probes.setdefault(el.key, [lf.left for lf in leaves(el.node)
                                                          if lf.op in ("exists", "not_exists")])
                if any(p in FIELDS and p not in self.answers for p in probes):
                    out[el.key] = None
        return out

    def _open_fields(self, prog: CompiledProgram, outcomes: dict[str, bool | None]) -> list[str]:
        scope = [outcomes.get(e.key) for e in prog.scope]
        if any(v is False for v in scope):
            return []
        held = outcomes.get(prog.held.key) if prog.held is not None else False
        if held is True:
            return []
        relevant = [e for e in prog.scope if outcomes.get(e.key) is None]
        if prog.held is not None and held is None:
            relevant.append(prog.held)
        crit = [(e, outcomes.get(e.key)) for e in prog.criteria]
        if prog.book.kind == "checklist":
            weight = {e.key: (e.element.weight if e.element else 1) for e in prog.criteria}
            total = sum(weight.values()) or 1
            met = sum(weight[e.key] for e, v in crit if v is True)
            unknown = sum(weight[e.key] for e, v in crit if v is None)
            lo, hi = met / total * 100, (met + unknown) / total * 100
            pass_score = prog.book.pass_score or 0
            if not (lo >= pass_score or hi < pass_score):
                relevant += [e for e, v in crit if v is None]
        elif not any(v is False for _, v in crit):
            relevant += [e for e, v in crit if v is None]
        fields: list[str] = []
        for el in relevant:
            for f in node_fields(el.node):
                for p in (self.inputs.get(f, []) if f.startswith(DERIVED) else [f]):
                    if p in FIELDS and p not in self.answers and p not in fields:
                        fields.append(p)
        return fields

    def next_field(self) -> tuple[str, list[str]] | None:
        """The most decisive unanswered field and the programs it can decide, or None when done."""
        if NAME not in self.answers:
            return NAME, []
        votes: dict[str, list[str]] = {}
        for pid, fields in self.undecided().items():
            for f in fields:
                votes.setdefault(f, []).append(pid)
        if not votes:
            return None
        best = min(votes, key=lambda f: (-len(votes[f]), FIELD_ORDER[f]))
        return best, votes[best]

    def profile(self) -> Profile:
        return profile_from_data(nest(self.answers))


def question_text(path: str, programs: list[str], number: int) -> str:
    """The prompt for one field: title, unit or type hint, and what it decides."""
    spec = FIELDS[path]
    hint = spec.unit or TYPE_HINT.get(spec.type, "")
    if spec.type == "enum":
        hint = "可选：" + " / ".join(f"{i}) {c}" for i, c in enumerate(spec.choices, 1))
    text = f"{number}. {spec.title}"
    if hint:
        text += f"（{hint}）"
    if programs:
        shown = "、".join(programs[:4]) + ("…" if len(programs) > 4 else "")
        text += f"  [影响 {len(programs)} 个项目：{shown}]"
    if path != NAME:
        text += "  回车或“不知道”跳过"
    return text


def parse_answer(path: str, raw: str, answers: dict[str, Any]) -> Any:
    """Type one answer; raise ValueError with a readable message if the schema rejects it."""
    spec = FIELDS[path]
    raw = raw.strip()
    if spec.type == "list" and raw in ("无", "没有", "（无）"):
        return []
    if path != NAME and raw.lower() in UNKNOWN_WORDS and raw not in spec.choices:
        return None  # "不知道" leaves any field unknown, text fields included
    if spec.type == "enum" and raw.isdigit() and 1 <= int(raw) <= len(spec.choices):
        raw = spec.choices[int(raw) - 1]
    value = parse_value(path, raw)
    if path == NAME and not value:
        raise ValueError("企业名称必填 (enterprise.name is required)")
    if value is None:
        return None
    trial = dict(answers)
    trial.setdefault(NAME, "（校验）")
    trial[path] = value
    try:
        profile_from_data(nest(trial))
    except ProfileError as exc:
        mine = [p for p in exc.problems if p.path and p.path.startswith(path)] or exc.problems
        raise ValueError("; ".join(p.message + (f"（{p.hint}）" if p.hint else "") for p in mine)) from None
    return value


def save_profile(profile: Profile, output: str | Path, as_of: dt.date) -> None:
    """Write the profile as YAML atomically (temp file + rename)."""
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {k: v for k, v in profile.data().items() if v != {}}
    body = yaml.safe_dump({"schema_version": 1, **data}, allow_unicode=True, sort_keys=False)
    text = f"# 由 zhice interview 生成（{as_of.isoformat()}）；未回答的字段视为未知\n" + body
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
