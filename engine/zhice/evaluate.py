"""Turn matcher outcomes into program results: statuses, gaps with their size, next steps.

Status precedence (DESIGN.md): a scope condition false → ``not_applicable``; already held →
``achieved``; any criterion unmet → ``gap``; any unknown → ``insufficient_data``; else
``eligible``. A checklist is judged by its score against ``pass_score`` (with unknown items the
score is a range). Every gap names its shortfall, computed from the first unmet comparison.
"""

from __future__ import annotations

import datetime as dt
import marshal
import math
import re
from collections.abc import Callable, Collection, Sequence
from typing import Any, NamedTuple

from zhice import scoring
from zhice.compiler import (
    AS_OF,
    DERIVED,
    OP_SYMBOL,
    Agg,
    All,
    Any_,
    Bands,
    Calc,
    CompiledElement,
    CompiledProgram,
    CompiledSet,
    Const,
    FieldOp,
    Leaf,
    Node,
    Not,
    leaves,
    node_fields,
)
from zhice.matcher import Facts, MatchResult, node_fn, operand_fn
from zhice.report import CriterionResult, ProgramResult
from zhice.rulebook import Step
from zhice.wording import choice_label

__all__ = ["CriterionOutcome", "ProgramOutcome", "criterion_result", "decide", "describe", "evaluate_programs",
           "format_value", "outcomes", "program_result", "program_results", "unmet_details", "verdicts"]


def format_value(value: Any, unit: str | None = None, ftype: str | None = None) -> str:
    """A value as a person reads it: 3 件, 12.5%, 是, 2024-01-01.

    >>> format_value(2.0, "件")
    '2 件'
    >>> format_value(0.12345, "%")
    '0.12%'
    """
    if value is None:
        return "未知"
    if ftype == "date" and isinstance(value, int):
        value = dt.date.fromordinal(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) if value else "（无）"
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    else:
        text = str(value)
    if unit:
        return f"{text}{unit}" if unit == "%" else f"{text} {unit}"
    return text


class _Ctx:
    """What describing outcomes reads: the compiled set, one profile's facts, and caches (per
    compiled set when ``_Static`` passes its own) of the fields' specs and of the functions
    built from the compiled set's operands."""

    def __init__(self, compiled: CompiledSet, facts: Facts, specs: dict[str, tuple[Any, str, str | None, str | None]]
                 | None = None, fns: dict[tuple[Callable[[Any], Any], int], Callable[[Facts], Any]] | None = None):
        self.compiled = compiled
        self.facts = facts
        self.specs = {} if specs is None else specs
        self.fns = {} if fns is None else fns

    def _info(self, path: str) -> tuple[Any, str, str | None, str | None]:
        """(spec, title, unit, type) of a field."""
        info = self.specs.get(path)
        if info is None:
            spec = self.compiled.field_spec(path)
            title = "评估日期" if path == AS_OF else spec.title if spec else path
            info = self.specs[path] = (spec, title, spec.unit if spec else None, spec.type if spec else None)
        return info

    def spec(self, path: str) -> Any:
        return self._info(path)[0]

    def title(self, path: str) -> str:
        return self._info(path)[1]

    def unit(self, path: str) -> str | None:
        return self._info(path)[2]

    def ftype(self, path: str) -> str | None:
        return self._info(path)[3]

    def fn(self, build: Callable[[Any], Callable[[Facts], Any]], op: Any) -> Callable[[Facts], Any]:
        """``build(op)``, built once (``op`` belongs to the compiled set, which outlives the cache)."""
        key = (build, id(op))
        fn = self.fns.get(key)
        if fn is None:
            fn = self.fns[key] = build(op)
        return fn

    def value_of(self, op: Any) -> Any:
        """An operand's value, None while unknown."""
        try:
            return self.fn(operand_fn, op)(self.facts)
        except (KeyError, ZeroDivisionError):
            return None

    def show(self, path: str, value: Any) -> str:
        _, _, unit, ftype = self._info(path)
        if ftype == "enum" and value is not None:
            return choice_label(path, value)     # 未贯标, not none
        return format_value(value, unit, ftype)

    def show_fact(self, path: str) -> str:
        """A fact's value as read; a score known only as a range shows the range (52–67 分)."""
        rng = self.facts.get(scoring.range_key(path))
        if path not in self.facts and rng is not None:
            return scoring.range_text(rng, lambda v: self.show(path, v))
        return self.show(path, self.facts.get(path))

    def operand_text(self, op: Any, like: str) -> str:
        if isinstance(op, Const):
            v = op.value
            if isinstance(v, tuple):
                return "、".join(self.show(like, x) if self.ftype(like) == "enum" else format_value(x) for x in v)
            return self.show(like, v)
        if isinstance(op, FieldOp):
            return self.title(op.path)
        if isinstance(op, Calc):
            sym = {"add": "+", "sub": "−", "mul": "×", "div": "÷"}[op.op]
            return f"{self.operand_text(op.left, '')} {sym} {self.operand_text(op.right, '')}"
        if isinstance(op, Agg) and op.op == "range":
            return "–".join(self.operand_text(i, '') for i in op.items)
        if isinstance(op, Agg):
            word = {"sum": "合计", "max": "取较高者", "min": "取较低者"}[op.op]
            return f"{word}（{'，'.join(self.operand_text(i, '') for i in op.items)}）"
        if isinstance(op, Bands):
            bands = [f"{describe(cond, self)} 时得{self.operand_text(pts, '')}分" for cond, pts in op.cases]
            return f"分档得分（{'；'.join(bands)}；否则得{self.operand_text(op.default, '')}分）"
        return "?"


def describe(node: Node, ctx: _Ctx) -> str:
    """The condition in words: 有效发明专利数 ≥ 1 件 且 （…或…）."""
    if isinstance(node, Leaf):
        if node.ratio:
            num, den = node.ratio
            return f"{ctx.title(num)}占{ctx.title(den)}比例 {OP_SYMBOL[node.op]} {format_value(node.percent, '%')}"
        if node.op in ("exists", "not_exists"):
            return f"{ctx.title(node.left)}{OP_SYMBOL[node.op]}"
        spec = ctx.spec(node.left)
        if node.op in ("eq", "ne") and spec is not None and spec.type == "boolean" and isinstance(node.right, Const):
            positive = (node.right.value is True) == (node.op == "eq")
            return ctx.title(node.left) + ("" if positive else "：否")
        if node.op in ("startswith", "not_startswith") and isinstance(node.right, Const):
            word = "属于" if node.op == "startswith" else "不属于"
            return f"{ctx.title(node.left)}{word} {'、'.join(node.right.value)} 类"
        return f"{ctx.title(node.left)} {OP_SYMBOL[node.op]} {ctx.operand_text(node.right, node.left)}"
    if isinstance(node, Not):
        return f"并非（{describe(node.child, ctx)}）"
    # a ratio compiles to all(den > 0, num ≥ k% den): show only the ratio
    if isinstance(node, All) and len(node.children) == 2 and isinstance(node.children[1], Leaf) and node.children[1].ratio:
        return describe(node.children[1], ctx)
    parts = [describe(c, ctx) for c in node.children]
    if isinstance(node, All):
        return "；且 ".join(parts) if len(parts) > 1 else parts[0]
    return "（" + " 或 ".join(parts) + "）" if len(parts) > 1 else parts[0]


def _first_failing(leaf_fns: list[tuple[Leaf, Callable[[Facts], bool | None]]], facts: Facts,
                   ctx: _Ctx) -> Leaf | None:
    """The comparison that sizes the gap: the first false numeric comparison (a ratio, or a
    number compared with a threshold) in tree order, else the first false comparison."""
    failing = [leaf for leaf, fn in leaf_fns if fn(facts) is False]
    for leaf in failing:
        if leaf.ratio or (ctx.ftype(leaf.left) in ("integer", "number") and leaf.op in ("gt", "gte", "lt", "lte")):
            return leaf
    return failing[0] if failing else None


def _sizes(leaf: Leaf, ctx: _Ctx) -> dict[str, str]:
    facts = ctx.facts
    out: dict[str, str] = {}
    if leaf.ratio:
        num, den = leaf.ratio
        n, d = facts.get(num), facts.get(den)
        actual = (n / d * 100) if (n is not None and d) else None
        required = leaf.percent
        unit = "%"
        out["actual"] = format_value(actual, unit) if actual is not None else "—"
        out["required"] = format_value(required, unit)
        if actual is not None and required is not None:
            out["shortfall"] = format_value(abs(required - actual), unit)
            # the amount that closes the gap, in the numerator's unit
            need = (required / 100) * d - n if d else None
            if need is not None:
                out["shortfall_amount"] = format_value(abs(need), ctx.unit(num))
        out["unit"] = unit
        return out
    left = facts.get(leaf.left)
    _, _, unit, ftype = ctx._info(leaf.left)
    out["actual"] = ctx.show_fact(leaf.left)
    out["unit"] = unit or ""
    if leaf.right is None:
        out["required"] = OP_SYMBOL[leaf.op]
        return out
    right = ctx.value_of(leaf.right)
    rng = facts.get(scoring.range_key(leaf.left)) if leaf.ranged else None
    if left is None and rng is not None:
        # a score known only as a range is unmet when even its best total fails: size the gap from it
        left = rng[1] if leaf.op in ("gte", "gt") else rng[0]
    if right is None and scoring.has_score(leaf.right):
        bounds = ctx.fn(_score_fn, leaf.right)(facts)
        if bounds is not None:
            out["required"] = scoring.range_text(bounds, lambda v: ctx.show(leaf.left, v))
            right = bounds[0] if leaf.op in ("gte", "gt") else bounds[1]  # the easiest total to reach
    if "required" not in out:
        out["required"] = ("、".join(format_value(x) for x in right) if isinstance(right, tuple)
                           else format_value(right, unit, ftype))
    if isinstance(left, (int, float)) and isinstance(right, (int, float)) and not isinstance(left, bool) and not isinstance(right, bool):
        integer = ftype == "integer"
        if leaf.op in ("gte", "gt"):
            short = right - left + (1 if leaf.op == "gt" and integer else 0)
        elif leaf.op in ("lte", "lt"):
            short = left - right + (1 if leaf.op == "lt" and integer else 0)
        else:
            short = None
        if short is not None:
            if integer:
                short = math.ceil(short)
            out["shortfall"] = format_value(float(short), unit) if ftype != "date" else f"{short} 天"
    return out


def _score_fn(op: Any) -> Callable[[Facts], Any]:
    return scoring.output_fn(op, node_fn)


_PLACEHOLDER = re.compile(r"\{(actual|required|shortfall|shortfall_amount|unit|title)\}")
_TEMPLATES: dict[str, list[str]] = {}   # a template split at its placeholders: text, name, text, …


def fill(template: str, values: dict[str, str]) -> str:
    """Fill ``{actual}`` style placeholders; nothing else in a template is interpreted."""
    pieces = _TEMPLATES.get(template)
    if pieces is None:
        pieces = _TEMPLATES[template] = _PLACEHOLDER.split(template)
    out = pieces[:]
    for i in range(1, len(out), 2):
        out[i] = values.get(out[i], "—")
    return "".join(out)


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
            from zhice.matcher import operand_fields

            fields += operand_fields(o.compute)
        flat: list[str] = []
        for f in fields:
            flat += out.get(f, [f]) if f.startswith(DERIVED) else [f]
        out[o.fact] = list(dict.fromkeys(flat))
    return out


class _Static:
    """What does not depend on the profile, computed once per compiled set."""

    def __init__(self, compiled: CompiledSet):
        self.specs: dict[str, tuple[Any, str, str | None, str | None]] = {}
        self.fns: dict[tuple[Callable[[Any], Any], int], Callable[[Facts], Any]] = {}
        ctx = _Ctx(compiled, {}, self.specs, self.fns)
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
        # outcomes already worked out (_criterion)
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
                sources=[s.model_dump(mode="json", exclude_none=True) for s in book.sources],
                plan=[p.model_dump(mode="json") for p in book.plan],
                effective=book.effective.model_dump(mode="json", by_alias=True, exclude_none=True),
                last_reviewed=book.last_reviewed.isoformat(),
                how_to_apply=[_step_text(s) for s in book.how_to_apply])


_STATIC: dict[int, tuple[CompiledSet, _Static]] = {}


def _static(compiled: CompiledSet) -> _Static:
    hit = _STATIC.get(id(compiled))
    if hit is None or hit[0] is not compiled:
        hit = (compiled, _Static(compiled))
        _STATIC[id(compiled)] = hit
    return hit[1]


def _unmet(el: CompiledElement, ctx: _Ctx, static: _Static) -> tuple[str, list[str]]:
    """An unmet criterion's gap text (with its shortfall) and next steps."""
    assert el.element is not None
    e = el.element
    expected = static.expected[el.key]
    leaf = _first_failing(static.leaf_fns[el.key], ctx.facts, ctx)
    values = _sizes(leaf, ctx) if leaf else {"actual": "—", "required": expected}
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
    criterion's fields, in the order of ``_Static.fields``."""

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


def _criterion(el: CompiledElement, truth: bool | None, ctx: _Ctx, static: _Static) -> CriterionOutcome:
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


def _work_out(el: CompiledElement, truth: bool | None, ctx: _Ctx, static: _Static) -> CriterionOutcome:
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


def criterion_result(c: CriterionOutcome, static: _Static) -> CriterionResult:
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
                                           confidence=el.confidence, source=el.source,
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

    The single statement of DESIGN's precedence, shared by full reports and lean screening.
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


def _program(prog: CompiledProgram, result: MatchResult, ctx: _Ctx, static: _Static) -> ProgramOutcome:
    book = prog.book
    if not prog.active:
        window = f"{book.effective.from_ or '…'} 至 {book.effective.to or '…'}"
        return ProgramOutcome(prog, "not_applicable", None, None, None, [], [], [], [], False,
                              f"评估日期 {ctx.compiled.as_of.isoformat()} 不在本项目有效期（{window}）内")
    get = result.outcomes.get
    scope_truths, truths = [get(e.key) for e in prog.scope], [get(e.key) for e in prog.criteria]
    scope = [_criterion(e, t, ctx, static) for e, t in zip(prog.scope, scope_truths)]
    criteria = [_criterion(e, t, ctx, static) for e, t in zip(prog.criteria, truths)]
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
        notice = "本项目的部分认定条件为知策依据公开资料推定（inferred），并非政策原文；结论仅供参考，请向主管部门核实。"
    return ProgramOutcome(prog, status, score, score_range, grade, criteria, scope, missing,
                          list(dict.fromkeys(steps)), needs_verification, notice)


def program_result(o: ProgramOutcome, static: _Static) -> ProgramResult:
    base = static.base[o.id]
    if not o.prog.active:
        return ProgramResult(**base, status=o.status, needs_verification=o.needs_verification, criteria=[], scope=[],
                             missing_fields=o.missing_fields, next_steps=o.next_steps, notice=o.notice)
    return ProgramResult.model_construct(**base, status=o.status, needs_verification=o.needs_verification,
                                         score=o.score, score_range=o.score_range, grade=o.grade,
                                         criteria=[criterion_result(c, static) for c in o.criteria],
                                         scope=[criterion_result(c, static) for c in o.scope],
                                         missing_fields=o.missing_fields, next_steps=o.next_steps, notice=o.notice)


def _context(compiled: CompiledSet, result: MatchResult, facts: Facts) -> _Ctx:
    """What describing one profile's outcomes reads: its facts with the derived facts added."""
    merged = dict(facts)
    merged.update(result.derived)
    static = _static(compiled)
    return _Ctx(compiled, merged, static.specs, static.fns)


def outcomes(compiled: CompiledSet, result: MatchResult, facts: Facts) -> list[ProgramOutcome]:
    """Program outcomes, in rulebook order, from one profile's matcher outcomes."""
    ctx, static = _context(compiled, result, facts), _static(compiled)
    return [_program(p, result, ctx, static) for p in compiled.programs]


def program_results(compiled: CompiledSet, found: Sequence[ProgramOutcome]) -> list[ProgramResult]:
    """The ProgramResults of program outcomes (what :meth:`Engine.checkup` reports)."""
    static = _static(compiled)
    return [program_result(o, static) for o in found]


def evaluate_programs(compiled: CompiledSet, result: MatchResult, facts: Facts) -> list[ProgramResult]:
    """Program results, in rulebook order, from one profile's matcher outcomes."""
    return program_results(compiled, outcomes(compiled, result, facts))


def unmet_details(compiled: CompiledSet, result: MatchResult, facts: Facts,
                  ids: Collection[str]) -> dict[str, list[tuple[str, str, str | None]]]:
    """For programs ``ids``: ``(criterion title, gap text, first next step)`` of each unmet criterion.

    What a lead needs, without building whole program results.
    """
    if not ids:
        return {}
    ctx, static = _context(compiled, result, facts), _static(compiled)
    out: dict[str, list[tuple[str, str, str | None]]] = {}
    for prog in compiled.programs:
        if prog.book.id in ids:
            rows = out[prog.book.id] = []
            for el in prog.criteria:
                if result.outcomes.get(el.key) is False:
                    c = _criterion(el, False, ctx, static)
                    rows.append((c.title, c.gap, c.next_steps[0] if c.next_steps else None))
    return out


def verdicts(compiled: CompiledSet, result: MatchResult) -> list[tuple[str, str, int]]:
    """``(program id, status, unmet criteria)`` per program, in rulebook order: the lean path.

    The same statuses as :func:`evaluate_programs` (both go through :func:`decide`) without
    building criterion results, gap texts or next steps, for screening many profiles.
    """
    get = result.outcomes.get
    rows: list[tuple[str, str, int]] = []
    for pid, book, active, scope_keys, crit_keys, weights, held_key in _static(compiled).plan:
        if not active:
            rows.append((pid, "not_applicable", 0))
            continue
        crit = list(map(get, crit_keys))
        held = held_key is not None and get(held_key) is True
        rows.append((pid, decide(book, list(map(get, scope_keys)), crit, weights, held)[0], crit.count(False)))
    return rows
