"""A checkup's JSON line written straight from its findings, byte for byte ``Report.model_dump_json()``.

A full report is ~140,000 characters, nearly all of it rulebook text that is the same for every
profile (titles, expected values, sources, scope, how to apply, plans). Building ~200 pydantic
models per profile and serialising all that text again is what made JSONL screening slow. Here
the constant text is serialised once per compiled set — by pydantic itself: each run of fields
that does not depend on the profile is the model's own ``model_dump_json(include=…)`` of a
template built by the same ``zhice.evaluate`` functions as a checkup's — and per profile only
the outcomes (statuses, actual values, gap texts, missing fields, next steps, scores, roadmap,
derived facts, summary) are encoded, from the :class:`~zhice.pipeline.Findings` the checkup's
Report is built from. ``tests/test_report_json.py`` checks the bytes against the Report's.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C encoder: pydantic's escapes (ensure_ascii=False)
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic_core import to_json

from zhice.evaluate import CriterionOutcome, ProgramOutcome, static_of, criterion_result, program_result
from zhice.report import ProfileInfo, Report, RoadmapStep

if TYPE_CHECKING:
    from zhice.compiler import CompiledSet
    from zhice.pipeline import Findings

__all__ = ["compact", "compact_line", "line", "value_json"]


def _other(v: Any) -> str:
    return to_json(v, inf_nan_mode="null").decode()    # a model's default (ser_json_inf_nan="null")


def _float(v: float) -> str:
    text = repr(v)
    # Python and pydantic (Rust's shortest round trip) write plain decimals alike; exponents, inf, nan differ
    return text if "e" not in text and "n" not in text else _other(v)


def _list(v: Any) -> str:
    return "[" + ",".join(map(value_json, v)) + "]"


def _strs(v: list[str]) -> str:
    """A list of strings (next steps, missing fields) as JSON."""
    if not v:
        return "[]"
    try:
        return "[" + ",".join(map(encode_basestring, v)) + "]"
    except TypeError:   # not all strings
        return _list(v)


def _dict(v: dict[Any, Any]) -> str:
    if not all(type(k) is str for k in v):
        return _other(v)
    return "{" + ",".join([encode_basestring(k) + ":" + value_json(x) for k, x in v.items()]) + "}"


_ENCODERS = {str: encode_basestring, int: lambda v: str(v) if -(2 ** 63) <= v < 2 ** 64 else _other(v),
             float: _float, bool: lambda v: "true" if v else "false", type(None): lambda v: "null",
             list: _list, tuple: _list, dict: _dict}


def value_json(v: Any) -> str:
    """``v`` as pydantic serialises a field holding it (anything else goes to pydantic)."""
    return _ENCODERS.get(type(v), _other)(v)


def _template(model: BaseModel, dynamic: tuple[str, ...]) -> list[str]:
    """``model``'s JSON cut around its ``dynamic`` fields: ``len(dynamic) + 1`` texts, text ``i``
    ending with the key of dynamic field ``i`` (the last closes the object). Each run of the other
    fields is pydantic's own serialisation of them."""
    names = list(type(model).model_fields)
    assert [n for n in names if n in dynamic] == list(dynamic), (type(model).__name__, dynamic)
    texts: list[str] = []
    text, run = "{", []
    for name in names + [None]:
        if name is not None and name not in dynamic:
            run.append(name)
            continue
        if run:
            text += ("," if text != "{" else "") + model.model_dump_json(include=set(run))[1:-1]
            run = []
        if name is None:
            texts.append(text + "}")
        else:
            texts.append(text + ("," if text != "{" else "") + json.dumps(name) + ":")
            text = ""
    return texts


_CRITERION = ("status", "actual", "gap", "next_steps", "missing_fields")
_PROGRAM = ("status", "needs_verification", "score", "score_range", "grade", "criteria", "scope", "missing_fields",
            "next_steps", "notice")
_REPORT = ("profile", "derived", "summary", "programs", "roadmap", "derived_ranges")


class _Criterion:
    """A criterion's constant text. ``opening[sep][status]`` is its text up to its actual values
    (after a comma when ``sep``), ``keys`` the keys of those values, ``texts`` the rest of the
    template, and ``plain`` the rest for an outcome with no gap, no next step and nothing missing."""

    __slots__ = ("opening", "keys", "texts", "plain")

    def __init__(self, texts: list[str], fields: list[str]):
        openings = {s: texts[0] + encode_basestring(s) + texts[1] for s in ("met", "unmet", "unknown")}
        self.opening = (openings, {s: "," + text for s, text in openings.items()})
        self.keys = [("{" if i == 0 else ",") + encode_basestring(f) + ":" for i, f in enumerate(fields)]
        self.texts = texts
        self.plain = ("{}" if not fields else "}") + texts[2] + "null" + texts[3] + "[]" + texts[4] + "[]" + texts[5]


class _Set:
    """The constant text of one compiled set: per criterion and per program."""

    def __init__(self, compiled: CompiledSet):
        static = static_of(compiled)
        # per active program: its texts, and those of its criteria and of its scope, in order
        self.programs: dict[str, tuple[list[str], list[_Criterion], list[_Criterion]]] = {}
        self.inactive: dict[str, str] = {}
        self.fragments: dict[int, tuple[CriterionOutcome, tuple[str, ...]]] = {}
        for prog in compiled.programs:
            if not prog.active:
                continue
            blank = ProgramOutcome(prog, "gap", None, None, None, [], [], [], [], False, None)
            criteria, scope = ([_Criterion(_template(criterion_result(CriterionOutcome(el, "met", (), None, [], []),
                                                                       static), _CRITERION), static.fields[el.key])
                                for el in part] for part in (prog.criteria, prog.scope))
            self.programs[prog.book.id] = (_template(program_result(blank, static), _PROGRAM), criteria, scope)
        self.static = static

    def program(self, o: ProgramOutcome, parts: list[str]) -> None:
        """Append the JSON of a program's result to ``parts``."""
        if not o.prog.active:
            # the same text for every profile (status not_applicable, the out-of-force notice)
            text = self.inactive.get(o.id)
            if text is None:
                text = self.inactive[o.id] = program_result(o, self.static).model_dump_json()
            parts.append(text)
            return
        t, criteria, scope = self.programs[o.id]
        assert len(o.criteria) == len(criteria) and len(o.scope) == len(scope), o.id
        score_range = o.score_range
        parts += (t[0], encode_basestring(o.status), t[1], "true" if o.needs_verification else "false",
                  t[2], "null" if o.score is None else _float(o.score),
                  t[3], "null" if score_range is None else _list(score_range),
                  t[4], "null" if o.grade is None else encode_basestring(o.grade), t[5], "[")
        _criteria(criteria, o.criteria, parts, self.fragments)
        parts += ("]", t[6], "[")
        _criteria(scope, o.scope, parts, self.fragments)
        parts += ("]", t[7], _strs(o.missing_fields), t[8], _strs(o.next_steps), t[9],
                  "null" if o.notice is None else encode_basestring(o.notice), t[10])


_FRAGMENTS_KEPT = 20_000


def _criteria(texts: list[_Criterion], outcomes: list[CriterionOutcome], parts: list[str],
              memo: dict[int, tuple[CriterionOutcome, tuple[str, ...]]]) -> None:
    """Append the JSON of criterion results (without their brackets) to ``parts``.

    Outcomes are shared by the profiles that give them (zhice.evaluate), so the text after each
    one's status is remembered by the outcome (kept alive by ``memo``, so its id stays its own)."""
    append = parts.append
    sep = 0
    for k, c in zip(texts, outcomes):
        append(k.opening[sep][c.status])
        sep = 1
        hit = memo.get(id(c))
        if hit is not None and hit[0] is c:
            parts += hit[1]
            continue
        pieces: list[str] = []
        for key, v in zip(k.keys, c.actual):
            pieces += (key, "null" if v is None else _ENCODERS.get(type(v), _other)(v))
        if c.gap is None and not c.next_steps and not c.missing_fields:
            pieces.append(k.plain)
        else:
            t = k.texts
            pieces += ("{}" if not k.keys else "}", t[2], "null" if c.gap is None else encode_basestring(c.gap),
                       t[3], _strs(c.next_steps), t[4], _strs(c.missing_fields), t[5])
        if len(memo) >= _FRAGMENTS_KEPT:
            memo.clear()
        memo[id(c)] = (c, tuple(pieces))
        parts += pieces


_SETS: dict[int, tuple[CompiledSet, _Set]] = {}
_HEADS: dict[tuple[str, str, str, str], list[str]] = {}
_PROFILE = _template(ProfileInfo(name="", credit_code=None, digest=""), ("name", "credit_code", "digest"))
_STEP = _template(RoadmapStep(step="", unlocks=[]), ("step", "unlocks", "kind"))


def _set(compiled: CompiledSet) -> _Set:
    hit = _SETS.get(id(compiled))
    if hit is None or hit[0] is not compiled:
        hit = _SETS[id(compiled)] = (compiled, _Set(compiled))
    return hit[1]


def line(findings: Findings, head: dict[str, Any] | None = None) -> str:
    """``findings.report().model_dump_json()``, with the keys of ``head`` first (``{"row": n, …}``)."""
    f = findings.fields
    key = (f["engine_version"], f["rulebooks_digest"], f["as_of"], f["matcher"])
    t = _HEADS.get(key)
    if t is None:
        t = _HEADS[key] = _template(Report.model_construct(engine_version=key[0], rulebooks_digest=key[1],
                                                           as_of=key[2], matcher=key[3]), _REPORT)
    cs = _set(findings.compiled)
    p = f["profile"]
    start = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + "," if head else "{"
    parts = [start + t[0][1:],
             _PROFILE[0], encode_basestring(p.name), _PROFILE[1],
             "null" if p.credit_code is None else encode_basestring(p.credit_code), _PROFILE[2],
             encode_basestring(p.digest), _PROFILE[3],
             t[1], _dict(f["derived"]), t[2], _dict(f["summary"]), t[3], "["]
    for i, o in enumerate(findings.programs):
        if i:
            parts.append(",")
        cs.program(o, parts)
    parts += ("]", t[4], "[", ",".join([_STEP[0] + encode_basestring(s["step"]) + _STEP[1] + _strs(s["unlocks"])
                                         + _STEP[2] + encode_basestring(s["kind"]) + _STEP[3] for s in f["roadmap"]]),
              "]", t[5], _dict(f["derived_ranges"]), t[6])
    return "".join(parts)


# the compact line (JSONL contract v2) has a module of its own; screening imports it from here
from zhice.report_compact import compact, compact_line  # noqa: E402
