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

import hashlib
import json
from json.encoder import encode_basestring  # the C encoder: pydantic's escapes (ensure_ascii=False)
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel
from pydantic_core import to_json

from zhice.ir import DERIVED
from zhice.evaluate import (CriterionOutcome, ProgramOutcome, context_of, criterion_outcome, criterion_result, decide,
                             program_result, static_of)
from zhice.report import ProfileInfo, Report, RoadmapStep, roadmap_entries

if TYPE_CHECKING:
    from zhice.compiler import CompiledSet
    from zhice.eval import Facts
    from zhice.matchers.base import MatchResult
    from zhice.pipeline import Findings

__all__ = ["compact", "compact_line", "line", "fixed_gap", "step_ref", "step_refs", "value_json"]


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


# ---- the compact line (JSONL contract v2) -------------------------------------------------------

class _Light(NamedTuple):
    """What :func:`zhice.report.roadmap_entries` reads of a program: its id, status, the outcomes
    of its criteria and scope that give its steps (met ones give none) and its unmet count."""

    id: str
    status: str
    criteria: list[CriterionOutcome]
    scope: list[CriterionOutcome]
    unmet: int

    def gap_count(self) -> int:
        return self.unmet


_APPLICABLE = frozenset(("eligible", "gap", "insufficient_data"))
_COUNTED = ("eligible", "gap", "not_applicable", "insufficient_data", "achieved")


def step_ref(text: str) -> str:
    """The id under which the catalog (``zhice.catalog.program_catalog``, ``steps``) gives a
    rulebook's next-step text: a short digest of it, the same for the same text."""
    return "s" + hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()


class _Shared(NamedTuple):
    refs: dict[str, str]        # next-step text → its id (step_ref)
    fixed: frozenset[str]       # element keys whose gap text is the rulebook's fixed wording (no placeholder)


_SHARED: dict[int, tuple[CompiledSet, _Shared]] = {}


def _shared(compiled: CompiledSet) -> _Shared:
    hit = _SHARED.get(id(compiled))
    if hit is None or hit[0] is not compiled:
        texts = sorted({t for steps in static_of(compiled).steps.values() for t in steps})
        refs = {t: step_ref(t) for t in texts}
        assert len(set(refs.values())) == len(refs), "two next steps with the same id"
        fixed = frozenset(el.key for el in compiled.elements()
                          if el.element is not None and el.element.gap and "{" not in el.element.gap)
        hit = _SHARED[id(compiled)] = (compiled, _Shared(refs, fixed))
    return hit[1]


def step_refs(compiled: CompiledSet) -> dict[str, str]:
    """``{next-step text: id}`` of every next step a criterion of ``compiled`` can give."""
    return _shared(compiled).refs


def fixed_gap(compiled: CompiledSet, key: str) -> bool:
    """Whether the gap text of element ``key`` is the rulebook's fixed wording, the same for every
    client: a compact line leaves it to the catalog."""
    return key in _shared(compiled).fixed


def compact(compiled: CompiledSet, result: MatchResult, facts: Facts, verdicts: list[tuple[str, str, int]],
            profile: dict[str, Any], links: tuple[dict[tuple[str, str], str], dict[str, set[str]]],
            engine_version: str) -> tuple[dict[str, Any], dict[str, list[Any]], dict[str, list[list[Any]]]]:
    """One profile's compact result (the JSONL v2 line without ``"row"``; ``profile`` is its
    ``{"name", "credit_code", "digest"}``), its statuses ``{program: [status, unmet criteria]}``
    and its gap programs' ``[[criterion title, gap text, first next step], …]``, from its
    matcher outcomes and its ``verdicts`` (``zhice.evaluate.verdicts``: id, status, unmet count).

    Only what differs from client to client: each program's status and score and, for an
    applicable program (eligible, gap, insufficient data), the ids of its unmet and unknown
    criteria (scope conditions included), the gap text of each unmet criterion whose text
    depends on the client (its shortfall: a fixed wording is the catalog's, ``fixed_gap``) and
    the missing fields; the roadmap's steps by their catalog id (``step_refs``; a request for missing data
    names the client's fields, so it stays text). Every value is the one the full report gives
    (``tests/test_jsonl_v2.py``). A criterion's outcome (gap text, next steps, missing fields)
    is worked out only when it is not met; the report's texts for met criteria are never built.
    """
    static = static_of(compiled)
    ctx = context_of(compiled, result, facts)
    refs, fixed = _shared(compiled)
    get = result.outcomes.get
    summary = dict.fromkeys(_COUNTED, 0)
    programs: list[dict[str, Any]] = []
    light: list[_Light] = []
    statuses: dict[str, list[Any]] = {}
    gap_rows: dict[str, list[list[Any]]] = {}
    for prog, (pid, book, active, scope_keys, crit_keys, weights, held_key), (_, status, n_unmet) in zip(
            compiled.programs, static.plan, verdicts):
        if not active:
            summary["not_applicable"] += 1
            statuses[pid] = ["not_applicable", 0]
            programs.append({"id": pid, "status": "not_applicable", "score": None, "unmet": [], "unknown": [],
                             "gaps": {}, "missing_fields": []})
            light.append(_Light(pid, "not_applicable", [], [], 0))
            continue
        score = None
        if book.kind == "checklist":    # the status is the verdict's; a checklist's score is decided again
            score = decide(book, list(map(get, scope_keys)), list(map(get, crit_keys)), weights,
                           held_key is not None and get(held_key) is True)[1]
        summary[status] += 1
        statuses[pid] = [status, n_unmet]
        if status not in _APPLICABLE:
            light.append(_Light(pid, status, [], [], n_unmet))
            programs.append({"id": pid, "status": status, "score": score, "unmet": [], "unknown": [], "gaps": {},
                             "missing_fields": []})
            continue
        crit: list[CriterionOutcome] = []
        unmet: list[CriterionOutcome] = []
        unmet_ids: list[str] = []
        unknown_ids: list[str] = []
        gaps: dict[str, str | None] = {}
        for el in prog.criteria:
            t = get(el.key)
            if t is True:
                continue
            c = criterion_outcome(el, t, ctx, static)
            crit.append(c)
            cid = el.element.id                                        # type: ignore[union-attr]
            if t is False:
                unmet.append(c)
                unmet_ids.append(cid)
                if el.key not in fixed:
                    gaps[cid] = c.gap
            else:
                unknown_ids.append(cid)
        scope = []
        for el in prog.scope:
            if get(el.key) is None:
                scope.append(criterion_outcome(el, None, ctx, static))
                unknown_ids.append(el.element.id)                      # type: ignore[union-attr]
        missing = [m for c in scope for m in c.missing_fields] + [m for c in crit for m in c.missing_fields]
        light.append(_Light(pid, status, crit, scope, n_unmet))
        programs.append({"id": pid, "status": status, "score": score, "unmet": unmet_ids, "unknown": unknown_ids,
                         "gaps": gaps, "missing_fields": list(dict.fromkeys(missing)) if missing else []})
        if status == "gap":
            gap_rows[pid] = [[c.title, c.gap, c.next_steps[0] if c.next_steps else None] for c in unmet]
    roadmap = [{"step": refs.get(s["step"], s["step"]), "unlocks": s["unlocks"]}
               for s in roadmap_entries(light, *links)]
    derived = {out.fact[len(DERIVED):]: result.derived.get(out.fact) for out in compiled.outputs}
    line = {"schema_version": 2, "engine_version": engine_version, "rulebooks_digest": compiled.digest,
            "as_of": compiled.as_of.isoformat(), "profile": profile, "derived": derived, "summary": summary,
            "programs": programs, "roadmap": roadmap}
    return line, statuses, gap_rows


def compact_line(fields: dict[str, Any], head: dict[str, Any] | None = None) -> str:
    """A compact result as its JSONL line, with the keys of ``head`` first (``{"row": n, …}``)."""
    return to_json({**head, **fields} if head else fields, inf_nan_mode="null").decode()
