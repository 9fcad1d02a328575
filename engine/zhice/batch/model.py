"""The batch data types every stage of screening shares (readers → executors → rows/writers → store)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from zhice.batch.packing import pack_line

__all__ = ["RowResult"]


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
        return pack_line(self.line)

    def summary_json(self) -> str:
        return self.stored or json.dumps(self.summary, ensure_ascii=False, separators=(",", ":"))

    @property
    def client_key(self) -> str | None:
        return self.summary.get("credit_code") or self.summary.get("name")
