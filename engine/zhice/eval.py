"""The one interpreter of condition trees (``zhice.ir``): Kleene truth of conditions, operand
values, arithmetic, comparisons and banded scores, as closures over one profile's facts.

Every matcher and tool evaluates trees here: the compiled matcher runs these closures, the
durable matcher calls them from its rule actions (scores, derivations), and evaluate, explain,
whatif and interview read trees through them. Facts are normalized (:func:`normalize`): dates as
ordinal days, lists as tuples, and an unknown field is absent (never ``None``).

Scores follow ``zhice.scoring``: a score is the range ``(lowest, highest)`` of the totals the
missing data still allows; the range arithmetic lives there, the walk over the trees here.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Callable, Sequence
from typing import Any

from zhice.errors import EvaluationError, Problem
from zhice.ir import AS_OF, DERIVED, Agg, All, Any_, Bands, Calc, Const, FieldOp, Leaf, Node, Not, Operand
from zhice.profile import FIELDS
from zhice.scoring import INF, Bounds, compare_ranges, finish, has_score, mul, range_facts, range_key, score_fields

__all__ = ["ARITH", "COMPARE", "Derivation", "Facts", "Truth", "computed_fn", "first_case", "node_fn", "normalize", "only_case",
           "operand_fields", "operand_fn", "score_fn", "score_leaf_fn", "score_value_fn"]

Facts = dict[str, Any]
Truth = bool | None


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


# ---- conditions and operands ------------------------------------------------------------------

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
    if has_score(op):
        return score_value_fn(op)  # exact value, or KeyError while unknown or a range
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
        if node.ranged or has_score(node.right):
            return score_leaf_fn(node)
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


def first_case(cases: list[tuple[Any, Callable[[Facts], Truth]]]) -> Callable[[Facts], Any]:
    def pick(f: Facts) -> Any:
        for value, fn in cases:
            v = fn(f)
            if v is True:
                return value
            if v is None:
                return None  # an earlier case is undecided: the value is unknown
        return None
    return pick


def only_case(fact: str, cases: list[tuple[Any, Callable[[Facts], Truth]]]) -> Callable[[Facts], Any]:
    def pick(f: Facts) -> Any:
        held = [value for value, fn in cases if fn(f) is True]
        if len(set(map(repr, held))) > 1:
            raise EvaluationError([Problem("overlapping-cases",
                                           f"{fact}: cases declared exclusive both hold ({', '.join(map(str, held))})",
                                           hint="fix the rulebook's case conditions so they never overlap")])
        return held[0] if held else None
    return pick


def operand_fields(op: Operand) -> list[str]:
    if has_score(op):
        return score_fields(op)
    if isinstance(op, FieldOp):
        return [op.path]
    if isinstance(op, Calc):
        return operand_fields(op.left) + operand_fields(op.right)
    return []


def computed_fn(op: Operand, out_type: str) -> Callable[[Facts], Any]:
    fn = operand_fn(op)
    fields = operand_fields(op)

    def compute(f: Facts) -> Any:
        for p in fields:
            if p not in f:
                return None
        return finish(fn(f), out_type)
    return compute


# ---- scores -------------------------------------------------------------------------------------

def _bounds(op: Operand) -> Callable[[Facts], Bounds]:
    if isinstance(op, Const):
        v = op.value
        return lambda f: (v, v)
    if isinstance(op, FieldOp):
        p = op.path
        spec = FIELDS.get(p)
        lo0 = spec.minimum if spec is not None and spec.minimum is not None else -INF
        hi0 = spec.maximum if spec is not None and spec.maximum is not None else INF
        rk = range_key(p)

        def field(f: Facts) -> Bounds:
            r = f.get(rk)
            if r is not None:
                return r
            if p in f:
                return (f[p], f[p])
            return (lo0, hi0)
        return field
    if isinstance(op, Calc):
        left, right = _bounds(op.left), _bounds(op.right)
        kind = op.op

        def calc(f: Facts) -> Bounds:
            (a, b), (c, d) = left(f), right(f)
            if kind == "add":
                return (a + c, b + d)
            if kind == "sub":
                return (a - d, b - c)
            if kind == "mul":
                ends = [mul(a, c), mul(a, d), mul(b, c), mul(b, d)]
            else:  # div: the compiler admits only a non-zero constant divisor
                ends = [a / c, b / c]
            return (min(ends), max(ends))
        return calc
    if isinstance(op, Agg):
        items = [_bounds(i) for i in op.items]
        if op.op == "sum":
            def total(f: Facts) -> Bounds:
                lo = hi = 0
                for item in items:
                    a, b = item(f)
                    lo, hi = lo + a, hi + b
                return (lo, hi)
            return total
        if op.op == "range":  # any value between the lowest and the highest item
            def between(f: Facts) -> Bounds:
                ranges = [item(f) for item in items]
                return (min(r[0] for r in ranges), max(r[1] for r in ranges))
            return between
        pick = max if op.op == "max" else min

        def extreme(f: Facts) -> Bounds:
            ranges = [item(f) for item in items]
            return (pick(r[0] for r in ranges), pick(r[1] for r in ranges))
        return extreme
    assert isinstance(op, Bands), op
    cases = [(node_fn(cond), _bounds(pts)) for cond, pts in op.cases]
    default = _bounds(op.default)

    def bands(f: Facts) -> Bounds:
        lo, hi = INF, -INF
        for holds, pts in cases:
            truth = holds(f)
            if truth is False:
                continue
            a, b = pts(f)
            lo, hi = min(lo, a), max(hi, b)
            if truth is True:
                return (lo, hi)
        a, b = default(f)
        return (min(lo, a), max(hi, b))
    return bands


def score_fn(op: Operand, out_type: str = "number") -> Callable[[Facts], Bounds | None]:
    """The (lowest, highest) value of a score over facts, rounded like an output of ``out_type``;
    None when a derived fact it reads is unknown."""
    required = [p for p in score_fields(op) if p.startswith(DERIVED)]
    bounds = _bounds(op)

    def score(f: Facts) -> Bounds | None:
        for p in required:
            if p not in f and range_key(p) not in f:
                return None
        lo, hi = bounds(f)
        return (finish(lo, out_type), finish(hi, out_type))
    return score


def score_value_fn(op: Operand) -> Callable[[Facts], Any]:
    """The value of a score when it is exact; raises KeyError when it is unknown or only a range
    (the way a missing field is unknown to :func:`operand_fn`)."""
    score = score_fn(op)

    def value(f: Facts) -> Any:
        b = score(f)
        if b is None or b[0] != b[1] or math.isinf(b[0]):
            raise KeyError("(score)")
        return b[0]
    return value


def score_leaf_fn(leaf: Leaf) -> Callable[[Facts], Truth]:
    """A comparison on a ranged fact (``derived.score ≥ 60``) or with a score on its right side."""
    op, path = leaf.op, leaf.left
    rk = range_key(path)
    assert leaf.right is not None
    if has_score(leaf.right):
        right = score_fn(leaf.right)
    else:
        exact = operand_fn(leaf.right)

        def right(f: Facts) -> Bounds | None:
            try:
                v = exact(f)
            except KeyError:
                return None
            return (v, v)
    ranged = leaf.ranged

    def compare(f: Facts) -> Truth:
        if ranged:
            left = f.get(rk)
        else:
            left = (f[path], f[path]) if path in f else None
        if left is None:
            return None
        r = right(f)
        if r is None:
            return None
        return compare_ranges(op, left, r)
    return compare


class Derivation:
    """A compiled set's derived facts (its ``outputs``, in dependency order) worked out from one
    profile's facts: cases (the first that holds, or the only one of exclusive cases), scores
    (their ranges while data is missing) and computed values. Shared by the matchers that derive
    in Python (compiled, columnar); durable derives in its rule actions through the same closures."""

    def __init__(self, outputs: Sequence[Any]):
        self.steps: list[tuple[str, Callable[[Facts], Any]]] = []
        self.ranged = {out.fact for out in outputs if out.ranged}
        for out in outputs:
            if out.cases is not None:
                cases = [(value, node_fn(node)) for value, node in out.cases]
                self.steps.append((out.fact, only_case(out.fact, cases) if out.exclusive else first_case(cases)))
            elif out.ranged:
                assert out.compute is not None
                self.steps.append((out.fact, score_fn(out.compute, out.type)))
            else:
                assert out.compute is not None
                self.steps.append((out.fact, computed_fn(out.compute, out.type)))

    def __call__(self, facts: Facts) -> tuple[Facts, dict[str, Any]]:
        """The facts with every derived fact added, and the derived facts alone."""
        f = dict(facts)
        derived: dict[str, Any] = {}
        for path, fn in self.steps:
            v = fn(f)
            if v is not None:
                new = range_facts(path, v) if path in self.ranged else {path: v}
                f.update(new)
                derived.update(new)
        return f, derived
