"""The matcher interface and its compiled twin; the durable one lives in ``zhice.durable_matcher``.

A matcher takes the normalized facts of one profile and returns, for every compiled element
(scope condition, criterion, "already held"), whether it is met (True), unmet (False) or
unknown (None) under Kleene's three-valued logic, plus the derived facts. Both matchers must
agree exactly; the test suite checks it on random profiles.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from zhice.compiler import (
    AS_OF,
    All,
    Any_,
    Calc,
    CompiledSet,
    Const,
    FieldOp,
    Leaf,
    Node,
    Not,
    Operand,
)
from zhice import scoring
from zhice.errors import EvaluationError, Problem, UsageError
from zhice.scoring import finish

__all__ = ["MATCHERS", "Facts", "MatchResult", "Matcher", "CompiledMatcher", "default_matcher", "make_matcher", "normalize"]

Facts = dict[str, Any]
Truth = bool | None


@dataclass
class MatchResult:
    outcomes: dict[str, Truth]      # element key → met / unmet / unknown
    derived: dict[str, Any]         # "derived.<fact>" → value (absent = unknown)


class Matcher(Protocol):
    name: str

    def match(self, facts: Facts) -> MatchResult: ...


def normalize(facts: dict[str, Any], as_of: dt.date) -> Facts:
    """Profile facts to matcher facts: dates as ordinal days, lists as tuples, numbers to 4 decimals,
    plus ``var.as_of``."""
    out: Facts = {AS_OF: as_of.toordinal()}
    for path, value in facts.items():
        kind = type(value)
        if kind is float:
            # 4 decimals (1 元 in 万元): durable's JSON reader rejects exponents such as 1e-05
            value = round(value, 4)
        elif kind is int or kind is str or kind is bool:
            pass
        elif isinstance(value, dt.date):
            value = value.toordinal()
        elif isinstance(value, list):
            value = tuple(value)
        elif isinstance(value, float):
            value = round(value, 4)
        out[path] = value
    return out


# ---- the compiled twin -------------------------------------------------------------------------

ARITH: dict[str, Callable[[Any, Any], Any]] = {"add": operator.add, "sub": operator.sub,
                                               "mul": operator.mul, "div": operator.truediv}
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le,
    "in": lambda a, b: a in b, "not_in": lambda a, b: a not in b,
    "contains": lambda a, b: b in a, "not_contains": lambda a, b: b not in a,
    "intersects": lambda a, b: any(x in a for x in b), "not_intersects": lambda a, b: not any(x in a for x in b),
    "startswith": lambda a, b: a.startswith(tuple(b)),
    "not_startswith": lambda a, b: not a.startswith(tuple(b)),
}


def operand_fn(op: Operand) -> Callable[[Facts], Any]:
    if scoring.has_score(op):
        return scoring.value_fn(op, node_fn)  # exact value, or KeyError while unknown or a range
    if isinstance(op, Const):
        v = op.value
        return lambda f: v
    if isinstance(op, FieldOp):
        p = op.path
        return lambda f: f[p]
    assert isinstance(op, Calc)
    fn, left, right = ARITH[op.op], operand_fn(op.left), operand_fn(op.right)
    return lambda f: fn(left(f), right(f))


def _const_leaf(left: str, op: str, c: Any, cmp: Callable[[Any, Any], bool]) -> Callable[[Facts], Truth]:
    """A leaf comparing one field with a constant: the hot path of matching, one closure per op.

    Unknown fields are absent from the facts (never ``None``), so ``get`` returning ``None``
    means unknown.
    """
    if op == "gte":
        def leaf(f: Facts) -> Truth:
            v = f.get(left)
            return None if v is None else v >= c
    elif op == "gt":
        def leaf(f: Facts) -> Truth:
            v = f.get(left)
            return None if v is None else v > c
    elif op == "lte":
        def leaf(f: Facts) -> Truth:
            v = f.get(left)
            return None if v is None else v <= c
    elif op == "lt":
        def leaf(f: Facts) -> Truth:
            v = f.get(left)
            return None if v is None else v < c
    elif op == "eq":
        def leaf(f: Facts) -> Truth:
            v = f.get(left)
            return None if v is None else v == c
    elif op == "ne":
        def leaf(f: Facts) -> Truth:
            v = f.get(left)
            return None if v is None else v != c
    elif op == "in":
        def leaf(f: Facts) -> Truth:
            v = f.get(left)
            return None if v is None else v in c
    elif op == "startswith" and isinstance(c, tuple):
        def leaf(f: Facts) -> Truth:
            v = f.get(left)
            return None if v is None else v.startswith(c)
    else:
        def leaf(f: Facts) -> Truth:
            v = f.get(left)
            return None if v is None else cmp(v, c)
    return leaf


def node_fn(node: Node) -> Callable[[Facts], Truth]:
    """A closure computing the Kleene truth value of ``node`` over facts."""
    if isinstance(node, Leaf):
        if node.ranged or scoring.has_score(node.right):
            return scoring.leaf_fn(node, node_fn, operand_fn)
        left = node.left
        if node.op == "exists":
            return lambda f: left in f
        if node.op == "not_exists":
            return lambda f: left not in f
        cmp = COMPARE[node.op]
        assert node.right is not None
        if isinstance(node.right, Const):
            return _const_leaf(left, node.op, node.right.value, cmp)
        right = operand_fn(node.right)
        fields = node.fields
        if len(fields) == 1:
            def leaf1(f: Facts) -> Truth:
                if left not in f:
                    return None
                return cmp(f[left], right(f))
            return leaf1

        def leafn(f: Facts) -> Truth:
            for p in fields:
                if p not in f:
                    return None
            return cmp(f[left], right(f))
        return leafn
    if isinstance(node, Not):
        inner = node_fn(node.child)

        def neg(f: Facts) -> Truth:
            v = inner(f)
            return None if v is None else not v
        return neg
    kids = [node_fn(c) for c in node.children]
    if isinstance(node, All):
        def all_(f: Facts) -> Truth:
            unknown = False
            for k in kids:
                v = k(f)
                if v is False:
                    return False
                if v is None:
                    unknown = True
            return None if unknown else True
        return all_
    assert isinstance(node, Any_)

    def any_(f: Facts) -> Truth:
        unknown = False
        for k in kids:
            v = k(f)
            if v is True:
                return True
            if v is None:
                unknown = True
        return None if unknown else False
    return any_


class CompiledMatcher:
    """Condition trees compiled to plain Python closures."""

    name = "compiled"

    def __init__(self, compiled: CompiledSet):
        self.derivations: list[tuple[str, Callable[[Facts], Any]]] = []
        self.ranged = {out.fact for out in compiled.outputs if out.ranged}
        for out in compiled.outputs:
            if out.cases is not None:
                cases = [(value, node_fn(node)) for value, node in out.cases]
                pick = _only_case(out.fact, cases) if out.exclusive else _first_case(cases)
                self.derivations.append((out.fact, pick))
            elif out.ranged:
                assert out.compute is not None
                self.derivations.append((out.fact, scoring.output_fn(out.compute, node_fn, out.type)))
            else:
                assert out.compute is not None
                self.derivations.append((out.fact, _computed(out.compute, out.type)))
        # one closure per distinct condition tree (programs share scope conditions such as
        # "registered in Zhejiang"): each is evaluated once per profile, its value shared
        closures: dict[Node, Callable[[Facts], Truth]] = {}
        for e in compiled.elements():
            if e.node not in closures:
                closures[e.node] = node_fn(e.node)
        self.distinct = list(closures.values())
        index = {node: i for i, node in enumerate(closures)}
        self._slots = [(e.key, index[e.node]) for e in compiled.elements()]

    def derive(self, facts: Facts) -> tuple[Facts, dict[str, Any]]:
        """The facts with every derived fact added, and the derived facts alone."""
        f = dict(facts)
        derived: dict[str, Any] = {}
        for path, fn in self.derivations:
            v = fn(f)
            if v is not None:
                new = scoring.range_facts(path, v) if path in self.ranged else {path: v}
                f.update(new)
                derived.update(new)
        return f, derived

    def match(self, facts: Facts) -> MatchResult:
        f, derived = self.derive(facts)
        values = [fn(f) for fn in self.distinct]
        return MatchResult({key: values[i] for key, i in self._slots}, derived)


def _first_case(cases: list[tuple[Any, Callable[[Facts], Truth]]]) -> Callable[[Facts], Any]:
    def pick(f: Facts) -> Any:
        for value, fn in cases:
            v = fn(f)
            if v is True:
                return value
            if v is None:
                return None  # an earlier case is undecided: the value is unknown
        return None
    return pick


def _only_case(fact: str, cases: list[tuple[Any, Callable[[Facts], Truth]]]) -> Callable[[Facts], Any]:
    def pick(f: Facts) -> Any:
        held = [value for value, fn in cases if fn(f) is True]
        if len(set(map(repr, held))) > 1:
            raise EvaluationError([Problem("overlapping-cases",
                                           f"{fact}: cases declared exclusive both hold ({', '.join(map(str, held))})",
                                           hint="fix the rulebook's case conditions so they never overlap")])
        return held[0] if held else None
    return pick


def operand_fields(op: Operand) -> list[str]:
    if scoring.has_score(op):
        return scoring.score_fields(op)
    if isinstance(op, FieldOp):
        return [op.path]
    if isinstance(op, Calc):
        return operand_fields(op.left) + operand_fields(op.right)
    return []


def _computed(op: Operand, out_type: str) -> Callable[[Facts], Any]:
    fn = operand_fn(op)
    fields = operand_fields(op)

    def compute(f: Facts) -> Any:
        for p in fields:
            if p not in f:
                return None
        return finish(fn(f), out_type)
    return compute


# ---- choosing a matcher ------------------------------------------------------------------------

MATCHERS = ("durable", "compiled", "columnar")


def durable_available() -> bool:
    if sys.version_info >= (3, 13):
        return False
    try:
        import durable.engine  # noqa: F401
    except ImportError:
        return False
    return True


def default_matcher(preferred: str = "durable") -> str:
    """The matcher to use: ``ZHICE_MATCHER`` if set, else ``preferred`` when it can run."""
    name = os.environ.get("ZHICE_MATCHER") or preferred
    if name == "durable" and not durable_available():
        return "compiled"
    return name


def make_matcher(compiled: CompiledSet, name: str) -> Matcher:
    if name == "compiled":
        return CompiledMatcher(compiled)
    if name == "durable":
        if not durable_available():
            raise UsageError([Problem("matcher-unavailable",
                                      f"the durable matcher needs durable-rules, which runs on Python 3.11 and 3.12 only "
                                      f"(this is Python {sys.version_info.major}.{sys.version_info.minor})",
                                      hint="use --matcher compiled; it gives identical results")])
        from zhice.durable_matcher import DurableMatcher

        return DurableMatcher(compiled)
    if name == "columnar":
        from zhice.columnar import ColumnarMatcher     # polars: imported only when chosen

        return ColumnarMatcher(compiled)
    raise UsageError([Problem("unknown-matcher", f"unknown matcher '{name}'", hint="choose durable, compiled or columnar")])
