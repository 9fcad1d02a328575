"""Turn matcher outcomes into program results: statuses, gaps with their size, next steps.

Status precedence (DESIGN.md): a scope condition false → ``not_applicable``; already held →
``achieved``; any criterion unmet → ``gap``; any unknown → ``insufficient_data``; else
``eligible``. A checklist is judged by its score against ``pass_score`` (with unknown items the
score is a range). Every gap names its shortfall, computed from the first unmet comparison.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Collection, Sequence
from typing import Any

from engine import scoring
from engine.compiler import (
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
from engine.matcher import Facts, MatchResult, node_fn, operand_fn
from engine.report import CriterionResult, ProgramResult
from engine.rulebook import Step

__all__ = ["decide", "describe", "evaluate_programs", "format_value", "unmet_details", "verdicts"]


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
    def __init__(self, compiled: CompiledSet, facts: Facts):
        self.compiled = compiled
        self.facts = facts

    def spec(self, path: str) -> Any:
        return self.compiled.field_spec(path)

    def title(self, path: str) -> str:
        if path == AS_OF:
            return "评估日期"
        spec = self.spec(path)
        return spec.title if spec else path

    def unit(self, path: str) -> str | None:
        spec = self.spec(path)
        return spec.unit if spec else None

    def ftype(self, path: str) -> str | None:
        spec = self.spec(path)
        return spec.type if spec else None

    def show(self, path: str, value: Any) -> str:
        return format_value(value, self.unit(path), self.ftype(path))

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
                return "、".join(format_value(x) for x in v)
            return format_value(v, self.unit(like), self.ftype(like))
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


def _value_of(op: Any, facts: Facts) -> Any:
    try:
        return operand_fn(op)(facts)
    except (KeyError, ZeroDivisionError):
        return None


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
    out["actual"] = ctx.show_fact(leaf.left)
    out["unit"] = ctx.unit(leaf.left) or ""
    if leaf.right is None:
        out["required"] = OP_SYMBOL[leaf.op]
        return out
    right = _value_of(leaf.right, facts)
    rng = facts.get(scoring.range_key(leaf.left)) if leaf.ranged else None
    if left is None and rng is not None:
        # a score known only as a range is unmet when even its best total fails: size the gap from it
        left = rng[1] if leaf.op in ("gte", "gt") else rng[0]
    if right is None and scoring.has_score(leaf.right):
        bounds = scoring.output_fn(leaf.right, node_fn)(facts)
        if bounds is not None:
            out["required"] = scoring.range_text(bounds, lambda v: ctx.show(leaf.left, v))
            right = bounds[0] if leaf.op in ("gte", "gt") else bounds[1]  # the easiest total to reach
    if "required" not in out:
        out["required"] = ctx.show(leaf.left, right) if not isinstance(right, tuple) else "、".join(format_value(x) for x in right)
    if isinstance(left, (int, float)) and isinstance(right, (int, float)) and not isinstance(left, bool) and not isinstance(right, bool):
        integer = ctx.ftype(leaf.left) == "integer"
        if leaf.op in ("gte", "gt"):
            short = right - left + (1 if leaf.op == "gt" and integer else 0)
        elif leaf.op in ("lte", "lt"):
            short = left - right + (1 if leaf.op == "lt" and integer else 0)
        else:
            short = None
        if short is not None:
            if integer:
                short = math.ceil(short)
            unit = ctx.unit(leaf.left)
            out["shortfall"] = format_value(float(short), unit) if ctx.ftype(leaf.left) != "date" else f"{short} 天"
    return out


_PLACEHOLDER = re.compile(r"\{(actual|required|shortfall|shortfall_amount|unit|title)\}")


def fill(template: str, values: dict[str, str]) -> str:
    """Fill ``{actual}`` style placeholders; nothing else in a template is interpreted."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), "—"), template)


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
            from engine.matcher import operand_fields

            fields += operand_fields(o.compute)
        flat: list[str] = []
        for f in fields:
            flat += out.get(f, [f]) if f.startswith(DERIVED) else [f]
        out[o.fact] = list(dict.fromkeys(flat))
    return out


class _Static:
    """What does not depend on the profile, computed once per compiled set."""

    def __init__(self, compiled: CompiledSet):
        ctx = _Ctx(compiled, {})
        self.inputs = missing_inputs(compiled)
        self.titles = {p.book.id: p.book.title.zh for p in compiled.programs}
        self.fields: dict[str, list[str]] = {}
        self.types: dict[str, str | None] = {}
        self.expected: dict[str, str] = {}
        self.leaf_fns: dict[str, list[tuple[Leaf, Callable[[Facts], bool | None]]]] = {}
        for el in compiled.elements():
            self.fields[el.key] = node_fields(el.node)
            self.leaf_fns[el.key] = [(leaf, node_fn(leaf)) for leaf in leaves(el.node)]
            for f in self.fields[el.key]:
                self.types[f] = ctx.ftype(f)
            if el.element is not None:
                self.expected[el.key] = el.element.expected or describe(el.node, ctx)
        # per program, what a verdict reads: (id, book, active, scope keys, criterion keys, weights, held key)
        self.plan = [(p.book.id, p.book, p.active, [e.key for e in p.scope], [e.key for e in p.criteria],
                      [(e.element.weight if e.element is not None else None) or 1 for e in p.criteria],
                      p.held.key if p.held is not None else None) for p in compiled.programs]
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
    steps = [_step_text(s) for s in e.next_steps]
    if not steps and e.prerequisite:
        steps = [f"先取得「{static.titles.get(e.prerequisite, e.prerequisite)}」"]
    return gap, steps


def _criterion(el: CompiledElement, truth: bool | None, ctx: _Ctx, static: _Static) -> CriterionResult:
    assert el.element is not None
    e = el.element
    facts = ctx.facts
    fields = static.fields[el.key]
    actual = {f: _jsonable(facts.get(f), static.types[f]) for f in fields}
    status = {True: "met", False: "unmet", None: "unknown"}[truth]
    expected = static.expected[el.key]
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
    # built from trusted values: skip pydantic validation on this hot path
    return CriterionResult.model_construct(id=e.id, title=e.title, status=status, actual=actual, expected=expected,
                                           gap=gap, part="scope" if el.part == "scope" else "criteria",
                                           confidence=el.confidence, source=el.source, next_steps=steps,
                                           missing_fields=missing, weight=e.weight, prerequisite=e.prerequisite)


def _jsonable(value: Any, ftype: str | None) -> Any:
    if value is None:
        return None
    if ftype == "date" and isinstance(value, int):
        return dt.date.fromordinal(value).isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


_TRUTH: dict[str, bool | None] = {"met": True, "unmet": False, "unknown": None}


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


def _program(prog: CompiledProgram, result: MatchResult, ctx: _Ctx, static: _Static) -> ProgramResult:
    book = prog.book
    base = static.base[book.id]
    if not prog.active:
        window = f"{book.effective.from_ or '…'} 至 {book.effective.to or '…'}"
        return ProgramResult(**base, status="not_applicable", needs_verification=False, criteria=[], scope=[],
                             missing_fields=[], next_steps=[],
                             notice=f"评估日期 {ctx.compiled.as_of.isoformat()} 不在本项目有效期（{window}）内")
    scope = [_criterion(e, result.outcomes.get(e.key), ctx, static) for e in prog.scope]
    criteria = [_criterion(e, result.outcomes.get(e.key), ctx, static) for e in prog.criteria]
    held = prog.held is not None and result.outcomes.get(prog.held.key) is True
    missing = list(dict.fromkeys(m for c in scope + criteria for m in c.missing_fields))
    status, score, score_range, grade = decide(
        book, [_TRUTH[s.status] for s in scope], [_TRUTH[c.status] for c in criteria],
        [c.weight or 1 for c in criteria], held)
    if status == "gap":
        steps = [s for c in criteria if c.status == "unmet" for s in c.next_steps]
        steps += [s for c in criteria + scope if c.status == "unknown" for s in c.next_steps]
    elif status == "insufficient_data":
        steps = [s for c in criteria + scope if c.status == "unknown" for s in c.next_steps]
        if book.kind == "checklist":
            steps += [s for c in criteria if c.status == "unmet" for s in c.next_steps]
    elif status == "eligible":
        steps = list(base["how_to_apply"]) or []
        if book.kind == "checklist":
            steps = [s for c in criteria if c.status == "unmet" for s in c.next_steps] + steps
    else:
        steps = []
    needs_verification = prog.confidence == "inferred" and status in ("eligible", "gap", "insufficient_data")
    notice = None
    if needs_verification:
        notice = "本项目的部分认定条件为知策依据公开资料推定（inferred），并非政策原文；结论仅供参考，请向主管部门核实。"
    return ProgramResult.model_construct(**base, status=status, needs_verification=needs_verification, score=score,
                         score_range=score_range, grade=grade, criteria=criteria, scope=scope,
                         missing_fields=missing, next_steps=list(dict.fromkeys(steps)), notice=notice)


def _context(compiled: CompiledSet, result: MatchResult, facts: Facts) -> _Ctx:
    """What describing one profile's outcomes reads: its facts with the derived facts added."""
    merged = dict(facts)
    merged.update(result.derived)
    return _Ctx(compiled, merged)


def evaluate_programs(compiled: CompiledSet, result: MatchResult, facts: Facts) -> list[ProgramResult]:
    """Program results, in rulebook order, from one profile's matcher outcomes."""
    ctx, static = _context(compiled, result, facts), _static(compiled)
    return [_program(p, result, ctx, static) for p in compiled.programs]


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
                    assert el.element is not None
                    gap, steps = _unmet(el, ctx, static)
                    rows.append((el.element.title, gap, steps[0] if steps else None))
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
