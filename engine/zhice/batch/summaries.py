"""Summaries packed where they are screened: the history store's form of a chunk's result rows.

The store keeps a result row's summary packed (:mod:`zhice.batch.store`): each program's status
and unmet count as one number, in the run's program order, and every gap text, title and next
step as a number in its ``texts`` table. Packing 100,000 rows one by one in the writing process
took it longer than screening them took a worker (a summary serialised as JSON, parsed there
again, ~25 texts looked up one at a time). :func:`pack_summaries` packs them in the worker
instead, a chunk at a time: every distinct text and every distinct lead (program and unmet
criteria) once, by a number of the chunk's own; the store then only looks up the chunk's
distinct texts and joins each row's text from pieces (:meth:`zhice.batch.store.Store.add_results`).
The stored rows are the ones the store packed itself: the same text, the same text ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring as _text_json     # json.dumps(…, ensure_ascii=False) of a str
from typing import TYPE_CHECKING, Any

from zhice.batch.model import RowResult

if TYPE_CHECKING:
    import polars as pl

__all__ = ["CODE", "PACKED", "PackedSummaries", "STATUSES", "SummaryPacker", "codes_expr", "columns_packable",
           "pack_summaries", "packed_head", "packed_text", "unpacked_statuses"]

# A packed summary (results.statuses): ["P", name, credit code, [status code * 1024 + unmet count per program
# of the run (runs.programs), null when absent], [[program position, [[title, gap, step] as texts.id…]]…]].
PACKED = "P"
STATUSES = ("eligible", "gap", "not_applicable", "insufficient_data", "achieved")
CODE = {s: i for i, s in enumerate(STATUSES)}


def unpacked_statuses(programs: Sequence[str], codes: Sequence[int | None]) -> dict[str, list[Any]]:
    """``{program: [status, unmet count]}`` of a packed summary's codes (by ``programs``, the run's order)."""
    return {pid: [STATUSES[c // 1024], c % 1024] for pid, c in zip(programs, codes) if c is not None}


def columns_packable(statuses: Sequence[pl.Series], unmet: Sequence[pl.Series]) -> bool:
    """Whether every program's status and unmet count of a chunk decided over columns (a Series
    each) fits the packed form's codes."""
    return all(s.is_in(list(CODE)).all() for s in statuses) and all((u >= 0).all() and (u < 1024).all() for u in unmet)


def codes_expr(programs: int) -> pl.Expr:
    """The packed codes of a row as the packed form writes them (``c,c,…``), over the columns
    ``s<k>`` (status) and ``u<k>`` (unmet count) of each of ``programs`` programs."""
    import polars as pl

    return pl.concat_str([(pl.col(f"s{k}").replace_strict(CODE, return_dtype=pl.Int64) * 1024 + pl.col(f"u{k}"))
                          .cast(pl.String) for k in range(programs)], separator=",")


@dataclass(slots=True)
class PackedSummaries:
    """A chunk's result rows packed by the worker, by ``programs`` (the order of the codes and of
    the leads' positions). ``texts``: the chunk's distinct texts, numbered by their place;
    ``leads``: its distinct leads, ``(program position, ((text numbers of an unmet criterion)…))``;
    ``items``: a row each, ``(seq, row, input, client key, head, leads, sig)`` — ``head`` the packed
    summary up to its leads (``["P",name,code,[codes],[``), ``leads`` the numbers of its leads."""

    programs: list[str]
    texts: list[Any]
    leads: list[tuple[int, tuple[tuple[int | None, ...], ...]]]
    items: list[tuple[int, int, str | None, str | None, str, tuple[int, ...], str | None]]

    def summary(self, item: tuple[Any, ...]) -> dict[str, Any]:
        """One item's summary as the worker had it (``RowResult.summary``)."""
        head, leads = json.loads(item[4] + "]]"), item[5]
        _, name, credit_code, codes, _ = head
        texts = self.texts
        return {"name": name, "credit_code": credit_code, "statuses": unpacked_statuses(self.programs, codes),
                "gaps": {self.programs[pos]: [[None if x is None else texts[x] for x in u] for u in rows]
                         for pos, rows in (self.leads[i] for i in leads)}}


def _json(value: Any) -> str:
    return _text_json(value) if type(value) is str else "null" if value is None else \
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def packed_head(name: Any, credit_code: Any, codes: str) -> str:
    """A packed summary up to its leads: ``["P",name,code,[codes],[`` (``codes`` written already)."""
    return f'["{PACKED}",{_json(name)},{_json(credit_code)},[{codes}],['


def packed_text(head: str, leads: Sequence[str]) -> str:
    """A packed summary from its head and its leads written with the store's text ids."""
    return head + ",".join(leads) + "]]"


class SummaryPacker:
    """Packs a chunk's summaries, in input order (:class:`PackedSummaries`): rows given as a
    :class:`RowResult` (:meth:`add`) or as the parts the columnar XLSX rows have (:meth:`add_parts`)."""

    def __init__(self) -> None:
        self.programs: list[str] | None = None
        self._known: set[str] = set()
        self._position: dict[str, int] = {}
        self._codes: dict[tuple[Any, Any], str] = {}         # (status, unmet) → its packed code
        self._texts: dict[Any, int] = {}
        self._lead_no: dict[tuple[str, tuple[tuple[Any, ...], ...]], int] = {}
        self.leads: list[tuple[int, tuple[tuple[int | None, ...], ...]]] = []
        self.items: list[tuple[int, int, str | None, str | None, str, tuple[int, ...], str | None]] = []

    def _take(self, programs: list[str]) -> None:
        self.programs = programs
        self._known = set(programs)
        self._position = {pid: i for i, pid in enumerate(programs)}

    def _refs(self, gaps: dict[str, list[list[Any]]]) -> tuple[int, ...]:
        refs = []
        texts, lead_no = self._texts, self._lead_no
        for pid, unmet in gaps.items():
            key = (pid, tuple(map(tuple, unmet)))
            n = lead_no.get(key)
            if n is None:
                n = lead_no[key] = len(self.leads)
                self.leads.append((self._position[pid], tuple(tuple(None if x is None else texts.setdefault(x, len(texts))
                                                                    for x in u) for u in key[1])))
            refs.append(n)
        return tuple(refs)

    def add(self, r: RowResult) -> bool:
        """Pack ``r``'s summary, or say that it stays as it is (an error row, a row with an output
        line, a summary the packed form cannot hold or with programs outside the first row's)."""
        s = r.summary
        statuses = s.get("statuses")
        if r.error is not None or not statuses or r.line or r.packed:
            return False
        if self.programs is None:
            self._take(list(statuses))
        programs = self.programs
        assert programs is not None
        gaps = s.get("gaps") or {}
        if len(statuses) > len(programs) or not self._known.issuperset(statuses) or not gaps.keys() <= statuses.keys():
            return False
        codes = self._codes
        cells = []
        for pid in programs:
            st = statuses.get(pid)
            if st is None:
                cells.append("null")
                continue
            key = (st[0], st[1])
            code = codes.get(key)
            if code is None:
                if st[0] not in CODE or not isinstance(st[1], int) or not 0 <= st[1] < 1024:
                    return False            # a status the packed form cannot hold
                code = codes[key] = str(CODE[st[0]] * 1024 + st[1])
            cells.append(code)
        self.add_parts(r.seq, r.row, r.input, r.client_key, s.get("name"), s.get("credit_code"), ",".join(cells),
                       gaps, r.sig)
        return True

    def can_take(self, programs: list[str]) -> bool:
        """Whether rows with every program of ``programs``, in that order, go to :meth:`add_parts`."""
        if self.programs is None:
            self._take(list(programs))
        return self.programs == programs

    def add_parts(self, seq: int, row: int, label: str | None, key: str | None, name: Any, credit_code: Any,
                  codes: str, gaps: dict[str, list[list[Any]]], sig: str | None) -> None:
        """A row of :attr:`programs` packed already (``codes``: its codes, as the packed form writes them)."""
        self.items.append((seq, row, label, key, packed_head(name, credit_code, codes),
                           self._refs(gaps) if gaps else (), sig))

    def result(self) -> PackedSummaries | None:
        if not self.items:
            return None
        assert self.programs is not None
        return PackedSummaries(self.programs, list(self._texts), self.leads, self.items)


def pack_summaries(rows: Sequence[RowResult]) -> tuple[list[RowResult], PackedSummaries | None]:
    """The rows the store packs (result rows of a CSV/XLSX output: no output line) packed here,
    and the other rows as they are: error rows, rows with an output line (JSONL), and summaries
    the packed form cannot hold (which the store keeps as JSON, as it always did). The programs
    are the first packed row's; a row with programs outside them is left as it is."""
    packer = SummaryPacker()
    kept = [r for r in rows if not packer.add(r)]
    return kept, packer.result()
