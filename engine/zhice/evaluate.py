"""Turn matcher outcomes into program results: statuses, gaps with their size, next steps.

Status precedence: a scope condition false → ``not_applicable``; already held →
``achieved``; any criterion unmet → ``gap``; any unknown → ``insufficient_data``; else
``eligible``. A checklist is judged by its score against ``pass_score`` (with unknown items the
score is a range). Every gap names its shortfall, computed from the first unmet comparison.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Callable, Collection, Sequence
from typing import Any, NamedTuple

from zhice import scoring
from zhice.compiler import CompiledElement, CompiledProgram, CompiledSet
from zhice.describe import OP_SYMBOL, Context, describe, fill, first_failing, format_value, gap_sizes
from zhice.eval import Facts, node_fn, operand_fields
from zhice.ir import AS_OF, DERIVED, Leaf, leaves, node_fields
from zhice.matchers.base import MatchResult
from zhice.model_data import json_data
from zhice.report import CriterionResult, ProgramResult
from zhice.rulebook import Step
from zhice.wording import message

__all__ = ["CriterionOutcome", "ProgramOutcome", "Static", "context_of", "criterion_outcome", "criterion_result",
           "decide", "describe", "format_value", "outcomes", "program_result", "program_results", "static_of",
           "unmet_details", "verdicts"]


def _step_text(step: Any) -> str:
    return step.text if isinstance(step, Step) else str(step)


def missing_inputs(compiled: CompiledSet) -> dict[str, list[str]]:
    """For each derived fact, the profile fields it is computed from (transitively)."""
    out: dict[str, list[str]] = {}
    for o in compiled.outputs:
        fields: list[str] = []
        if o.cases is not None:
            for _, node in o.cases:
                fields += node_fields(node)
        elif o.compute is not None:
            fields += operand_fields(o.compute)
        flat: list[str] = []
        for f in fields:
            flat += out.get(f, [f]) if f.startswith(DERIVED) else [f]
        out[o.fact] = list(dict.fromkeys(flat))
    return out


class Static:
    """What does not depend on the profile, computed once per compiled set."""

    def __init__(self, compiled: CompiledSet):
        self.specs: dict[str, tuple[Any, str, str | None, str | None]] = {}
        self.fns: dict[tuple[Callable[[Any], Any], int], Callable[[Facts], Any]] = {}
        ctx = Context(compiled, {}, self.specs, self.fns)
        self.inputs = missing_inputs(compiled)
        self.titles = {p.book.id: p.book.title.zh for p in compiled.programs}
        self.fields: dict[str, list[str]] = {}
        self.types: dict[str, str | None] = {}
        self.expected: dict[str, str] = {}
        self.leaf_fns: dict[str, list[tuple[Leaf, Callable[[Facts], bool | None]]]] = {}
        self.dated: set[str] = set()        # elements that read a date field (shown as ISO dates)
        self.steps: dict[str, list[str]] = {}   # an unmet criterion's next steps
        # every fact a criterion's outcome can depend on: its fields (score bands included), the
        # ranges of its derived facts and the inputs they are derived from, the as-of date; and the
        # outcomes already worked out (criterion_outcome)
        self.reads: dict[str, tuple[list[str], tuple[Any, ...]]] = {}
        self.outcomes: dict[tuple[str, bool | None, bytes], CriterionOutcome] = {}
        for el in compiled.elements():
            self.fields[el.key] = node_fields(el.node)
            derived = [f for f in self.fields[el.key] if f.startswith(DERIVED)]
            reads = list(dict.fromkeys(self.fields[el.key] + [AS_OF] + [scoring.range_key(f) for f in derived]
                                       + [i for f in derived for i in self.inputs.get(f, [])]))
            self.reads[el.key] = (reads, (_ABSENT,) * len(reads))
            self.leaf_fns[el.key] = [(leaf, node_fn(leaf)) for leaf in leaves(el.node)]
            for f in self.fields[el.key]:
                self.types[f] = ctx.ftype(f)
                if self.types[f] == "date":
                    self.dated.add(el.key)
            if el.element is not None:
                e = el.element
                self.expected[el.key] = e.expected or describe(el.node, ctx)
                self.steps[el.key] = [_step_text(s) for s in e.next_steps]
                if not self.steps[el.key] and e.prerequisite:
                    self.steps[el.key] = [f"先取得「{self.titles.get(e.prerequisite, e.prerequisite)}」"]
        # per program, what a verdict reads: (id, book, active, scope keys, criterion keys, weights, held key)
        self.plan = [(p.book.id, p.book, p.active, [e.key for e in p.scope], [e.key for e in p.criteria],
                      [(e.element.weight if e.element is not None else None) or 1 for e in p.criteria],
                      p.held.key if p.held is not None else None) for p in compiled.programs]
        self.weights = {pid: weights for pid, _, _, _, _, weights, _ in self.plan}
        # the parts of a program result that do not depend on the profile (shared, read-only)
        self.base: dict[str, dict[str, Any]] = {}
        for prog in compiled.programs:
            book = prog.book
            self.base[book.id] = dict(
                id=book.id, title=book.title.zh, title_en=book.title.en, kind=book.kind, domain=book.domain,
                authority=book.authority, confidence=prog.confidence, pass_score=book.pass_score,
                sources=[json_data(s, exclude_none=True) for s in book.sources],
                plan=[json_data(p) for p in book.plan],
                effective=json_data(book.effective, by_alias=True, exclude_none=True),
                last_reviewed=book.last_reviewed.isoformat(),
                how_to_apply=[_step_text(s) for s in book.how_to_apply])


_STATIC: dict[int, tuple[CompiledSet, Static]] = {}


def static_of(compiled: CompiledSet) -> Static:
    """The :class:`Static` part of describing outcomes for ``compiled`` (computed once per set)."""
    hit = _STATIC.get(id(compiled))
    if hit is None or hit[0] is not compiled:
        hit = (compiled, Static(compiled))
        _STATIC[id(compiled)] = hit
    return hit[1]


def _unmet(el: CompiledElement, ctx: Context, static: Static) -> tuple[str, list[str]]:
    """An unmet criterion's gap text (with its shortfall) and next steps."""
    assert el.element is not None
    e = el.element
    expected = static.expected[el.key]
    leaf = first_failing(static.leaf_fns[el.key], ctx.facts, ctx)
    values = gap_sizes(leaf, ctx) if leaf else {"actual": "—", "required": expected}
    values["title"] = e.title
    if e.gap:
        gap = fill(e.gap, values)
    elif leaf is not None and "shortfall" in values and leaf.op in ("gte", "gt"):
        gap = f"{e.title}：当前 {values['actual']}，还差 {values['shortfall']}（需 {OP_SYMBOL[leaf.op]} {values['required']}）"
    else:
        gap = f"{e.title}：未满足（要求：{expected}）"
    return gap, list(static.steps[el.key])


class CriterionOutcome(NamedTuple):
    """One criterion's outcome for one profile: the part of a :class:`CriterionResult` that depends
    on the profile (the rest is the rulebook's text). ``actual`` holds the values of the
    criterion's fields, in the order of ``Static.fields``."""

    el: CompiledElement
    status: str
    actual: tuple[Any, ...]
    gap: str | None
    next_steps: list[str]
    missing_fields: list[str]

    @property
    def title(self) -> str:
        assert self.el.element is not None
        return self.el.element.title


class ProgramOutcome(NamedTuple):
    """One program's outcome for one profile: what :func:`program_result` makes a ProgramResult of,
    and what the direct JSON line (``zhice.report_json``) is written from."""

    prog: CompiledProgram
    status: str
    score: float | None
    score_range: list[float] | None
    grade: str | None
    criteria: list[CriterionOutcome]
    scope: list[CriterionOutcome]
    missing_fields: list[str]
    next_steps: list[str]
    needs_verification: bool
    notice: str | None

    @property
    def id(self) -> str:
        return self.prog.book.id

    def gap_count(self) -> int:
        return sum(1 for c in self.criteria if c.status == "unmet")


_ABSENT = ...            # a fact's value when it is absent (never a fact's value: facts hold JSON-like data)
_OUTCOMES_KEPT = 30_000  # criterion outcomes remembered per compiled set (then forgotten, all at once)


def criterion_outcome(el: CompiledElement, truth: bool | None, ctx: Context, static: Static) -> CriterionOutcome:
    """A criterion's outcome: a function of its truth and of the facts it reads, so it is remembered
    by their values. They are keyed by their marshal bytes, which tell 1, 1.0, True, -0.0 and an
    absent fact apart; a portfolio repeats most outcomes. An outcome is shared: what reads it must
    not change it."""
    reads, absent = static.reads[el.key]
    try:
        key = (el.key, truth, marshal.dumps(tuple(map(ctx.facts.get, reads, absent)), 2))
    except ValueError:      # a value marshal does not write: work it out every time
        return _work_out(el, truth, ctx, static)
    c = static.outcomes.get(key)
    if c is None:
        if len(static.outcomes) >= _OUTCOMES_KEPT:
            static.outcomes.clear()
        c = static.outcomes[key] = _work_out(el, truth, ctx, static)
    return c


def _work_out(el: CompiledElement, truth: bool | None, ctx: Context, static: Static) -> CriterionOutcome:
    facts = ctx.facts
    fields = static.fields[el.key]
    actual = tuple(map(facts.get, fields))
    if el.key in static.dated or tuple in map(type, actual):
        actual = tuple(_jsonable(v, static.types[f]) for f, v in zip(fields, actual))
    status = _STATUS[truth]
    gap = None
    steps: list[str] = []
    missing: list[str] = []
    if truth is False:
        gap, steps = _unmet(el, ctx, static)
    elif truth is None:
        for f in fields:
            if f not in facts:
                missing += static.inputs.get(f, [f]) if f.startswith(DERIVED) else [f]
        missing = [m for m in dict.fromkeys(missing) if m not in facts and m != AS_OF]
        if missing:
            steps = ["补充信息：" + "、".join(ctx.title(m) for m in missing)]
    return CriterionOutcome(el, status, actual, gap, steps, missing)


def criterion_result(c: CriterionOutcome, static: Static) -> CriterionResult:
    el = c.el
    e = el.element
    assert e is not None
    # built from trusted values: skip pydantic validation on this hot path
    actual = dict(zip(static.fields[el.key], c.actual))
    if list in map(type, c.actual):     # copies of the outcome's lists: the outcome is shared
        actual = {k: list(v) if isinstance(v, list) else v for k, v in actual.items()}
    return CriterionResult.model_construct(id=e.id, title=e.title, status=c.status, actual=actual,
                                           expected=static.expected[el.key], gap=c.gap,
                                           part="scope" if el.part == "scope" else "criteria",
                                           confidence=el.confidence, source=None if el.source is None else _fresh(el.source),
                                           next_steps=list(c.next_steps), missing_fields=list(c.missing_fields),
                                           weight=e.weight, prerequisite=e.prerequisite)


def _jsonable(value: Any, ftype: str | None) -> Any:
    if value is None:
        return None
    if ftype == "date" and isinstance(value, int):
        return dt.date.fromordinal(value).isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


_STATUS: dict[bool | None, str] = {True: "met", False: "unmet", None: "unknown"}


def decide(book: Any, scope: Sequence[bool | None], criteria: Sequence[bool | None], weights: Sequence[float],
           held: bool) -> tuple[str, float | None, list[float] | None, str | None]:
    """A program's status (and a checklist's score, score range and grade) from its outcomes.

    The single statement of the status precedence (see the module docstring), shared by full reports and lean screening.
    ``scope`` and ``criteria`` are the truth values of the program's scope conditions and
    criteria (``None`` = unknown); ``weights`` are the criteria's checklist weights.
    """
    score = score_range = grade = None
    if False in scope:
        return "not_applicable", None, None, None
    if held:
        return "achieved", None, None, None
    if book.kind == "checklist":
        total = sum(weights)
        met = sum(w for t, w in zip(criteria, weights) if t is True)
        unknown = sum(w for t, w in zip(criteria, weights) if t is None)
        lo, hi = round(met / total * 100, 1), round((met + unknown) / total * 100, 1)
        pass_score = book.pass_score or 0
        if unknown == 0:
            score = lo
            grade = next((g.label for g in sorted(book.grades, key=lambda g: -g.min) if lo >= g.min), None)
        score_range = [lo, hi]
        if None in scope:
            status = "insufficient_data" if hi >= pass_score else "gap"
        elif lo >= pass_score:
            status = "eligible"
        elif hi < pass_score:
            status = "gap"
        else:
            status = "insufficient_data"
        return status, score, score_range, grade
    if False in criteria:
        return "gap", None, None, None
    if None in criteria or None in scope:
        return "insufficient_data", None, None, None
    return "eligible", None, None, None


def _program(prog: CompiledProgram, result: MatchResult, ctx: Context, static: Static) -> ProgramOutcome:
    book = prog.book
    if not prog.active:
        window = f"{book.effective.from_ or '…'} 至 {book.effective.to or '…'}"
        return ProgramOutcome(prog, "not_applicable", None, None, None, [], [], [], [], False,
                              f"评估日期 {ctx.compiled.as_of.isoformat()} 不在本项目有效期（{window}）内")
    get = result.outcomes.get
    scope_truths, truths = [get(e.key) for e in prog.scope], [get(e.key) for e in prog.criteria]
    scope = [criterion_outcome(e, t, ctx, static) for e, t in zip(prog.scope, scope_truths)]
    criteria = [criterion_outcome(e, t, ctx, static) for e, t in zip(prog.criteria, truths)]
    held = prog.held is not None and get(prog.held.key) is True
    missing = list(dict.fromkeys([m for c in scope + criteria if c.missing_fields for m in c.missing_fields]))
    status, score, score_range, grade = decide(book, scope_truths, truths, static.weights[book.id], held)
    if status == "gap":
        steps = [s for c in criteria if c.status == "unmet" for s in c.next_steps]
        steps += [s for c in criteria + scope if c.status == "unknown" for s in c.next_steps]
    elif status == "insufficient_data":
        steps = [s for c in criteria + scope if c.status == "unknown" for s in c.next_steps]
        if book.kind == "checklist":
            steps += [s for c in criteria if c.status == "unmet" for s in c.next_steps]
    elif status == "eligible":
        steps = list(static.base[book.id]["how_to_apply"]) or []
        if book.kind == "checklist":
            steps = [s for c in criteria if c.status == "unmet" for s in c.next_steps] + steps
    else:
        steps = []
    needs_verification = prog.confidence == "inferred" and status in ("eligible", "gap", "insufficient_data")
    notice = None
    if needs_verification:
        notice = message("report.notice")     # the result's notice is Chinese, as the rulebooks' texts
    return ProgramOutcome(prog, status, score, score_range, grade, criteria, scope, missing,
                          list(dict.fromkeys(steps)), needs_verification, notice)


def _fresh(shared: dict[str, Any]) -> dict[str, Any]:
    """A copy of a cached dict of texts and lists of texts (a source, a plan entry) for one report."""
    return {k: list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v for k, v in shared.items()}


def program_result(o: ProgramOutcome, static: Static) -> ProgramResult:
    # copies of the shared parts: a caller may change its report, never the next one's
    base = static.base[o.id]
    base = dict(base, sources=[_fresh(s) for s in base["sources"]], plan=[_fresh(p) for p in base["plan"]],
                effective=dict(base["effective"]), how_to_apply=list(base["how_to_apply"]))
    if not o.prog.active:
        return ProgramResult(**base, status=o.status, needs_verification=o.needs_verification, criteria=[], scope=[],
                             missing_fields=o.missing_fields, next_steps=o.next_steps, notice=o.notice)
    return ProgramResult.model_construct(**base, status=o.status, needs_verification=o.needs_verification,
                                         score=o.score, score_range=o.score_range, grade=o.grade,
                                         criteria=[criterion_result(c, static) for c in o.criteria],
                                         scope=[criterion_result(c, static) for c in o.scope],
                                         missing_fields=o.missing_fields, next_steps=o.next_steps, notice=o.notice)


def context_of(compiled: CompiledSet, result: MatchResult, facts: Facts) -> Context:
    """What describing one profile's outcomes reads: its facts with the derived facts added."""
    merged = dict(facts)
    merged.update(result.derived)
    static = static_of(compiled)
    return Context(compiled, merged, static.specs, static.fns)


def outcomes(compiled: CompiledSet, result: MatchResult, facts: Facts) -> list[ProgramOutcome]:
    """Program outcomes, in rulebook order, from one profile's matcher outcomes."""
    ctx, static = context_of(compiled, result, facts), static_of(compiled)
    return [_program(p, result, ctx, static) for p in compiled.programs]


def program_results(compiled: CompiledSet, found: Sequence[ProgramOutcome]) -> list[ProgramResult]:
    """The ProgramResults of program outcomes (what :meth:`Engine.checkup` reports)."""
    static = static_of(compiled)
    return [program_result(o, static) for o in found]


def unmet_details(compiled: CompiledSet, result: MatchResult, facts: Facts,
                  ids: Collection[str]) -> dict[str, list[tuple[str, str, str | None]]]:
    """For programs ``ids``: ``(criterion title, gap text, first next step)`` of each unmet criterion.

    What a lead needs, without building whole program results.
    """
    if not ids:
        return {}
    ctx, static = context_of(compiled, result, facts), static_of(compiled)
    out: dict[str, list[tuple[str, str, str | None]]] = {}
    for prog in compiled.programs:
        if prog.book.id in ids:
            rows = out[prog.book.id] = []
            for el in prog.criteria:
                if result.outcomes.get(el.key) is False:
                    c = criterion_outcome(el, False, ctx, static)
                    rows.append((c.title, c.gap, c.next_steps[0] if c.next_steps else None))
    return out


def verdicts(compiled: CompiledSet, result: MatchResult) -> list[tuple[str, str, int]]:
    """``(program id, status, unmet criteria)`` per program, in rulebook order: the lean path.

    The same statuses as :func:`outcomes` (both go through :func:`decide`) without
    building criterion results, gap texts or next steps, for screening many profiles.
    """
    get = result.outcomes.get
    rows: list[tuple[str, str, int]] = []
    for pid, book, active, scope_keys, crit_keys, weights, held_key in static_of(compiled).plan:
        if not active:
            rows.append((pid, "not_applicable", 0))
            continue
        crit = list(map(get, crit_keys))
        held = held_key is not None and get(held_key) is True
        rows.append((pid, decide(book, list(map(get, scope_keys)), crit, weights, held)[0], crit.count(False)))
    return rows
