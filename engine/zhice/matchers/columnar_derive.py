"""The derived facts of a chunk worked out over its columns, for the columnar matcher.

:class:`ColumnarDerivation` runs a compiled set's outputs (cases, computed values, banded scores
with their ranges) in dependency order as polars expressions over a chunk's facts
(:class:`ChunkFacts`), each exactly as :class:`zhice.eval.Derivation` does it for one row: the
same operations in the same order (so the same doubles), the results rounded by
:func:`zhice.scoring.finish`, and every row polars would not decide the same way (a zero
divisor, a NaN from ∞ − ∞, an integer past 2^53, overlapping exclusive cases) by the step's own
closure. ``tests/test_columnar.py`` checks it against the compiled matcher on random chunks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from zhice import scoring
from zhice.eval import Derivation, Facts, operand_fields
from zhice.ir import DERIVED, Agg, Bands, Calc, Const, FieldOp
from zhice.matchers.columnar_tree import HI, LO, ColumnTree, NotColumnar, column_series, tree_paths
from zhice.profile import FIELDS
from zhice.scoring import INF, finish, range_key

__all__ = ["ChunkFacts", "ColumnarDerivation"]


_LO, _HI = LO, HI


class ChunkFacts:
    """A chunk's facts by column: polars Series (typed, or made from Python lists), Python lists,
    the ranges of ranged derived facts (lowest and highest lists), and rows of facts on demand."""

    def __init__(self, columns: dict[str, Any], n: int, base: dict[str, Any], ranged: set[str]):
        self.n = n
        self.base = base
        self.series: dict[str, Any] = dict(columns)
        self.lists: dict[str, list[Any]] = {}
        self.ranges: dict[str, tuple[list[Any], list[Any]]] = {}
        self.ranged = ranged
        self.outputs: list[str] = []
        self._rows: dict[frozenset[str], list[Facts]] = {}

    def paths(self) -> list[str]:
        return list(dict.fromkeys([*self.base, *self.series, *self.lists]))

    def list_of(self, path: str) -> list[Any]:
        got = self.lists.get(path)
        if got is None:
            if path in self.base:
                got = [self.base[path]] * self.n
            else:
                col = self.series.get(path)
                got = [None] * self.n if col is None else col.to_list()
            self.lists[path] = got
        return got

    def series_of(self, path: str) -> Any:
        """The column polars reads (None: polars cannot hold it exactly; its trees go to Python)."""
        if path not in self.series:
            if path.endswith(_LO) or path.endswith(_HI):
                fact, end = path[:-len(_LO)], 0 if path.endswith(_LO) else 1
                got = self.ranges.get(fact)
                cells = got[end] if got is not None else [None] * self.n
                self.series[path] = _float_series(path, cells)
            else:
                self.series[path] = column_series(path, self.list_of(path))
            col = self.series[path]
            if col is not None and col.dtype.is_integer() and self.n and (col.abs().max() or 0) >= 2 ** 53:
                self.series[path] = None       # integers past a double's exact range: Python compares them
        col = self.series[path]
        return col

    def set(self, path: str, values: list[Any]) -> None:
        self.lists[path] = values
        self.series.pop(path, None)
        if path not in self.outputs:
            self.outputs.append(path)
        self._rows.clear()

    def set_range(self, path: str, lo: list[Any], hi: list[Any], mid: list[Any] | None = None) -> None:
        """A ranged fact's lowest and highest values; its value is the one where they meet
        (``mid``: that value of each row, when the caller has it)."""
        self.ranges[path] = (lo, hi)
        for end in (_LO, _HI):
            self.series.pop(path + end, None)
        self.set(path, mid if mid is not None else
                 [a if a is not None and a == b and not math.isinf(a) else None for a, b in zip(lo, hi)])

    def rows(self, paths: set[str] | frozenset[str]) -> list[Facts]:
        """Each row's facts of ``paths`` (and the shared ones, and the ranges of ranged facts)."""
        key = frozenset(paths)
        got = self._rows.get(key)
        if got is None:
            got = [dict(self.base) for _ in range(self.n)]
            for p in sorted(key - set(self.base)):
                if p in self.ranges:
                    rk = range_key(p)
                    for f, a, b in zip(got, *self.ranges[p]):
                        if a is not None:
                            f[rk] = (a, b)
                for f, v in zip(got, self.list_of(p)):
                    if v is not None:
                        f[p] = v
            self._rows[key] = got
        return got

    def derived_row(self, r: int) -> dict[str, Any]:
        """Row ``r``'s derived facts, as :class:`zhice.eval.Derivation` gives them."""
        out: dict[str, Any] = {}
        for p in self.outputs:
            if p in self.ranges:
                lo, hi = self.ranges[p]
                if lo[r] is not None:
                    out[range_key(p)] = (lo[r], hi[r])
            v = self.lists[p][r]
            if v is not None:
                out[p] = v
        return out


def _finished(values: list[Any], out_type: str) -> list[Any]:
    """:func:`zhice.scoring.finish` of each of one step's values (None stays None), each distinct
    value worked out once (a chunk's scores take few values). A zero is finished each time (-0.0
    equals 0.0 but keeps its sign); a NaN, never equal to itself, is found by identity: each its own."""
    done = {v: finish(v, out_type) for v in dict.fromkeys(values) if v}
    return [done[v] if v else None if v is None else finish(v, out_type) for v in values]


def _finish_exprs(name: str, out_type: str) -> list[Any]:
    """Column ``name`` finished by polars where that is exactly :func:`zhice.scoring.finish`: an
    integer output's integral doubles below 2^53 are those integers (``<name>_f``, null on the
    rows left to ``finish``: ``<name>_left``, the other non-null values; an infinity, which finish
    keeps, among them). A number output's ``round(v, 4)`` is left to Python: polars' division by a
    constant may multiply by its reciprocal, so no test of "v is already rounded" is exact there."""
    import polars as pl

    if out_type != "integer":
        return []
    raw = pl.col(name)
    x = raw.cast(pl.Float64)
    exact = x.is_finite() & (x.floor() == x) & (x.abs() < 2.0 ** 53)
    return [pl.when(exact).then(x.cast(pl.Int64)).alias(f"{name}_f"),
            (raw.is_not_null() & ~exact.fill_null(False)).alias(f"{name}_left")]


def _finished_from(got: Any, name: str, out_type: str) -> tuple[list[Any], bool]:
    """:func:`_finished` of column ``name`` of ``got`` (with its :func:`_finish_exprs`): the values
    polars finished, the rows it left by ``finish``; and whether polars finished every finite value
    (``finish`` then maps equal values to equal values and no others)."""
    if out_type != "integer":
        return _finished(got[name].to_list(), out_type), False
    values = got[f"{name}_f"].to_list()
    left = got[f"{name}_left"]
    exact = True
    if left.any():
        raw = got[name].to_list()
        done: dict[Any, Any] = {}
        for r in left.arg_true().to_list():
            v = raw[r]
            if isinstance(v, float) and math.isinf(v):
                values[r] = v                   # finish keeps an infinity
                continue
            exact = False
            if v and v == v:                    # (a zero keeps its sign, a NaN is not equal to itself)
                f = done.get(v)
                if f is None:
                    f = done[v] = finish(v, out_type)
                values[r] = f
            else:
                values[r] = finish(v, out_type)
    return values, exact


def _float_series(path: str, cells: list[Any]) -> Any:
    """``cells`` (numbers, None) as a Float64 Series, each as ``float()`` makes it (polars converts
    them; a number it cannot hold, such as an integer past 2^64, is converted by Python)."""
    import polars as pl

    try:
        got = pl.Series(path, cells, dtype=pl.Float64, strict=False)
        if got.null_count() == cells.count(None):
            return got
    except Exception:  # noqa: BLE001 - converted one by one below
        pass
    return pl.Series(path, [None if v is None else float(v) for v in cells], dtype=pl.Float64)


class ColumnarDerivation:
    """The derived facts over a chunk's columns, step by step in dependency order, each exactly as
    :class:`zhice.eval.Derivation` works it out for one row: cases, computed values and scores (with
    their ranges) as polars expressions where that is exact; the rounding of results, and every
    row polars would not decide the same way (a division by zero, a NaN from ∞ − ∞, overlapping
    exclusive cases), by the step's own closure."""

    def __init__(self, outputs: Sequence[Any], derivation: Derivation):
        self.steps: list[tuple[Any, Callable[[Facts], Any], set[str], Any]] = []
        ranged = derivation.ranged
        for out, (path, fn) in zip(outputs, derivation.steps, strict=True):
            assert out.fact == path
            reads = tree_paths([out.cases, out.compute], set())
            try:
                plan = self._compile(out, ranged)
            except NotColumnar:
                plan = None
            self.steps.append((out, fn, reads, plan))

    @staticmethod
    def _compile(out: Any, ranged: set[str]) -> Any:
        import polars as pl

        if out.cases is not None:
            trees = [(value, ColumnTree(node)) for value, node in out.cases]
            # (a tree over a range is left to Python here: its NaN rows would need the closure)
            if any(t.expr is None or t.suspects for _, t in trees) or len({type(v) for v, _ in trees}) > 1 \
                    or not all(type(v) in (str, bool, int) for v, _ in trees):
                raise NotColumnar
            columns = set().union(*(t.columns for _, t in trees))
            if out.exclusive:
                held: dict[Any, Any] = {}
                for value, t in trees:
                    hit = t.expr.fill_null(False)
                    held[value] = held[value] | hit if value in held else hit
                # each value's hits computed once, as columns the value and the conflict test both read
                # (polars does not share them between the two: sme_size 42 -> 20 ms over 20k rows)
                stages = [hit.alias(f"_h{i}") for i, hit in enumerate(held.values())]
                expr = pl.lit(None)
                for i, value in reversed(list(enumerate(held))):
                    expr = pl.when(pl.col(f"_h{i}")).then(pl.lit(value)).otherwise(expr)
                conflict = pl.sum_horizontal([pl.col(f"_h{i}").cast(pl.Int64) for i in range(len(held))]) > 1
                return ("cases", columns, (stages, expr), conflict)
            expr = pl.lit(None)
            for value, t in reversed(trees):
                expr = pl.when(t.expr.is_null()).then(None).when(t.expr).then(pl.lit(value)).otherwise(expr)
            return ("cases", columns, ([], expr), pl.lit(False))
        assert out.compute is not None
        b = _Bounds(ranged)
        if out.ranged:
            lo, hi = b.bounds(out.compute)
            required = [p for p in scoring.score_fields(out.compute) if p.startswith(DERIVED)]
            ok = pl.all_horizontal([pl.col(p).is_not_null() | pl.col(p + _LO).is_not_null() for p in required]) \
                if required else pl.lit(True)
            b.columns |= set(required) | {p + _LO for p in required}
            return ("score", b.columns, (_levels(b.stages), lo, hi, ok), b.suspect())
        fields = operand_fields(out.compute)
        value = b.value(out.compute)
        known = pl.all_horizontal([pl.col(p).is_not_null() for p in fields]) if fields else pl.lit(True)
        b.columns |= set(fields)
        # Python decides a row dividing by zero, or with integers large enough to overflow Int64 arithmetic
        odd = [(d == 0).fill_null(False) for d in b.denominators]
        odd += [(pl.col(p).cast(pl.Float64).abs() >= 2.0 ** 26).fill_null(False) for p in fields
                if FIELDS.get(p) is None or FIELDS[p].type == "integer"]
        return ("value", b.columns, pl.when(known).then(value), known & pl.any_horizontal(odd) if odd else pl.lit(False))

    def run(self, facts: ChunkFacts) -> None:
        import polars as pl

        for out, fn, reads, plan in self.steps:
            path = out.fact
            frame = None
            if plan is not None and facts.n:
                cols = [facts.series_of(p) for p in sorted(plan[1])]
                if all(c is not None for c in cols):
                    frame = pl.DataFrame(cols) if cols else pl.DataFrame({"_": [0] * facts.n})
            if frame is None:
                self._python(facts, path, fn, reads, out, range(facts.n))
                continue
            kind, _, expr, odd = plan
            try:
                if kind == "score":
                    stages, lo, hi, ok = expr         # (stages: in groups, _levels)
                    lazy = frame.lazy()
                    for group in stages:
                        lazy = lazy.with_columns(group)
                    lazy = lazy.select(pl.when(ok).then(lo).alias("lo"), pl.when(ok).then(hi).alias("hi"),
                                       odd.alias("odd"))
                    finishing = _finish_exprs("lo", out.type) + _finish_exprs("hi", out.type)
                    if finishing:       # and the value where the finished ends meet, when polars finished them
                        x, y = pl.col("lo"), pl.col("hi")
                        lazy = lazy.with_columns(*finishing).with_columns(
                            pl.when(x.is_not_null() & (x == y) & x.is_finite()).then(pl.col("lo_f")).alias("mid"))
                    got = lazy.collect()
                elif kind == "value":
                    lazy = frame.lazy().select(expr.alias("v"), odd.alias("odd"))
                    finishing = _finish_exprs("v", out.type)
                    got = (lazy.with_columns(*finishing) if finishing else lazy).collect()
                else:
                    # lazily: polars computes a leaf the cases share once (sme_size: 60 cases, ~3× faster)
                    stages, expr = expr
                    got = frame.lazy().with_columns(stages).select(expr.alias("v"), odd.alias("odd")).collect()
            except Exception:  # noqa: BLE001 - e.g. a text column compared with a number: Python decides
                self._python(facts, path, fn, reads, out, range(facts.n))
                continue
            rows = got["odd"].arg_true().to_list() if got["odd"].any() else []
            if kind == "cases" and rows:            # overlapping exclusive cases: the closure raises
                self._python(facts, path, fn, reads, out, range(facts.n))
                continue
            if kind == "score":
                # the range where every fact it needs is known (``ok``), finished as Derivation does
                (lo_f, lo_exact), (hi_f, hi_exact) = _finished_from(got, "lo", out.type), _finished_from(got, "hi", out.type)
                facts.set_range(path, lo_f, hi_f, got["mid"].to_list() if lo_exact and hi_exact else None)
            else:
                facts.set(path, _finished_from(got, "v", out.type)[0] if kind == "value" else got["v"].to_list())
            if rows:
                self._python(facts, path, fn, reads, out, rows)

    @staticmethod
    def _python(facts: ChunkFacts, path: str, fn: Callable[[Facts], Any], reads: set[str], out: Any,
                rows: Sequence[int]) -> None:
        """Step ``path`` for ``rows`` by its closure (zhice.eval), as the compiled matcher does it."""
        frame = facts.rows(reads)
        got = [fn(frame[r]) for r in rows]
        if out.ranged:
            lo, hi = facts.ranges.get(path, ([None] * facts.n, [None] * facts.n))
            lo, hi = list(lo), list(hi)
            for r, v in zip(rows, got):
                lo[r], hi[r] = (None, None) if v is None else v
            facts.set_range(path, lo, hi)
        else:
            values = list(facts.lists.get(path) or [None] * facts.n)
            for r, v in zip(rows, got):
                values[r] = v
            facts.set(path, values)


def _levels(stages: list[Any]) -> list[list[Any]]:
    """A score's intermediate columns in groups that polars computes one after the other, each
    group's columns from the frame and the earlier groups only (a stage one level past the latest
    stage it reads): ~1.7× faster than one ``with_columns`` a stage for a score of 200 stages."""
    level: dict[str, int] = {}
    groups: list[list[Any]] = []
    for stage in stages:
        at = 1 + max((level[r] for r in stage.meta.root_names() if r in level), default=-1)
        level[stage.meta.output_name()] = at
        if at == len(groups):
            groups.append([])
        groups[at].append(stage)
    return groups


class _Bounds:
    """A score's (lowest, highest) as two polars expressions, step for step as ``zhice.eval``'s
    ``_bounds`` (the same operations in the same order, so the same floats); ``suspect`` marks the
    rows where an operation gave NaN (∞ − ∞), which Python's ``min`` / ``max`` treat by position."""

    def __init__(self, ranged: set[str]):
        self.ranged = ranged
        self.columns: set[str] = set()
        self.denominators: list[Any] = []
        self.nans: list[Any] = []
        # intermediate columns, computed in order (a nested expression would repeat its parts)
        self.stages: list[Any] = []

    def _stage(self, expr: Any) -> Any:
        import polars as pl

        name = f"_b{len(self.stages)}"
        self.stages.append(expr.alias(name))
        return pl.col(name)

    def suspect(self) -> Any:
        """Rows where polars' doubles may not equal Python's numbers: a NaN, or a value at or past
        2^53 (Python adds integers exactly there)."""
        import polars as pl

        odd = [(x.is_nan() | (x.abs() >= 2.0 ** 53) & x.is_finite()).fill_null(False) for x in self.nans]
        return pl.any_horizontal(odd) if odd else pl.lit(False)

    def value(self, op: Any) -> Any:
        """A computed value's expression (the tree compiler's operands)."""
        t = ColumnTree.__new__(ColumnTree)
        t.columns, t.denominators = self.columns, self.denominators
        return t._operand(op)

    def bounds(self, op: Any) -> tuple[Any, Any]:
        import polars as pl

        if isinstance(op, Const):
            if type(op.value) not in (int, float):
                raise NotColumnar
            return pl.lit(float(op.value)), pl.lit(float(op.value))
        if isinstance(op, FieldOp):
            p = op.path
            spec = FIELDS.get(p)
            lo0 = spec.minimum if spec is not None and spec.minimum is not None else -INF
            hi0 = spec.maximum if spec is not None and spec.maximum is not None else INF
            self.columns.add(p)
            value = pl.col(p).cast(pl.Float64)
            self.nans.append(value)
            if p in self.ranged:
                self.columns |= {p + _LO, p + _HI}
                return (pl.coalesce(pl.col(p + _LO), value, pl.lit(float(lo0))),
                        pl.coalesce(pl.col(p + _HI), value, pl.lit(float(hi0))))
            return pl.coalesce(value, pl.lit(float(lo0))), pl.coalesce(value, pl.lit(float(hi0)))
        if isinstance(op, Calc):
            (a, b), (c, d) = self.bounds(op.left), self.bounds(op.right)
            if op.op == "add":
                lo, hi = a + c, b + d
            elif op.op == "sub":
                lo, hi = a - d, b - c
            elif op.op == "mul":
                def mul(x: Any, y: Any) -> Any:
                    return pl.when((x == 0) | (y == 0)).then(0.0).otherwise(x * y)
                ends = [self._stage(mul(a, c)), self._stage(mul(a, d)), self._stage(mul(b, c)), self._stage(mul(b, d))]
                self.nans += ends
                return self._stage(pl.min_horizontal(ends)), self._stage(pl.max_horizontal(ends))
            else:
                lo, hi = self._stage(a / c), self._stage(b / c)
                self.nans += [lo, hi]
                return self._stage(pl.min_horizontal(lo, hi)), self._stage(pl.max_horizontal(lo, hi))
            lo, hi = self._stage(lo), self._stage(hi)
            self.nans += [lo, hi]
            return lo, hi
        if isinstance(op, Agg):
            items = [self.bounds(i) for i in op.items]
            if op.op == "sum":
                lo = hi = pl.lit(0.0)
                for a, b in items:
                    lo, hi = self._stage(lo + a), self._stage(hi + b)
                    self.nans += [lo, hi]
                return lo, hi
            if op.op in ("range", "min", "max"):
                lows, highs = [a for a, _ in items], [b for _, b in items]
                if op.op == "range":
                    return self._stage(pl.min_horizontal(lows)), self._stage(pl.max_horizontal(highs))
                pick = pl.max_horizontal if op.op == "max" else pl.min_horizontal
                return self._stage(pick(lows)), self._stage(pick(highs))
            raise NotColumnar
        if isinstance(op, Bands):
            lo, hi, done = pl.lit(INF), pl.lit(-INF), pl.lit(False)
            for cond, pts in op.cases:
                tree = ColumnTree(cond)
                if tree.expr is None or tree.suspects:
                    raise NotColumnar
                self.columns |= tree.columns
                a, b = self.bounds(pts)
                truth = self._stage(tree.expr)
                live = self._stage(~done & (truth.is_null() | truth.fill_null(False)))
                lo = self._stage(pl.when(live).then(pl.min_horizontal(lo, a)).otherwise(lo))
                hi = self._stage(pl.when(live).then(pl.max_horizontal(hi, b)).otherwise(hi))
                done = self._stage(done | truth.fill_null(False))
            a, b = self.bounds(op.default)
            return (self._stage(pl.when(done).then(lo).otherwise(pl.min_horizontal(lo, a))),
                    self._stage(pl.when(done).then(hi).otherwise(pl.max_horizontal(hi, b))))
        raise NotColumnar
