"""Columnar screening of a chunk: table rows typed per column, matched and decided vectorised.

The default for screening CSV/XLSX into CSV/XLSX (the ``columnar`` matcher). A chunk's table
rows are typed and validated per column (:mod:`zhice.batch.check_columns`), matched as polars
expressions (:meth:`zhice.matchers.columnar.ColumnarMatcher.match_columns`), and every program's
status is decided once per distinct combination of its outcomes by the engine's own
:func:`zhice.evaluate.decide`; gap texts and next steps are worked out only for the rows an XLSX
output lists as leads. The rows the column checks refuse, and every other record (a YAML file,
a JSONL object, a row the store gave back), take the row path, which gives their error rows:
the output is the row path's, row for row (tests/test_columnar.py, tests/test_screen_columnar.py).
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl

from zhice.batch.check_columns import type_columns
from zhice.batch.columnar_lines import lead_texts
from zhice.batch.model import DecidedRows, RowResult
from zhice.batch.readers import Header, Record
from zhice.batch.table_rows import TableRows
from zhice.batch.rows import Tally
from zhice.compiler import CompiledSet
from zhice.errors import ZhiceError
from zhice.evaluate import decide
from zhice.ir import AS_OF
from zhice.matchers.columnar import ColumnarMatcher

__all__ = ["Plan", "decide_table_rows", "decided_with_facts", "screen_table_rows", "verdict_columns"]

# a JSONL output's hook: (truths, verdicts, typed columns, derived facts of a row, (record, label) per row)
# → each row's (line, summary gaps)
LinesHook = Callable[[pl.DataFrame, list[tuple[str, list[str], list[int]]], dict[str, Any], Callable[[int], dict[str, Any]],
                      list[tuple[Record, str | None]]], list[tuple[str, dict[str, list[list[Any]]]]]]
_TRUE, _FALSE, _UNKNOWN = 1, 0, 2          # a truth as a base-3 digit (a checklist's outcomes)
_MAX_DIGITS = 39                           # 3^39 < 2^63: a program's outcomes as one Int64


class Plan:
    """Per program, what its verdict reads (as :func:`zhice.evaluate.verdicts`), and the polars
    expressions that code each row's outcomes for it, built once per compiled set.

    A checklist's status depends on its scope flags, whether it is held, and the weights of the
    criteria met and unknown: with whole weights its code is those (exact sums); else every
    outcome as a base-3 digit. Any other program's status depends only on whether a scope
    condition fails or is unknown, whether it is held, and whether a criterion fails or is
    unknown (:func:`zhice.evaluate.decide`): its code is those five flags. Each distinct code is
    decided once, by ``decide`` itself, from outcomes that stand for it.
    """

    def __init__(self, compiled: CompiledSet, matcher: ColumnarMatcher):
        self.compiled = compiled
        self.matcher = matcher
        self.programs: list[tuple[str, Any, bool, list[str], list[str], list[float], str | None]] = [
            (p.book.id, p.book, p.active, [e.key for e in p.scope], [e.key for e in p.criteria],
             [(e.element.weight if e.element is not None else None) or 1 for e in p.criteria],
             p.held.key if p.held is not None else None) for p in compiled.programs]
        tree_of = matcher.tree_of
        self.exprs: list[pl.Expr] = []
        self.kinds: list[str | None] = []          # per program: None (inactive) | flags | sums | digits | rows
        for k, (pid, book, active, scope, crit, weights, held) in enumerate(self.programs):
            if not active:
                self.kinds.append(None)
                continue
            col = {key: pl.col(f"t{tree_of[key]}") for key in scope + crit + ([held] if held else [])}
            if book.kind == "checklist" and all(float(w).is_integer() for w in weights):
                # whole weights: the status depends on the scope flags, held, and the weights met and
                # unknown (exact integer sums, as decide's own): the code is those
                self.kinds.append("sums")
                flags = [_any([col[key] == False for key in scope]),            # noqa: E712
                         _any([col[key].is_null() for key in scope]),
                         (col[held] == True).fill_null(False) if held else pl.lit(False)]   # noqa: E712
                met = pl.sum_horizontal([pl.when(col[key] == True).then(int(w)).otherwise(0)   # noqa: E712
                                         for key, w in zip(crit, weights)]) if crit else pl.lit(0)
                unknown = pl.sum_horizontal([pl.when(col[key].is_null()).then(int(w)).otherwise(0)
                                             for key, w in zip(crit, weights)]) if crit else pl.lit(0)
                code = (met.cast(pl.Int64) * (int(sum(weights)) + 1) + unknown.cast(pl.Int64)) * 8
                for d, flag in enumerate(flags):
                    code = code + flag.cast(pl.Int64) * (2 ** d)
                self.exprs.append(code.alias(f"c{k}"))
            elif book.kind == "checklist":
                keys = scope + crit + ([held] if held else [])
                if len(keys) > _MAX_DIGITS:
                    self.kinds.append("rows")
                    self.exprs.append(pl.struct([col[key] for key in keys]).alias(f"c{k}"))
                else:
                    self.kinds.append("digits")
                    code = pl.lit(0, dtype=pl.Int64)
                    for d, key in enumerate(keys):
                        code = code + col[key].cast(pl.Int64).fill_null(_UNKNOWN) * (3 ** d)
                    self.exprs.append(code.alias(f"c{k}"))
            else:
                self.kinds.append("flags")
                flags = [_any([col[key] == False for key in scope]),            # noqa: E712
                         _any([col[key].is_null() for key in scope]),
                         (col[held] == True).fill_null(False) if held else pl.lit(False),   # noqa: E712
                         _any([col[key] == False for key in crit]),             # noqa: E712
                         _any([col[key].is_null() for key in crit])]
                code = pl.lit(0, dtype=pl.Int64)
                for d, flag in enumerate(flags):
                    code = code + flag.cast(pl.Int64) * (2 ** d)
                self.exprs.append(code.alias(f"c{k}"))
            unmet = pl.sum_horizontal([(col[key] == False).fill_null(False).cast(pl.Int64)  # noqa: E712
                                       for key in crit]) if crit else pl.lit(0, dtype=pl.Int64)
            self.exprs.append(unmet.alias(f"u{k}"))
        self._decided: list[dict[Any, str]] = [{} for _ in self.programs]

    def status(self, k: int, code: Any) -> str:
        """Program ``k``'s status for one code of its outcomes (decided once, by ``decide``)."""
        got = self._decided[k].get(code)
        if got is None:
            pid, book, active, scope, crit, weights, held = self.programs[k]
            kind = self.kinds[k]
            ns, nc = len(scope), len(crit)
            if kind == "sums":
                total = int(sum(weights))
                sums, flags = divmod(code, 8)
                met, unknown = divmod(sums, total + 1)
                f = [bool(flags >> d & 1) for d in range(3)]
                # outcomes standing for the code: a failing / an unknown scope condition, else all met;
                # criteria weighing what was met, unknown and unmet
                s_truths = [False] if f[0] else [None] if f[1] else [True] * min(ns, 1)
                got = decide(book, s_truths, [True, None, False], [met, unknown, total - met - unknown], f[2])[0]
            elif kind == "flags":
                f = [bool(code >> d & 1) for d in range(5)]
                # outcomes standing for the flags: a failing / an unknown one, else all met
                s_truths = [False] if f[0] else [None] if f[1] else [True] * min(ns, 1)
                c_truths = ([False] if f[3] else []) + ([None] if f[4] else []) or [True] * min(nc, 1)
                got = decide(book, s_truths, c_truths, weights[:len(c_truths)], f[2])[0]
            else:
                t = list(code.values()) if isinstance(code, dict) else _decode(code, ns + nc + (1 if held else 0))
                got = decide(book, t[:ns], t[ns:ns + nc], weights, held is not None and t[ns + nc] is True)[0]
            if kind != "rows":
                self._decided[k][code] = got
        return got


def _any(flags: list[pl.Expr]) -> pl.Expr:
    return pl.any_horizontal([f.fill_null(False) for f in flags]) if flags else pl.lit(False)


def _decode(code: int, size: int) -> list[bool | None]:
    out: list[bool | None] = []
    for _ in range(size):
        code, d = divmod(code, 3)
        out.append(True if d == _TRUE else False if d == _FALSE else None)
    return out


def verdict_columns(plan: Plan, truths: pl.DataFrame) -> list[tuple[str, pl.Series, pl.Series]]:
    """Every program's status (a String Series of status codes) and unmet-criteria count (Int64)
    per row, from the rows' truths (one column ``t<i>`` per distinct tree)."""
    n = truths.height
    out = truths.select(plan.exprs) if plan.exprs else pl.DataFrame()
    coded = [k for k, kind in enumerate(plan.kinds) if kind is not None and kind != "rows"]
    # every coded program's distinct codes (one query), then every status column from them (one more)
    codes = out.select([pl.col(f"c{k}").unique().implode() for k in coded]).row(0) if coded and n else [[]] * len(coded)
    mapped = out.select([pl.col(f"c{k}").replace_strict({c: plan.status(k, c) for c in got}, return_dtype=pl.String)
                         .alias(f"s{k}") for k, got in zip(coded, codes)]) if coded else pl.DataFrame()
    result: list[tuple[str, pl.Series, pl.Series]] = []
    for k, (pid, *_rest) in enumerate(plan.programs):
        kind = plan.kinds[k]
        if kind is None:
            result.append((pid, pl.Series(pid, ["not_applicable"] * n, dtype=pl.String),
                           pl.Series(pid, [0] * n, dtype=pl.Int64)))
            continue
        if kind == "rows":
            statuses = pl.Series(pid, [plan.status(k, d) for d in out[f"c{k}"].to_list()], dtype=pl.String)
        else:
            statuses = mapped[f"s{k}"].alias(f"c{k}")
        result.append((pid, statuses, out[f"u{k}"].cast(pl.Int64)))
    return result


def _count(tally: Tally, verdicts: list[tuple[str, pl.Series, pl.Series]]) -> None:
    """Add the rows' statuses and leads (gaps of 1 … ``tally.near`` unmet criteria) to ``tally``."""
    for pid, sc, uc in verdicts:
        counts = tally.statuses.setdefault(pid, {})
        for st, c in zip(*sc.value_counts().to_dict(as_series=False).values()):
            counts[st] = counts.get(st, 0) + c
        leads = int(((sc == "gap") & (uc > 0) & (uc <= tally.near)).sum())
        if leads:
            tally.leads[pid] = tally.leads.get(pid, 0) + leads


# a table's records (seq, record, label), or (its first seq, or each row's seq; TableRows; label)
Table = list[tuple[int, Record, str | None]] | tuple[int | list[int], TableRows, str | None]


def _item(table: Table, pos: int) -> tuple[int, Record, str | None]:
    """Row ``pos`` of ``table`` as ``(seq, record, label)``."""
    if isinstance(table, tuple):
        first, rows, label = table
        return (first[pos] if isinstance(first, list) else first + pos), rows.record(pos), label
    return table[pos]


def decide_table_rows(plan: Plan, table: Table, as_of_ordinal: int, as_of: Any,
                      row_path: Callable[[int, Record, str | None], RowResult],
                      tally: Tally) -> tuple[dict[int, RowResult], DecidedRows | None]:
    """The rows of one table typed, matched and decided over the columns, left as columns
    (:class:`DecidedRows`, for a CSV output: no object per row) and counted into ``tally``; the
    rows the column checks refuse by ``row_path`` (their error rows), by sequence number, not
    counted. ``table``: its records (``(seq, record, input label)``, one header), or
    ``(first seq or every row's seq, TableRows, input label)``."""
    done, got = _typed_and_decided(plan, table, as_of_ordinal, as_of, row_path, tally)
    return done, (got[0] if got is not None else None)


def decided_with_facts(plan: Plan, table: Table, as_of_ordinal: int, as_of: Any,
                       row_path: Callable[[int, Record, str | None], RowResult],
                       tally: Tally) -> tuple[dict[int, RowResult], tuple[DecidedRows, list[Any], Any, Any, pl.DataFrame] | None]:
    """As :func:`decide_table_rows`, with what the rows' gap texts are worked out from: ``(decided,
    truths per tree, derived facts of a row, typed columns, truths frame)`` (an XLSX output's leads:
    zhice.batch.xlsx_columns)."""
    return _typed_and_decided(plan, table, as_of_ordinal, as_of, row_path, tally)


def _typed_and_decided(plan: Plan, table: Table, as_of_ordinal: int, as_of: Any,
                       row_path: Callable[[int, Record, str | None], RowResult],
                       tally: Tally) -> tuple[dict[int, RowResult], tuple[DecidedRows, list[Any], Any, Any, pl.DataFrame] | None]:
    if isinstance(table, tuple):
        first, rows, label = table
        typed = type_columns((), rows.header, as_of, rows.series())
        seqs = [first[pos] for pos in typed.index] if isinstance(first, list) else [first + pos for pos in typed.index]
        numbers = [rows.rows[pos] for pos in typed.index]
    else:
        header: Header | None = table[0][1].header if table else None
        assert header is not None
        typed = type_columns([rec.cells or () for _, rec, _ in table], header, as_of)
        chosen = [table[pos] for pos in typed.index]
        seqs, numbers, label = [seq for seq, _, _ in chosen], [rec.row for _, rec, _ in chosen], \
            (chosen[0][2] if chosen else None)
    out: dict[int, RowResult] = {}
    for pos in typed.fallback:
        seq, rec, lab = _item(table, pos)
        out[seq] = row_path(seq, rec, lab)
    n = len(typed.index)
    if not n:
        return out, None
    try:
        values, derived_row = plan.matcher.match_columns(typed.columns, n, {AS_OF: as_of_ordinal})
    except ZhiceError:          # a row the rulebooks cannot evaluate: the row path names it, row by row
        for pos in typed.index:
            seq, rec, lab = _item(table, pos)
            out[seq] = row_path(seq, rec, lab)
        return out, None
    truths = pl.DataFrame([v if isinstance(v, pl.Series) else pl.Series(f"t{i}", v, dtype=pl.Boolean)
                           for i, v in enumerate(values)]) if values else pl.DataFrame()
    truths.columns = [f"t{i}" for i in range(len(values))]
    verdicts = verdict_columns(plan, truths)
    _count(tally, verdicts)
    names = typed.columns["enterprise.name"].cast(pl.String)
    codes = typed.columns["enterprise.credit_code"].cast(pl.String) if "enterprise.credit_code" in typed.columns \
        else pl.Series("enterprise.credit_code", [None] * n, dtype=pl.String)
    decided = DecidedRows(seqs, numbers, label, names, codes,
                          [pid for pid, _, _ in verdicts], [s for _, s, _ in verdicts], [u for _, _, u in verdicts])
    return out, (decided, values, derived_row, typed, truths)


def screen_table_rows(plan: Plan, items: list[tuple[int, Record, str | None]], as_of_ordinal: int, as_of: Any,
                      near: int, summary_json: bool, row_path: Callable[[int, Record, str | None], RowResult],
                      sig: Callable[[dict[str, list[Any]]], str], tally: Tally,
                      lines: LinesHook | None = None) -> tuple[dict[int, RowResult], set[int]]:
    """The rows of one table's records (``(seq, record, input label)``, one header), by sequence
    number, one :class:`RowResult` each: typed, matched and decided over the columns; the rows
    the column checks refuse by ``row_path`` (the row path: their error rows). ``near``: gap
    texts for leads of at most that many unmet criteria (-1: none); ``summary_json``: serialise
    each summary (for the store). The rows decided over columns are counted into ``tally`` here
    (their sequence numbers are returned); the row path's rows are not. ``lines``: each row's
    JSONL line and summary gaps (zhice.batch.columnar_lines), for a JSONL output."""
    out, got = _typed_and_decided(plan, items, as_of_ordinal, as_of, row_path, tally)
    if got is None:
        return out, set()
    with _no_gc():
        _results(plan, got, out, as_of_ordinal, near, summary_json, sig, items, lines)
    return out, set(got[0].seqs)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic collector paused while a chunk's rows are built (they make no cycles; it would
    rescan them and the compiled rulebooks many times over)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _results(plan: Plan, got: tuple[DecidedRows, list[Any], Any, Any, pl.DataFrame], out: dict[int, RowResult],
             as_of_ordinal: int, near: int, summary_json: bool, sig: Callable[[dict[str, list[Any]]], str],
             items: list[tuple[int, Record, str | None]], lines: LinesHook | None = None) -> None:
    """One :class:`RowResult` per decided row (with the gap texts of its leads when ``near`` ≥ 0,
    and its JSONL line when ``lines`` builds them)."""
    from zhice.batch.packing import pack_line

    decided, values, derived_row, typed, truths = got
    matcher = plan.matcher
    n = len(decided)
    names = decided.names.to_list()
    codes = decided.codes.to_list()
    pids = decided.programs
    status_cols = [s.to_list() for s in decided.statuses]
    unmet_cols = [u.to_list() for u in decided.unmet]
    built = lines(truths, list(zip(pids, status_cols, unmet_cols)), typed.columns, derived_row,
                  [(items[pos][1], items[pos][2]) for pos in typed.index]) if lines is not None else None
    lists: dict[str, list[Any]] | None = None
    truth_lists: list[list[Any]] | None = None
    sigs: dict[tuple[str, ...], str] = {}
    for j in range(n):
        seq = decided.seqs[j]
        statuses = {pid: [sc[j], uc[j]] for pid, sc, uc in zip(pids, status_cols, unmet_cols)}
        key = tuple(sc[j] for sc in status_cols)
        row_sig = sigs.get(key)
        if row_sig is None:
            row_sig = sigs[key] = sig(statuses)
        gaps: dict[str, list[Any]] = {}
        if near >= 0:
            leads = {pid for pid, (st, unmet) in statuses.items() if st == "gap" and unmet <= near}
            if leads:
                if lists is None:
                    lists = {p: s.to_list() for p, s in typed.columns.items()}
                if truth_lists is None:
                    truth_lists = [v if isinstance(v, list) else v.to_list() for v in values]
                gaps = lead_texts(plan.compiled, matcher.tree_of).gaps(leads, j, truth_lists, lists, derived_row(j),
                                                                      as_of_ordinal)
        line = ""
        if built is not None:
            line, gaps = built[j]
        summary = {"name": names[j], "credit_code": codes[j], "statuses": statuses, "gaps": gaps}
        out[seq] = RowResult(seq, decided.rows[j], line, summary, None, decided.label,
                             json.dumps(summary, ensure_ascii=False, separators=(",", ":")) if summary_json else "",
                             pack_line(line) if line and summary_json else b"", row_sig)
