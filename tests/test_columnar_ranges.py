"""A leaf over a ranged fact (a score with its range) decided over columns = the closure's
:func:`zhice.scoring.compare_ranges`, row by row: every operator, ranges with infinite ends,
one-number ranges, unknown ranges, NaN ends and ends past 2^53 (those rows go to the closure),
through both chunk interfaces (``match_many``: ranges among the row facts; ``match_columns``:
ranges as the derivation leaves them, two Float64 columns)."""

from __future__ import annotations

import itertools
import math

import polars as pl

from zhice.ir import All, Const, Leaf, Not
from zhice.matchers.columnar import ColumnarMatcher
from zhice.matchers.columnar_tree import ColumnTree, column_series, range_end
from zhice.scoring import range_key

FACT = "derived.some_score"
ENDS = [-math.inf, 0.0, 59.5, 60.0, 60, 61.0, 2.0 ** 53, math.inf, math.nan]
RANGES = [None] + [(a, b) for a, b in itertools.product(ENDS, ENDS)
                   if math.isnan(a) or math.isnan(b) or a <= b]


def _leaf(op: str, value: float) -> Leaf:
    return Leaf(FACT, op, Const(value), (FACT,), ranged=True)


def _facts(r: tuple[float, float] | None) -> dict:
    out: dict = {"enterprise.employees": 9}
    if r is not None:
        out[range_key(FACT)] = r
        if r[0] == r[1] and not math.isinf(r[0]):
            out[FACT] = r[0]
    return out


def _truths(tree: ColumnTree, rows: list[dict]) -> list:
    """The tree's truths as ``match_many`` decides them over a frame (ranges among the row facts)."""
    matcher = ColumnarMatcher.__new__(ColumnarMatcher)
    matcher.trees = [tree]

    def column(path: str):
        end = range_end(path)
        if end is None:
            return column_series(path, [f.get(path) for f in rows])
        key = range_key(end[0])
        return pl.Series(path, [None if (b := f.get(key)) is None else float(b[end[1]]) for f in rows],
                         dtype=pl.Float64)

    got = matcher._values(len(rows), column, rows.__getitem__)[0]
    return got if isinstance(got, list) else got.to_list()


def test_ranged_leaves_over_columns_equal_the_closure() -> None:
    rows = [_facts(r) for r in RANGES]
    assert any(math.isnan(f.get(range_key(FACT), (0, 0))[0]) for f in rows)
    for op in ("gte", "gt", "lte", "lt", "eq", "ne"):
        for value in (60, 59.5, 0, -1):
            staff = Leaf("enterprise.employees", "gte", Const(5), ("enterprise.employees",))
            for node in (_leaf(op, value), Not(_leaf(op, value)), All((_leaf(op, value), staff))):
                tree = ColumnTree(node)
                assert tree.expr is not None and tree.suspects
                assert _truths(tree, rows) == [tree.fn(f) for f in rows], (op, value, node)


def test_a_leaf_with_a_score_on_its_right_side_stays_in_python() -> None:
    from zhice.ir import Agg

    leaf = Leaf(FACT, "gte", Agg("sum", (Const(1), Const(2))), (FACT,), ranged=True)
    assert ColumnTree(leaf).expr is None
