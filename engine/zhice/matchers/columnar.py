"""The ``columnar`` matcher: condition trees compiled to polars expressions, evaluated over a chunk.

Screening matches profiles a chunk at a time: the chunk's facts become a polars DataFrame (one
column per field a tree reads; an absent fact is null), and every condition tree that polars can
express is one boolean expression over those columns, evaluated for all rows at once. polars'
``&``, ``|`` and ``~`` over nulls are Kleene's three-valued logic, as the engine's (null =
unknown), and a comparison with a null is null, as a leaf over an unknown field is unknown.

What polars does not express the way Python does is left to the one interpreter's closures
(:mod:`zhice.eval`, which the compiled matcher runs), row by row, so the two can never
disagree: the derived facts (the SME size class, scores with their ranges:
:class:`zhice.eval.Derivation`), leaves over scores
or list fields, string prefixes, and a tree over a column whose values polars cannot hold in
one type. A division whose denominator is 0 in some row is also decided by Python for that
row (where it raises, as in the compiled matcher).

:meth:`ColumnarMatcher.match_many` is the chunk interface; :meth:`ColumnarMatcher.match` one
profile (a chunk of one). ``tests/test_columnar.py`` checks columnar = compiled = durable on
random chunks (unknown values and extremes included).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from zhice import scoring
from zhice.compiler import CompiledSet
from zhice.eval import Derivation, Facts, Truth, node_fn
from zhice.ir import All, Any_, Calc, Const, FieldOp, Leaf, Node, Not
from zhice.matchers.base import MatchResult

__all__ = ["ColumnarMatcher"]

_COMPARE = ("eq", "ne", "gt", "gte", "lt", "lte")
_ARITH = ("add", "sub", "mul", "div")


class _NotColumnar(Exception):
    """A tree polars would not decide exactly as Python does: evaluated row by row instead."""


def _plain(v: Any) -> bool:
    return type(v) in (int, float, str, bool)


class _Tree:
    """One distinct condition tree: its polars expression (or None: Python only), the columns it
    reads and the denominators of its divisions."""

    def __init__(self, node: Node):
        self.fn: Callable[[Facts], Truth] = node_fn(node)
        self.columns: set[str] = set()
        self.denominators: list[Any] = []
        try:
            self.expr: Any = self._node(node)
        except _NotColumnar:
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
            raise _NotColumnar
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
            raise _NotColumnar
        if isinstance(op, Const):
            if not _plain(op.value) or isinstance(op.value, bool):
                raise _NotColumnar
            return pl.lit(op.value)
        if isinstance(op, FieldOp):
            return self._column(op.path)
        if isinstance(op, Calc) and op.op in _ARITH:
            left, right = self._operand(op.left), self._operand(op.right)
            if op.op == "add":
                return left + right
            if op.op == "sub":
                return left - right
            if op.op == "mul":
                return left * right
            self.denominators.append(right)
            return left / right
        raise _NotColumnar

    def _leaf(self, leaf: Leaf) -> Any:
        import polars as pl

        if leaf.ranged or scoring.has_score(leaf.right):
            raise _NotColumnar
        col = self._column(leaf.left)
        if leaf.op == "exists":
            return col.is_not_null()
        if leaf.op == "not_exists":
            return col.is_null()
        right = leaf.right
        if leaf.op in ("in", "not_in"):
            if not isinstance(right, Const) or not isinstance(right.value, tuple) or not right.value \
                    or not all(_plain(v) and not isinstance(v, bool) for v in right.value) \
                    or len({type(v) for v in right.value}) > 1:
                raise _NotColumnar
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
        if leaf.op not in _COMPARE:
            raise _NotColumnar        # contains, intersects … (lists): Python
        if isinstance(right, Const) and isinstance(right.value, bool):
            if leaf.op not in ("eq", "ne"):
                raise _NotColumnar
            return col == right.value if leaf.op == "eq" else col != right.value
        value = self._operand(right)
        # every field the leaf reads must be known (Python: unknown if any is absent)
        known = pl.all_horizontal([self._column(p).is_not_null() for p in leaf.fields])
        cmp = {"eq": col == value, "ne": col != value, "gt": col > value, "gte": col >= value,
               "lt": col < value, "lte": col <= value}[leaf.op]
        return pl.when(known).then(cmp).otherwise(None)


def _paths(obj: Any, out: set[str]) -> set[str]:
    """Every fact path a tree or operand reads (field operands and leaves), walked generically."""
    if isinstance(obj, FieldOp):
        out.add(obj.path)
    elif isinstance(obj, Leaf):
        out.add(obj.left)
        out.update(obj.fields)
        _paths(obj.right, out)
    elif isinstance(obj, (tuple, list)):
        for x in obj:
            _paths(x, out)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            _paths(getattr(obj, f.name), out)
    return out


def _series(path: str, cells: list[Any]) -> Any:
    """A column polars holds exactly as Python compares it, or None (its trees go to Python):
    one kind of value (ints and floats together as floats), integers within a double's exact range."""
    import polars as pl

    kinds = {type(v) for v in cells if v is not None}
    numeric = kinds <= {int, float} and kinds
    if not (len(kinds) <= 1 or numeric) or not kinds <= {int, float, str, bool}:
        return None
    if int in kinds and float not in kinds and any(abs(v) >= 2 ** 53 for v in cells if v is not None):
        return None             # integers past a double's exact range: Python compares them exactly
    try:
        return pl.Series(path, cells, dtype=pl.Float64 if float in kinds else None)
    except Exception:  # noqa: BLE001 - a column polars cannot hold: those trees go to Python
        return None


class ColumnarMatcher:
    """Condition trees as polars expressions over a chunk; the rest by the interpreter's closures."""

    name = "columnar"

    def __init__(self, compiled: CompiledSet):
        self.derive = Derivation(compiled.outputs)     # the derived facts, in Python (zhice.eval)
        trees: dict[Node, _Tree] = {}
        for e in compiled.elements():
            if e.node not in trees:
                trees[e.node] = _Tree(e.node)
        self.trees = list(trees.values())
        index = {node: i for i, node in enumerate(trees)}
        self._slots = [(e.key, index[e.node]) for e in compiled.elements()]
        self.tree_of = dict(self._slots)                # element key → index of its tree in :attr:`trees`
        self._reads = [_paths(node, set()) for node in trees]
        from zhice.matchers.columnar_derive import ColumnarDerivation

        self._derive_columns = ColumnarDerivation(compiled.outputs, self.derive)
        self._python_reads = frozenset().union(*(r for t, r in zip(self.trees, self._reads) if t.expr is None))

    def match(self, facts: Facts) -> MatchResult:
        return self.match_many([facts])[0]

    def match_many(self, chunk: Sequence[Facts]) -> list[MatchResult]:
        """Every profile's outcomes, in order: the same as the compiled matcher's ``match`` of each."""
        derived = [self.derive(f) for f in chunk]
        rows = [f for f, _ in derived]
        cache: dict[str, Any] = {}

        def column(path: str) -> Any:
            if path not in cache:
                cache[path] = _series(path, [f.get(path) for f in rows])
            return cache[path]

        values = [v if isinstance(v, list) else v.to_list() for v in self._values(len(rows), column, rows.__getitem__)]
        slots = self._slots
        return [MatchResult({key: values[i][r] for key, i in slots}, d) for r, (_, d) in enumerate(derived)]

    def match_columns(self, columns: dict[str, Any], n: int,
                      base: dict[str, Any]) -> tuple[list[Any], Callable[[int], dict[str, Any]]]:
        """The chunk interface of columnar screening: ``n`` profiles given as typed polars columns
        (``{path: Series}``, normalized facts as :func:`zhice.eval.normalize` gives them, null =
        unknown; absent paths unknown for every row), plus ``base`` facts every row shares
        (``var.as_of``). The derived facts are worked out over the columns too (:mod:`zhice.matchers.columnar_derive`).
        Returns every distinct tree's truths (by :attr:`tree_of`; a boolean Series where polars
        decided the tree, else a list), and a function giving one row's derived facts (as
        ``MatchResult.derived``)."""
        from zhice.matchers.columnar_derive import ChunkFacts

        facts = ChunkFacts(columns, n, base, self.derive.ranged)
        self._derive_columns.run(facts)

        def python(i: int) -> list[Truth]:
            # one set of row facts for every tree decided in Python (built once)
            fn = self.trees[i].fn
            return [fn(f) for f in facts.rows(self._python_reads | self._reads[i])]

        values = self._values(n, facts.series_of, lambda r: facts.rows(set(facts.paths()))[r], python)
        return values, facts.derived_row

    def _values(self, n: int, column: Callable[[str], Any], row: Callable[[int], Facts],
                python: Callable[[int], list[Truth]] | None = None) -> list[Any]:
        """Every tree's truths over ``n`` rows: polars where it decides exactly as Python, else
        the tree's closure over each row's facts (``python(i)``, or ``row(r)`` for each row)."""
        import polars as pl

        def by_row(i: int) -> list[Truth]:
            fn = self.trees[i].fn
            return [fn(row(r)) for r in range(n)]

        python = python or by_row
        values: list[Any] = [[] for _ in self.trees]
        frame_trees: list[int] = []
        for i, tree in enumerate(self.trees):
            if tree.expr is not None and n and all(column(p) is not None for p in tree.columns):
                frame_trees.append(i)
            else:
                values[i] = python(i)
        if frame_trees:
            frame = pl.DataFrame([column(p) for p in sorted({p for i in frame_trees for p in self.trees[i].columns})])
            for i, out in self._evaluate(frame, frame_trees, row, python).items():
                values[i] = out
        return values

    def _evaluate(self, frame: Any, which: list[int], row: Callable[[int], Facts],
                  python: Callable[[int], list[Truth]]) -> dict[int, Any]:
        import polars as pl

        exprs = []
        for i in which:
            tree = self.trees[i]
            exprs.append(tree.expr.alias(f"t{i}"))
            if tree.denominators:
                exprs.append(pl.any_horizontal([(d == 0).fill_null(False) for d in tree.denominators]).alias(f"z{i}"))
        try:
            out = frame.select(exprs)
        except Exception:  # noqa: BLE001 - e.g. a comparison of a text column with a number
            results: dict[int, Any] = {}
            for i in which:
                try:
                    results.update(self._evaluate(frame, [i], row, python))
                except Exception:  # noqa: BLE001
                    results[i] = python(i)
            return results
        results: dict[int, Any] = {}
        for i in which:
            col = out[f"t{i}"]
            tree = self.trees[i]
            if tree.denominators and out[f"z{i}"].any():
                zeros = out[f"z{i}"].to_list()
                exact = python(i)       # Python decides (and raises) as the compiled matcher
                col = [exact[r] if zero else v for r, (zero, v) in enumerate(zip(zeros, col.to_list()))]
            results[i] = col
        return results

