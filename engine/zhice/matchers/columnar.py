"""The ``columnar`` matcher: condition trees compiled to polars expressions, evaluated over a chunk.

Screening matches profiles a chunk at a time: the chunk's facts become a polars DataFrame (one
column per field a tree reads; an absent fact is null), and every condition tree that polars can
express is one boolean expression over those columns, evaluated for all rows at once. polars'
``&``, ``|`` and ``~`` over nulls are Kleene's three-valued logic, as the engine's (null =
unknown), and a comparison with a null is null, as a leaf over an unknown field is unknown.

What polars does not express the way Python does is left to the one interpreter's closures
(:mod:`zhice.eval`, which the compiled matcher runs), row by row, so the two can never
disagree: leaves with a score on their right side or over list fields, and a tree over a
column whose values polars cannot hold in one type. A leaf comparing a ranged fact (a score
with its range) with a number reads the range's two ends as columns. A division whose
denominator is 0 in some row, and a range with a NaN end, is also decided by Python for that
row (where it raises, as in the compiled matcher).

:meth:`ColumnarMatcher.match_many` is the chunk interface; :meth:`ColumnarMatcher.match` one
profile (a chunk of one). ``tests/test_columnar.py`` checks columnar = compiled = durable on
random chunks (unknown values and extremes included).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from zhice.compiler import CompiledSet
from zhice.eval import Derivation, Facts, Truth
from zhice.ir import Node
from zhice.matchers.base import MatchResult
from zhice.matchers.columnar_tree import ColumnTree, column_series, range_end, tree_paths
from zhice.scoring import range_key

__all__ = ["ColumnarMatcher"]

class ColumnarMatcher:
    """Condition trees as polars expressions over a chunk; the rest by the interpreter's closures."""

    name = "columnar"

    def __init__(self, compiled: CompiledSet):
        self.derive = Derivation(compiled.outputs)     # the derived facts, in Python (zhice.eval)
        trees: dict[Node, ColumnTree] = {}
        for e in compiled.elements():
            if e.node not in trees:
                trees[e.node] = ColumnTree(e.node)
        self.trees = list(trees.values())
        index = {node: i for i, node in enumerate(trees)}
        self._slots = [(e.key, index[e.node]) for e in compiled.elements()]
        self.tree_of = dict(self._slots)                # element key → index of its tree in :attr:`trees`
        self._reads = [tree_paths(node, set()) for node in trees]
        from zhice.matchers.columnar_derive import ColumnarDerivation

        self._derive_columns = ColumnarDerivation(compiled.outputs, self.derive)
        self._python_reads = frozenset().union(*(r for t, r in zip(self.trees, self._reads) if t.expr is None))

    def match(self, facts: Facts) -> MatchResult:
        return self.match_many([facts])[0]

    def match_many(self, chunk: Sequence[Facts]) -> list[MatchResult]:
        """Every profile's outcomes, in order: the same as the compiled matcher's ``match`` of each."""
        import polars as pl

        derived = [self.derive(f) for f in chunk]
        rows = [f for f, _ in derived]
        cache: dict[str, Any] = {}

        def column(path: str) -> Any:
            if path not in cache:
                end = range_end(path)
                if end is None:
                    cache[path] = column_series(path, [f.get(path) for f in rows])
                else:                       # a ranged fact's lowest / highest value (its range among the facts)
                    key, at = range_key(end[0]), end[1]
                    cache[path] = pl.Series(path, [None if (b := f.get(key)) is None else float(b[at]) for f in rows],
                                            dtype=pl.Float64)
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
            if tree.denominators or tree.suspects:
                exprs.append(pl.any_horizontal([(d == 0).fill_null(False) for d in tree.denominators]
                                               + [s.fill_null(False) for s in tree.suspects]).alias(f"z{i}"))
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
            if (tree.denominators or tree.suspects) and out[f"z{i}"].any():
                zeros = out[f"z{i}"].to_list()
                exact = python(i)       # Python decides (and raises) as the compiled matcher
                col = [exact[r] if zero else v for r, (zero, v) in enumerate(zip(zeros, col.to_list()))]
            results[i] = col
        return results

