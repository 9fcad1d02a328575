"""Which question the interview asks next, and when it stops: read from the compiled condition trees.

A program is *open* while some answer left can still change its status (the precedence of
``zhice.evaluate.decide``): a scope condition, its "already held" condition, or — while no
criterion has failed — a criterion is unknown and still has an unanswered field that can decide
it (for a checklist: while its score range straddles the pass mark). Within an unknown condition
only the branches that are themselves unknown count: once one branch of an "any" holds, or one
of an "all" fails, the other branches' fields can no longer change anything. An "is it filled
in" test on a field not yet asked is unknown, not false. A derived fact (the SME size, a score)
counts through the profile fields it is computed from. The interview stops when no program is
open — exactly when no answer left can change a result.

The next question is the unanswered field expected to settle the most open programs: each
answer a field can take that matters to the trees (both sides of every threshold the trees
compare it with, each choice, yes and no, a value outside every list) is tried, equally likely,
and the programs it leaves decided are counted. A scope condition that fails settles a program
at once, so gate questions come first; a field shared by many programs counts for each. Among
fields that settle nothing alone, the one carrying the largest share of the open decisions
(each open program's one decision shared among its unanswered fields) comes first, so a program
is finished before the next one is begun.

The trees are evaluated by the one interpreter (:mod:`zhice.eval`); which matcher produces the
final report does not change the questions.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from zhice.compiler import CompiledProgram, CompiledSet
from zhice.errors import ZhiceError
from zhice.eval import COMPARE, Derivation, Facts, Truth, node_fn, normalize, operand_fn
from zhice.evaluate import missing_inputs
from zhice.ir import DERIVED, Agg, Any_, Bands, Calc, Const, Leaf, Node, Not, Operand, leaves
from zhice.profile import FIELDS

__all__ = ["Choice", "Chooser", "chooser_for"]

SHARE_WEIGHT = 1.0     # how much the share of open decisions counts against programs settled at once
MAX_VALUES = 8         # answers tried per field (evenly spread over the thresholds the trees use)
_PROBES = ("exists", "not_exists")


@dataclass(frozen=True)
class Choice:
    """The chosen field, the open programs its answer can decide, and why it was chosen."""

    path: str
    programs: tuple[str, ...]
    settles: float          # programs its answer is expected to settle at once
    share: float            # its share of the open decisions


@dataclass
class _State:
    answered: frozenset[str]
    base: Facts              # the normalized answers
    facts: Facts             # with the derived facts


class Chooser:
    """The question chooser over one compiled rulebook set (stateless between calls)."""

    def __init__(self, compiled: CompiledSet):
        self.compiled = compiled
        self.derive = Derivation(compiled.outputs)
        self.inputs = missing_inputs(compiled)
        self._fns: dict[int, Any] = {}
        self._reads: dict[int, tuple[str, ...]] = {}
        self.feeds = {p for fields in self.inputs.values() for p in fields}   # fields derived facts read
        self.compared: dict[str, list[tuple[str, Operand | None]]] = {}        # field → (op, other side)
        for node in self._all_nodes():
            for lf in _leaves(node):
                if lf.left in FIELDS:
                    self.compared.setdefault(lf.left, []).append((lf.op, lf.right))

    def _all_nodes(self) -> Iterable[Node]:
        for el in self.compiled.elements():
            yield el.node
        for out in self.compiled.outputs:
            for _, node in out.cases or ():
                yield node
            if out.compute is not None:
                yield from _operand_nodes(out.compute)

    # ---- the state and what is open -----------------------------------------------------------

    def state(self, answers: dict[str, Any]) -> _State:
        base = normalize({p: v for p, v in answers.items() if v is not None}, self.compiled.as_of)
        facts, _ = self.derive(base)
        return _State(frozenset(answers), base, facts)

    def _with(self, st: _State, path: str, value: Any) -> _State:
        nv = normalize({path: value}, self.compiled.as_of)[path]
        base = {**st.base, path: nv}
        facts = self.derive(base)[0] if path in self.feeds else {**st.facts, path: nv}
        return _State(st.answered | {path}, base, facts)

    def _fn(self, node: Node) -> Any:
        fn = self._fns.get(id(node))
        if fn is None:
            fn = self._fns[id(node)] = node_fn(node)
        return fn

    def _leaf_reads(self, leaf: Leaf) -> tuple[str, ...]:
        reads = self._reads.get(id(leaf))
        if reads is None:
            out: dict[str, None] = {}
            for f in leaf.fields:
                for p in (self.inputs.get(f, []) if f.startswith(DERIVED) else [f]):
                    if p in FIELDS:
                        out.setdefault(p, None)
            reads = self._reads[id(leaf)] = tuple(out)
        return reads

    def truth(self, node: Node, st: _State) -> tuple[Truth, tuple[str, ...]]:
        """Kleene truth of ``node`` and, while unknown, the unanswered fields that can decide it."""
        if isinstance(node, Leaf):
            if node.op in _PROBES and node.left in FIELDS and node.left not in st.answered:
                t: Truth = None                     # not asked yet, not "not filled in"
            else:
                t = self._fn(node)(st.facts)
            if t is not None:
                return t, ()
            return None, tuple(p for p in self._leaf_reads(node) if p not in st.answered)
        if isinstance(node, Not):
            t, rel = self.truth(node.child, st)
            return (None if t is None else not t), rel
        decisive = isinstance(node, Any_)          # the child value that decides the node
        open_: dict[str, None] = {}
        unknown = False
        for child in node.children:
            t, rel = self.truth(child, st)
            if t is decisive:
                return decisive, ()
            if t is None:
                unknown = True
                open_.update(dict.fromkeys(rel))
        return (None, tuple(open_)) if unknown else (not decisive, ())

    def open_fields(self, prog: CompiledProgram, st: _State) -> list[str]:
        """The unanswered fields that can still change ``prog``'s status; empty when it is decided."""
        return [f for phase in self.phases(prog, st) for f in phase]

    def phases(self, prog: CompiledProgram, st: _State) -> list[list[str]]:
        """:meth:`open_fields` in the order they are best asked: the scope's (a scope condition that
        fails ends the program), then "already held" (held ends it too), then the criteria's — each
        phase only the fields not in an earlier one; no phase when the program is decided."""
        scope: dict[str, None] = {}
        for el in prog.scope:
            t, rel = self.truth(el.node, st)
            if t is False:
                return []
            scope.update(dict.fromkeys(rel))
        held: dict[str, None] = {}
        if prog.held is not None:
            t, rel = self.truth(prog.held.node, st)
            if t is True:
                return []
            held.update(dict.fromkeys(f for f in rel if f not in scope))
        crit = [self.truth(e.node, st) for e in prog.criteria]
        if prog.book.kind == "checklist":
            weight = [e.element.weight if e.element else 1 for e in prog.criteria]
            total = sum(weight) or 1
            met = sum(w for (t, _), w in zip(crit, weight) if t is True)
            unknown = sum(w for (t, _), w in zip(crit, weight) if t is None)
            pass_score = prog.book.pass_score or 0
            lo, hi = round(met / total * 100, 1), round((met + unknown) / total * 100, 1)
            if lo >= pass_score or hi < pass_score:
                crit = []
        elif any(t is False for t, _ in crit):
            crit = []
        fields: dict[str, None] = {}
        for _, rel in crit:
            fields.update(dict.fromkeys(f for f in rel if f not in scope and f not in held))
        return [list(phase) for phase in (scope, held, fields) if phase]

    def programs(self, only: list[str] | None) -> list[CompiledProgram]:
        return [p for p in self.compiled.programs if p.active and (not only or p.book.id in only)]

    def undecided(self, answers: dict[str, Any], only: list[str] | None = None) -> dict[str, list[str]]:
        """Open program id → the unanswered fields that can still decide it."""
        st = self.state(answers)
        out: dict[str, list[str]] = {}
        for prog in self.programs(only):
            fields = self.open_fields(prog, st)
            if fields:
                out[prog.book.id] = fields
        return out

    # ---- the choice -----------------------------------------------------------------------------

    def choose(self, answers: dict[str, Any], only: list[str] | None = None) -> Choice | None:
        """The field expected to settle the most open programs, or None when none is open."""
        st = self.state(answers)
        open_: dict[str, tuple[CompiledProgram, list[list[str]]]] = {}
        for prog in self.programs(only):
            phases = self.phases(prog, st)
            if phases:
                open_[prog.book.id] = (prog, phases)
        share: dict[str, float] = {}          # each program's decision, shared by its first phase's fields
        votes: dict[str, list[str]] = {}      # field → the open programs it can decide (any phase)
        for pid, (_, phases) in open_.items():
            for f in phases[0]:
                share[f] = share.get(f, 0.0) + 1 / len(phases[0])
            for phase in phases:
                for f in phase:
                    votes.setdefault(f, []).append(pid)
        if not votes:
            return None
        order = {p: i for i, p in enumerate(FIELDS)}
        scored: list[tuple[tuple[float, ...], Choice]] = []
        for f, pids in votes.items():
            settles = self._settles(st, f, [open_[p][0] for p in pids])
            gate = share.get(f, 0.0)
            key = (-round(settles + SHARE_WEIGHT * gate, 9), -len(pids), order[f])
            scored.append((key, Choice(f, tuple(pids), settles, gate)))
        return min(scored, key=lambda kc: kc[0])[1]

    def _settles(self, st: _State, path: str, progs: list[CompiledProgram]) -> float:
        values = self.values(path, st)
        if not values:
            return 0.0
        total, tried = 0, 0
        for v in values:
            try:
                after = self._with(st, path, v)
                total += sum(1 for prog in progs if not self.open_fields(prog, after))
            except (ArithmeticError, ZhiceError):   # a trial value the trees cannot take (a zero divisor)
                continue
            tried += 1
        return total / tried if tried else 0.0

    def values(self, path: str, st: _State) -> list[Any]:
        """The answers to try for ``path``: one on each side of every threshold the trees compare it
        with (thresholds computed from other fields, such as a share of revenue, when those are
        known), every choice, yes and no, and a value outside every list."""
        spec = FIELDS[path]
        if spec.type == "boolean":
            return [True, False]
        if spec.type == "enum":
            return list(spec.choices)
        tests: list[tuple[str, Any]] = []          # (operator, the other side's value)
        for op, right in self.compared.get(path, ()):
            if right is None:
                continue
            if isinstance(right, Const):
                tests.append((op, right.value))
                continue
            try:
                tests.append((op, operand_fn(right)(st.facts)))
            except Exception:       # noqa: BLE001 - a side that reads unknown fields gives no threshold
                continue
        consts = [c for _, c in tests]
        if spec.type in ("integer", "number"):
            return _spread(_numbers(tests, spec.type == "integer", spec.minimum, spec.maximum))
        if spec.type == "date":
            days = _numbers(tests, True, None, None) or [self.compiled.as_of.toordinal()]
            return _spread([dt.date.fromordinal(int(d)) for d in days if 1 <= d < dt.date.max.toordinal()])
        if spec.type == "list":
            items = sorted({x for c in consts for x in (c if isinstance(c, tuple) else (c,)) if isinstance(x, str)})
            return [[]] + [[x] for x in _spread(items)]
        words = sorted({x for c in consts for x in (c if isinstance(c, tuple) else (c,)) if isinstance(x, str)})
        return _spread(words) + ["\x00"]       # and one that no list holds


def _numbers(tests: list[tuple[str, Any]], integer: bool, lo: float | None, hi: float | None) -> list[float]:
    """One number for each class of answers the comparisons tell apart (below, at and above each
    threshold, as far as the operators distinguish them), each class once: "≥ 1" splits the
    counts into two classes, 0 and 1 or more, not three."""
    numeric = [(op, c) for op, c in tests
               if op in COMPARE and isinstance(c, (int, float)) and not isinstance(c, bool)]
    points: set[float] = set()
    for _, c in numeric:
        step = 1 if integer else max(abs(c) * 0.001, 0.01)
        for v in (c - step, c, c + step):
            if (lo is None or v >= lo) and (hi is None or v <= hi):
                points.add(int(v) if integer else round(v, 4))
    if not points:
        return [0 if lo is None or lo <= 0 else lo]
    classes: dict[tuple[bool, ...], float] = {}
    for v in sorted(points):
        classes.setdefault(tuple(bool(COMPARE[op](v, c)) for op, c in numeric), v)
    return sorted(classes.values())


def _spread(values: list[Any]) -> list[Any]:
    if len(values) <= MAX_VALUES:
        return list(values)
    step = (len(values) - 1) / (MAX_VALUES - 1)
    return [values[round(i * step)] for i in range(MAX_VALUES)]


def _leaves(node: Node) -> Iterable[Leaf]:
    """The leaves of ``node`` and of the conditions inside its operands (banded points)."""
    for lf in leaves(node):
        yield lf
        if lf.right is not None:
            for inner in _operand_nodes(lf.right):
                yield from _leaves(inner)


def _operand_nodes(op: Operand) -> Iterable[Node]:
    """The conditions inside an operand (banded points)."""
    if isinstance(op, Bands):
        for cond, points in op.cases:
            yield cond
            yield from _operand_nodes(points)
        yield from _operand_nodes(op.default)
    elif isinstance(op, Calc):
        yield from _operand_nodes(op.left)
        yield from _operand_nodes(op.right)
    elif isinstance(op, Agg):
        for item in op.items:
            yield from _operand_nodes(item)


_CACHE: dict[int, tuple[weakref.ref[CompiledSet], Chooser]] = {}


def chooser_for(compiled: CompiledSet) -> Chooser:
    """One chooser per compiled set, kept while the set lives (the web form asks it on every step)."""
    hit = _CACHE.get(id(compiled))
    if hit is not None and hit[0]() is compiled:
        return hit[1]
    for key in [k for k, (ref, _) in _CACHE.items() if ref() is None]:
        del _CACHE[key]
    chooser = Chooser(compiled)
    _CACHE[id(compiled)] = (weakref.ref(compiled), chooser)
    return chooser

