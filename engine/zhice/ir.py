"""Condition trees: the rule engine's intermediate representation, data only.

The compiler (``zhice.compiler``) builds these trees from rulebooks, typed against the profile;
the one interpreter (``zhice.eval``) computes their Kleene truth; the matchers (``zhice.matchers``)
translate them; the tools (explain, whatif, interview, lint) read them. Nothing here evaluates or
words anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Union

__all__ = ["AS_OF", "DERIVED", "NEGATED_OP", "SCORE_OPS", "Agg", "All", "Any_", "Bands", "Calc", "Const", "FieldOp",
           "Leaf", "Node", "Not", "Operand", "leaves", "negate", "node_fields", "node_sources", "source_of", "to_nnf"]

DERIVED = "derived."
AS_OF = "var.as_of"
NEGATED_OP = {"eq": "ne", "ne": "eq", "gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt", "in": "not_in",
              "not_in": "in", "exists": "not_exists", "not_exists": "exists", "contains": "not_contains",
              "not_contains": "contains", "startswith": "not_startswith", "not_startswith": "startswith",
              "intersects": "not_intersects", "not_intersects": "intersects"}
@dataclass(frozen=True)
class Const:
    value: Any  # normalized: dates as ordinal days, enums as str, lists as tuples


@dataclass(frozen=True)
class FieldOp:
    path: str


@dataclass(frozen=True)
class Calc:
    op: str  # add sub mul div
    left: "Operand"
    right: "Operand"


@dataclass(frozen=True)
class Bands:
    """Banded points: the first case whose condition holds gives its points, else ``default``."""

    cases: tuple[tuple["Node", "Operand"], ...]
    default: "Operand"


@dataclass(frozen=True)
class Agg:
    op: str  # sum max min, or range: any value between the items' (assessors' points such as 7–8)
    items: tuple["Operand", ...]


Operand = Union[Const, FieldOp, Calc, Bands, Agg]
SCORE_OPS = ("eq", "ne", "gt", "gte", "lt", "lte")


@dataclass(frozen=True)
class Leaf:
    left: str               # dotted path (profile field, derived.<fact> or var.as_of)
    op: str
    right: Operand | None   # None for exists / not_exists
    fields: tuple[str, ...]  # every path the leaf reads (left first)
    ratio: tuple[str, str] | None = None  # display: the leaf is a ratio num/den in percent
    percent: float | None = None           # for ratio leaves: the required percent
    ranged: bool = False                   # left is a score: compared by its (lowest, highest) range

    def source(self) -> str:
        return source_of(self.left)


@dataclass(frozen=True)
class All:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Any_:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    child: "Node"


Node = Union[Leaf, All, Any_, Not]


def source_of(path: str) -> str:
    """Which fact a path lives on: 'profile' or 'derived.<fact>'."""
    return path if path.startswith(DERIVED) else "profile"


def negate(node: Node) -> Node:
    return to_nnf(Not(node))


def to_nnf(node: Node) -> Node:
    """Push every negation down to the leaves (De Morgan), flipping leaf operators."""
    if isinstance(node, Leaf):
        return node
    if isinstance(node, All):
        return All(tuple(to_nnf(c) for c in node.children))
    if isinstance(node, Any_):
        return Any_(tuple(to_nnf(c) for c in node.children))
    inner = node.child
    if isinstance(inner, Leaf):
        return _flipped(inner)
    if isinstance(inner, Not):
        return to_nnf(inner.child)
    if isinstance(inner, All):
        return Any_(tuple(to_nnf(Not(c)) for c in inner.children))
    return All(tuple(to_nnf(Not(c)) for c in inner.children))


def _flipped(leaf: Leaf) -> Leaf:
    """``replace(leaf, op=<its negation>)``: every field copied, without the field inspection
    ``dataclasses.replace`` makes on each call (a quarter of a compile's time)."""
    flipped = object.__new__(Leaf)
    flipped.__dict__.update(leaf.__dict__)
    object.__setattr__(flipped, "op", NEGATED_OP[leaf.op])
    return flipped


def leaves(node: Node) -> Iterator[Leaf]:
    if isinstance(node, Leaf):
        yield node
    elif isinstance(node, Not):
        yield from leaves(node.child)
    else:
        for c in node.children:
            yield from leaves(c)


def node_fields(node: Node) -> list[str]:
    seen: dict[str, None] = {}
    for leaf in leaves(node):
        for f in leaf.fields:
            if f != AS_OF:
                seen.setdefault(f, None)
    return list(seen)


def node_sources(node: Node) -> set[str]:
    return {source_of(f) for leaf in leaves(node) for f in leaf.fields if f != AS_OF}
