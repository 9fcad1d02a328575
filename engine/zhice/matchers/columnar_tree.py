"""Condition trees as polars expressions over a chunk's columns: the part both columnar modules share.

:class:`ColumnTree` compiles one condition tree to a polars expression (or refuses with
:class:`NotColumnar`, and the tree is left to the one interpreter's closures), :func:`column_series`
builds a column from the chunk's cells, :func:`tree_paths` lists the fields an object reads.
:mod:`zhice.matchers.columnar` (the matcher) and :mod:`zhice.matchers.columnar_derive` (the
derived facts over columns) both build on it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from zhice import scoring
from zhice.eval import Facts, Truth, node_fn
from zhice.ir import All, Any_, Calc, Const, FieldOp, Leaf, Node, Not

__all__ = ["ARITH", "COMPARE", "HI", "LO", "ColumnTree", "NotColumnar", "column_series", "plain_value", "range_end",
           "tree_paths"]


COMPARE = ("eq", "ne", "gt", "gte", "lt", "lte")
ARITH = ("add", "sub", "mul", "div")
LO, HI = "#lo", "#hi"        # the columns of a ranged fact's lowest and highest values (Float64, null: unknown)
_EXACT = 2.0 ** 53


def range_end(path: str) -> tuple[str, int] | None:
    """``(fact, 0 | 1)`` for the column of a ranged fact's lowest / highest value, else None."""
    if path.endswith(LO):
        return path[:-len(LO)], 0
    if path.endswith(HI):
        return path[:-len(HI)], 1
    return None


class NotColumnar(Exception):
    """A tree polars would not decide exactly as Python does: evaluated row by row instead."""


def plain_value(v: Any) -> bool:
    return type(v) in (int, float, str, bool)


class ColumnTree:
    """One distinct condition tree: its polars expression (or None: Python only), the columns it
    reads, the denominators of its divisions, and ``suspects``: expressions true in the rows
    polars would not decide as Python (a NaN or a value past 2^53 in a range): like a row dividing
    by zero, such a row is decided by the tree's closure."""

    def __init__(self, node: Node):
        self.fn: Callable[[Facts], Truth] = node_fn(node)
        self.columns: set[str] = set()
        self.denominators: list[Any] = []
        self.suspects: list[Any] = []
        try:
            self.expr: Any = self._node(node)
        except NotColumnar:
            self.expr = None

    # --- building the expression ---------------------------------------------------------------
    def _node(self, node: Node) -> Any:
        import polars as pl

        if isinstance(node, Leaf):
            return self._leaf(node)
        if isinstance(node, Not):
            return ~self._node(node.child)
        kids = [self._node(c) for c in node.children]
        if not kids:
            raise NotColumnar
        if isinstance(node, All):
            return pl.all_horizontal(kids) if len(kids) > 1 else kids[0]
        assert isinstance(node, Any_)
        return pl.any_horizontal(kids) if len(kids) > 1 else kids[0]

    def _column(self, path: str) -> Any:
        import polars as pl

        self.columns.add(path)
        return pl.col(path)

    def _operand(self, op: Any) -> Any:
        import polars as pl

        if scoring.has_score(op):
            raise NotColumnar
        if isinstance(op, Const):
            if not plain_value(op.value) or isinstance(op.value, bool):
                raise NotColumnar
            return pl.lit(op.value)
        if isinstance(op, FieldOp):
            return self._column(op.path)
        if isinstance(op, Calc) and op.op in ARITH:
            left, right = self._operand(op.left), self._operand(op.right)
            if op.op == "add":
                return left + right
            if op.op == "sub":
                return left - right
            if op.op == "mul":
                return left * right
            self.denominators.append(right)
            return left / right
        raise NotColumnar

    def _ranged(self, leaf: Leaf) -> Any:
        """A ranged fact compared with a number (``derived.score ≥ 60``), as
        :func:`zhice.scoring.compare_ranges` decides it: met when every value of the range is,
        unmet when none is, else unknown (and unknown when the range is)."""
        import polars as pl

        right = leaf.right
        if leaf.op not in COMPARE or not isinstance(right, Const) or type(right.value) not in (int, float) \
                or not abs(right.value) < _EXACT:
            raise NotColumnar
        lo, hi, c = self._column(leaf.left + LO), self._column(leaf.left + HI), pl.lit(float(right.value))
        met, unmet = {"gte": (lo >= c, hi < c), "gt": (lo > c, hi <= c), "lte": (hi <= c, lo > c),
                      "lt": (hi < c, lo >= c), "eq": (None, (hi < c) | (lo > c)),
                      "ne": ((hi < c) | (lo > c), None)}[leaf.op]
        if leaf.op in ("eq", "ne"):
            same = (lo == c) & (hi == c) & lo.is_finite()
            met, unmet = (same, unmet) if leaf.op == "eq" else (met, same)
        # polars orders NaN above every number, Python compares it with nothing: such a row is Python's
        self.suspects += [end.is_nan() | ((end.abs() >= _EXACT) & end.is_finite()) for end in (lo, hi)]
        return pl.when(met).then(pl.lit(True)).when(unmet).then(pl.lit(False)).otherwise(pl.lit(None, dtype=pl.Boolean))

    def _leaf(self, leaf: Leaf) -> Any:
        import polars as pl

        if leaf.ranged and not scoring.has_score(leaf.right):
            return self._ranged(leaf)
        if leaf.ranged or scoring.has_score(leaf.right):
            raise NotColumnar
        col = self._column(leaf.left)
        if leaf.op == "exists":
            return col.is_not_null()
        if leaf.op == "not_exists":
            return col.is_null()
        right = leaf.right
        if leaf.op in ("in", "not_in"):
            if not isinstance(right, Const) or not isinstance(right.value, tuple) or not right.value \
                    or not all(plain_value(v) and not isinstance(v, bool) for v in right.value) \
                    or len({type(v) for v in right.value}) > 1:
                raise NotColumnar
            hit = col.is_in(list(right.value))
            # is_in gives False for a null value; a leaf over an unknown field is unknown
            hit = pl.when(col.is_null()).then(None).otherwise(hit)
            return hit if leaf.op == "in" else ~hit
        if leaf.op in ("startswith", "not_startswith") and isinstance(right, Const) \
                and isinstance(right.value, tuple) and right.value and all(type(v) is str for v in right.value):
            # str.startswith(tuple): any of the prefixes; a leaf over an unknown field is unknown
            hit = pl.any_horizontal([col.str.starts_with(v) for v in right.value])
            hit = pl.when(col.is_null()).then(None).otherwise(hit)
            return hit if leaf.op == "startswith" else ~hit
        if leaf.op not in COMPARE:
            raise NotColumnar        # contains, intersects … (lists): Python
        if isinstance(right, Const) and isinstance(right.value, bool):
            if leaf.op not in ("eq", "ne"):
                raise NotColumnar
            return col == right.value if leaf.op == "eq" else col != right.value
        value = self._operand(right)
        # every field the leaf reads must be known (Python: unknown if any is absent)
        known = pl.all_horizontal([self._column(p).is_not_null() for p in leaf.fields])
        cmp = {"eq": col == value, "ne": col != value, "gt": col > value, "gte": col >= value,
               "lt": col < value, "lte": col <= value}[leaf.op]
        return pl.when(known).then(cmp).otherwise(None)


def tree_paths(obj: Any, out: set[str]) -> set[str]:
    """Every fact path a tree or operand reads (field operands and leaves), walked generically."""
    if isinstance(obj, FieldOp):
        out.add(obj.path)
    elif isinstance(obj, Leaf):
        out.add(obj.left)
        out.update(obj.fields)
        tree_paths(obj.right, out)
    elif isinstance(obj, (tuple, list)):
        for x in obj:
            tree_paths(x, out)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            tree_paths(getattr(obj, f.name), out)
    return out


def column_series(path: str, cells: list[Any]) -> Any:
    """A column polars holds exactly as Python compares it, or None (its trees go to Python):
    one kind of value (ints and floats together as floats), integers within a double's exact range."""
    import polars as pl

    kinds = set(map(type, cells))
    kinds.discard(type(None))
    numeric = kinds <= {int, float} and kinds
    if not (len(kinds) <= 1 or numeric) or not kinds <= {int, float, str, bool}:
        return None
    try:
        series = pl.Series(path, cells, dtype=pl.Float64 if float in kinds else None)
    except Exception:  # noqa: BLE001 - a column polars cannot hold: those trees go to Python
        return None
    if int in kinds and float not in kinds and \
            (not series.dtype.is_integer() or max(series.max() or 0, -(series.min() or 0)) >= 2 ** 53):  # type: ignore[operator]
        return None             # integers past a double's exact range: Python compares them exactly
    return series
