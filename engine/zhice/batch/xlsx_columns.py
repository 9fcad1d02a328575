"""The XLSX output's rows of a chunk screened over columns, without a RowResult a row.

A columnar screening into XLSX decided every program's status over the chunk's columns, then
built a summary per row (a dict of 44 statuses), rendered it, and packed it for the store: three
passes over every program of every row in Python, which cost a worker more than the screening.
Here the program cells of each 客户 row (status label and gap count: rendered once per distinct
pair) and each row's packed status codes are joined by polars over the columns; Python only
touches the client's own cells and its leads, whose gap texts are looked up by the facts each
unmet criterion reads (:func:`zhice.evaluate.criterion_outcome`'s memory), the row's whole
context built only for an outcome not worked out before. The rows the column checks refuse, and
every other record, take the row path as ever. Sheets and stored rows are the row path's, row
for row (tests/test_screen_columnar.py, tests/test_store_packed.py).
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from typing import Any

import polars as pl

from zhice.batch.model import RowResult
from zhice.batch.rows import APPLICABLE, Rendered, Tally, XlsxRows, neutralise
from zhice.batch.summaries import SummaryPacker, codes_expr, columns_packable
from zhice.batch.table_rows import TableRows
from zhice.evaluate import context_of, criterion_outcome
from zhice.ir import AS_OF
from zhice.matchers.base import MatchResult


__all__ = ["xlsx_rows"]

_ENCODE_ROWS = 256          # clients rendered before their rows are encoded (the texts take 2-4 bytes a character)


class _Facts:
    """Row ``j``'s facts as a criterion outcome reads them (``context_of``: the typed facts
    present, the as-of date, the derived facts over them), one column at a time."""

    def __init__(self, columns: dict[str, pl.Series], as_of: int):
        self.columns = columns
        self.as_of = as_of
        self._reads: dict[str, list[tuple[str, list[Any] | None, Any]]] = {}    # criterion → its reads' columns

    def values(self, key: str, reads: list[str], absent: tuple[Any, ...], j: int,
               derived: dict[str, Any]) -> tuple[Any, ...]:
        """The values criterion ``key`` reads (``reads``; ``absent`` for a fact the row lacks)."""
        cols = self._reads.get(key)
        if cols is None:
            cols = self._reads[key] = [(r, None if r not in self.columns else self.columns[r].to_list(),
                                        self.as_of if r == AS_OF else no) for r, no in zip(reads, absent)]
        out = []
        for r, col, no in cols:
            if r in derived:
                out.append(derived[r])
            else:
                v = None if col is None else col[j]
                out.append(no if v is None else v)
        return tuple(out)


def _gaps(leads: Any, compiled: Any, lead_pids: list[str], j: int, truths: list[list[Any]], facts: _Facts,
          derived: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """Row ``j``'s ``[criterion title, gap text, first next step]`` per lead program, as
    :meth:`zhice.batch.columnar_lines.LeadTexts.gaps` gives them. An outcome is a function of
    the facts its criterion reads (``Static.reads``, the key of what ``criterion_outcome``
    remembers): one not worked out before is worked out from those facts alone."""
    static = leads.static
    outcomes = static.outcomes
    out: dict[str, list[list[Any]]] = {}
    for pid in lead_pids:
        rows = out[pid] = []
        for el, tree in leads.programs[pid]:
            if truths[tree][j] is not False:
                continue
            reads, absent = static.reads[el.key]
            values = facts.values(el.key, reads, absent, j, derived)
            try:
                c = outcomes.get((el.key, False, marshal.dumps(values, 2)))
            except ValueError:
                c = None
            if c is None:
                known = {r: v for r, v, no in zip(reads, values, absent) if v is not no}
                c = criterion_outcome(el, False, context_of(compiled, _NO_MATCH, known), static)
            rows.append([c.title, c.gap, c.next_steps[0] if c.next_steps else None])
    return out


_NO_MATCH = MatchResult({}, {})


class _Block:
    """One table's rows decided over columns, as the XLSX rows and the store need them."""

    def __init__(self, fmt: XlsxRows, plan: Any, got: tuple[Any, ...], near: int, as_of: int, store: bool,
                 sigs: Callable[[Any], list[str]]):
        from zhice.batch.columnar_lines import lead_texts

        decided, values, derived_row, typed, _ = got
        self.decided = decided
        self.names, self.codes = decided.names.to_list(), decided.codes.to_list()
        n = len(decided)
        where = {pid: k for k, pid in enumerate(decided.programs)}
        frame = pl.DataFrame({"row": pl.Series(decided.rows, dtype=pl.Int64)}      # n rows, even with no programs
                             | {f"s{k}": s for k, s in enumerate(decided.statuses)}
                             | {f"u{k}": u for k, u in enumerate(decided.unmet)})
        # each program's (status, gap count) as one text, its two cells rendered once per distinct pair
        keys = frame.select([pl.concat_str([pl.col(f"s{k}"), pl.lit("\t"), pl.col(f"u{k}").cast(pl.String)])
                             .alias(f"p{k}") for k in range(len(decided.programs))])
        distinct = set().union(*keys.select(pl.all().unique().implode()).row(0)) if keys.width else set()
        pairs = {key: fmt.pair_cells(st, int(u)) for key in distinct for st, u in (key.split("\t"),)}
        frame = frame.hstack(keys)
        cells = []
        for pid, _ in fmt.programs:
            k = where.get(pid)
            cells.append(pl.lit("<c/><c/>") if k is None else pl.col(f"p{k}").replace_strict(pairs, return_dtype=pl.String))
        statuses = [pl.col(f"s{k}") for k in range(len(decided.programs))]
        exprs = [pl.concat_str(cells).alias("tail") if cells else pl.lit("").alias("tail"),
                 pl.sum_horizontal([s.is_in(APPLICABLE).cast(pl.Int64) for s in statuses] or [pl.lit(0)]).alias("a"),
                 pl.sum_horizontal([(s == "eligible").cast(pl.Int64) for s in statuses] or [pl.lit(0)]).alias("e")]
        packable = store and columns_packable(decided.statuses, decided.unmet)
        if packable:
            exprs.append(codes_expr(len(decided.programs)).alias("codes"))
        lead = [((pl.col(f"s{k}") == "gap") & (pl.col(f"u{k}") <= near)).alias(f"l{k}")
                for k in range(len(decided.programs))] if near >= 0 else []
        out = frame.select(exprs + lead)
        self.tails, self.applicable, self.eligible = out["tail"].to_list(), out["a"].to_list(), out["e"].to_list()
        self.packed_codes = out["codes"].to_list() if packable else None
        self.sigs = sigs(decided) if store else [None] * n
        # per row, its lead programs (in program order)
        self.lead_pids: list[list[str]] = [[] for _ in range(n)]
        for k, pid in enumerate(decided.programs):
            if lead:
                for j in out[f"l{k}"].arg_true().to_list():
                    self.lead_pids[j].append(pid)
        self.status_lists: list[list[Any]] | None = None
        self.truths = [v if isinstance(v, list) else v.to_list() for v in values] if any(self.lead_pids) else []
        self.facts = _Facts(typed.columns, as_of)
        self.derived_row = derived_row
        self.leads = lead_texts(plan.compiled, plan.matcher.tree_of)
        self.compiled = plan.compiled

    def gaps(self, j: int) -> dict[str, list[list[Any]]]:
        pids = self.lead_pids[j]
        if not pids:
            return {}
        return _gaps(self.leads, self.compiled, pids, j, self.truths, self.facts, self.derived_row(j))

    def statuses(self, j: int) -> dict[str, list[Any]]:
        d = self.decided
        if self.status_lists is None:
            self.status_lists = [s.to_list() for s in d.statuses] + [u.to_list() for u in d.unmet]
        m = len(d.programs)
        return {pid: [self.status_lists[k][j], self.status_lists[m + k][j]] for k, pid in enumerate(d.programs)}


def xlsx_rows(cfg: Any, plan: Any, tables: dict[int, Any], chunk: Any, seqs: list[int],
              row_path: Callable[[int, Any, str | None], RowResult], again: Callable[[RowResult], RowResult],
              sigs: Callable[[Any], list[str]]) -> tuple[list[RowResult], Rendered, Tally, int, list[Any]]:
    """A chunk screened over columns into the XLSX rows (``cfg.rows``) and what the store keeps of
    them: the parts of its ``ChunkResult`` (rows left as RowResults, rendered sheets, counts,
    rows packed for the store, their packed summaries). ``tables``: the chunk's table rows
    (``executors.chunk_tables``), ``seqs`` every row's sequence number in order; ``row_path``
    screens a record row by row, ``again`` renders a row the store gave back, ``sigs`` gives
    decided rows' status digests (``executors.status_sigs``)."""
    from zhice.batch.check_chunk import decided_with_facts

    fmt = cfg.rows
    assert cfg.tally is not None and isinstance(fmt, XlsxRows)
    counts = cfg.tally.fresh()
    done: dict[int, RowResult] = {}
    placed: dict[int, tuple[_Block, int]] = {}
    ordinal = cfg.as_of.toordinal()
    for items in tables.values():
        rows, got = decided_with_facts(plan, items, ordinal, cfg.as_of, row_path, counts)
        done.update(rows)
        if got is not None and len(got[0]):
            block = _Block(fmt, plan, got, cfg.near, ordinal, cfg.store, sigs)
            placed.update((seq, (block, j)) for j, seq in enumerate(got[0].seqs))
    loose = {seq: (item, label) for seq, item, label in chunk if not isinstance(item, TableRows)}
    clients: list[str] = []
    leads: list[str] = []
    errors: list[bytes] = []
    others: list[RowResult] = []
    packer = SummaryPacker() if cfg.store else None
    multi = fmt.multi
    rows = 0
    done_clients: list[bytes] = []      # the rows rendered so far, as UTF-8 (far smaller than the texts)
    done_leads: list[bytes] = []
    for seq in seqs:
        rows += 1
        if len(clients) >= _ENCODE_ROWS:
            done_clients.append("".join(clients).encode("utf-8"))
            done_leads.append("".join(leads).encode("utf-8"))
            clients.clear()
            leads.clear()
        hit = placed.get(seq)
        if hit is None:
            r = done.get(seq)
            if r is None:
                item, label = loose[seq]
                r = again(item) if isinstance(item, RowResult) else row_path(seq, item, label)
            counts.add_rows([r])
            part = fmt.render([r])
            clients.append(part["客户"].decode("utf-8"))
            leads.append(part["线索"].decode("utf-8"))
            errors.append(part["错误"])
            if packer is None or r.line or not packer.add(r):
                others.append(r)
            continue
        block, j = hit
        d = block.decided
        name, code = block.names[j], block.codes[j]
        gaps = block.gaps(j)
        head = [d.rows[j]] + ([neutralise(d.label)] if multi else [])
        fmt.client_rows(head + [neutralise(name), neutralise(code)], block.applicable[j], block.eligible[j],
                        block.tails[j], gaps, clients, leads)
        if packer is not None:
            if block.packed_codes is not None and packer.can_take(d.programs):
                packer.add_parts(seq, d.rows[j], d.label, code or name, name, code, block.packed_codes[j], gaps,
                                 block.sigs[j])
            else:
                r = RowResult(seq, d.rows[j], "", {"name": name, "credit_code": code, "statuses": block.statuses(j),
                                                    "gaps": gaps}, None, d.label, sig=block.sigs[j])
                if not packer.add(r):
                    others.append(r)
    packed = packer.result() if packer is not None else None
    done_clients.append("".join(clients).encode("utf-8"))
    done_leads.append("".join(leads).encode("utf-8"))
    for r in others:                # as finish_chunk leaves them: a summary the store packs in full, else no more
        if cfg.store:
            r.packed = r.packed_line()
        r.line = ""
        if r.error is None and not cfg.store:
            r.summary = {"name": r.summary.get("name"), "credit_code": r.summary.get("credit_code")}
    return (others, {"客户": b"".join(done_clients), "线索": b"".join(done_leads), "错误": b"".join(errors)},
            counts, rows - len(others), [packed] if packed else [])

