"""The batch data types every stage of screening shares (readers → executors → rows/writers → store)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


__all__ = ["DecidedRows", "RowResult", "StoredRows"]


@dataclass(slots=True)
class RowResult:
    """The outcome of one input row: its output line (JSONL) and a summary for CSV/XLSX and the store.

    ``line`` is empty for a result row when the output does not need full reports (CSV/XLSX).

    ``summary`` holds ``name``, ``credit_code``, ``statuses`` ({program: [status, unmet criteria]})
    and ``gaps`` ({program: [[criterion title, gap text, first next step], …]}): for every gap
    program when full reports are built (JSONL), else only for the leads an XLSX output lists
    (gaps of at most ``near`` criteria; none for CSV).
    """

    seq: int
    row: int
    line: str
    summary: dict[str, Any]
    error: dict[str, Any] | None = None
    input: str | None = None
    stored: str = ""        # ``summary`` as the history store keeps it (JSON), serialised by the worker
    packed: bytes = b""     # what the history store keeps of ``line`` (zhice.batch.packing), by the worker
    sig: str | None = None  # a digest of the statuses (status_sig): the store compares runs by it

    def packed_line(self) -> bytes:
        if self.packed or not self.line:
            return self.packed
        from zhice.batch.packing import pack_line

        return pack_line(self.line)

    def summary_json(self) -> str:
        return self.stored or json.dumps(self.summary, ensure_ascii=False, separators=(",", ":"))

    @property
    def client_key(self) -> str | None:
        return self.summary.get("credit_code") or self.summary.get("name")


@dataclass(slots=True)
class DecidedRows:
    """Table rows screened over columns and left as columns (columnar screening into CSV): no
    :class:`RowResult` per row. ``seqs``/``rows``: each row's sequence number and data row;
    ``label``: the input label of them all (one table); ``names``/``codes``: polars String
    Series (the profile's name and credit code; a code may be null); per program of
    ``programs`` (the compiled set's order) a String Series of status codes and an Int64
    Series of unmet criteria counts. They have no gap texts (a CSV row shows none)."""

    seqs: list[int]
    rows: list[int]
    label: str | None
    names: Any
    codes: Any
    programs: list[str]
    statuses: list[Any]
    unmet: list[Any]

    def __len__(self) -> int:
        return len(self.seqs)


@dataclass(slots=True)
class StoredRows:
    """What the history store keeps of rows screened over columns, made by the worker: one
    ``(seq, row, input, client_key, statuses, sig)`` tuple a row (``statuses`` packed as
    :meth:`zhice.batch.store.Store.add_results` packs a summary, by ``programs``)."""

    programs: list[str]
    items: list[tuple[int, int, str | None, str | None, str, str]]
