"""A CSV's rows read by polars a block at a time, exactly as the csv module reads them.

Columnar screening into CSV reads its table rows with :func:`csv_blocks` instead of one
:class:`~zhice.batch.readers.Record` a row: the file is read in blocks of whole lines, every line
of a block is checked at once (polars expressions over the block's lines), and the lines whose
reading is certain become a :class:`~zhice.batch.table_rows.TableRows` of those lines as they are,
parsed by polars in one pass where they are screened (in a worker process: the screening process
only reads and checks; a chunk in flight is its bytes, not a DataFrame ten times their size).
The rows, row numbers, cells, warnings and error rows are those of :meth:`InputSource.records`
(the csv module's reading), by these rules:

- only UTF-8 text (the encoding detected or given is ``utf-8-sig``) is read this way; any other
  encoding, and a block that is not valid UTF-8, is read by the csv module (from that block on);
- a line polars takes as it is is one whole record: no carriage return but one ending the line,
  every ``"`` in a field wholly quoted (``"a ""b"", c"``), shorter than the csv module's field
  size limit. The first line that is not read by the csv module from there to the end of the
  file (a quoted field running over lines, a stray quote …), its rows numbered on;
- a line whose cells may all be blank, or that has more cells than the header, is split by the
  csv module on its own (the same cells: it is a whole record) and becomes what the csv reader
  makes of it (no record, an error record, a record of its cells); a line with fewer cells is
  padded with blank ones (as a missing cell, blank);
- the header is found in the first lines by the csv reader's own code (``HEADER_SCAN`` lines,
  which must all be lines polars would take, or the whole file is read by the csv module).

A blank cell is null in the frame, or "" when quoted (``""``): blank either way, as in
:class:`~zhice.batch.table_rows.TableRows`. ``tests/test_readers_blocks.py``
checks both readings equal on every case above.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from typing import IO

import polars as pl

from zhice.batch.readers import HEADER_SCAN, CsvUnparsed, Header, InputSource, Record, csv_parsed, detect_encoding
from zhice.batch.table_rows import TableRows

__all__ = ["BLOCK_BYTES", "csv_blocks", "table_blocks"]

BLOCK_BYTES = 8 << 20        # bytes read at a time (whole lines): ~13,000 rows of a wide client table

_QUOTED = r'"(?:[^"]|"")*"'
_FIELD = rf'(?:[^",]*|{_QUOTED})'
_WELL_FORMED = rf"^{_FIELD}(?:,{_FIELD})*$"
# cells that may all be blank as str.strip() sees it (more than Unicode's White_Space: harmless)
_BLANKISH = r'^[\s\x1c-\x1f\x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff,"]*$'
_WELL_FORMED_PY = re.compile(_WELL_FORMED.replace("$", r"\Z"))


def _doubtful_text(line: str, limit: int) -> bool:
    """:func:`_checks`' ``doubtful`` for one line (the header's lines), in Python."""
    body = line[:-1] if line.endswith("\r") else line
    return "\r" in body or ('"' in body and not _WELL_FORMED_PY.match(body)) or len(body) > limit


def _classify(lines: list[bytes], texts: pl.Series, width: int, limit: int) -> tuple[pl.Series, pl.Series, pl.Series]:
    """Per line (its bytes, and its text as a polars String Series): ``doubtful`` (left to the csv
    module from there on), ``special`` (split by the csv module on its own) and ``pad`` (blank
    cells missing up to ``width``)."""
    frame = pl.DataFrame([texts.alias("l")])
    line = pl.col("l")
    flags = frame.select(
        # a carriage return but one ending the line; a line that may hold a field past the limit
        (line.str.contains(r"\r(?s:.)") | (line.str.len_bytes() > limit)).alias("doubtful"),
        line.str.contains('"', literal=True).alias("quoted"),
        line.str.contains(_BLANKISH).alias("blankish"))
    doubtful = flags["doubtful"]
    commas = pl.Series("commas", [x.count(b",") for x in lines], dtype=pl.Int64)     # bytes.count: the fastest
    quoted = flags["quoted"].arg_true()
    if len(quoted):                      # well-formed quoting, and the separators outside the quotes
        body = frame[quoted]["l"].str.strip_suffix("\r")
        doubtful = doubtful.scatter(quoted, doubtful.gather(quoted) | ~body.str.contains(_WELL_FORMED))
        outside = body.str.replace_all(_QUOTED, "").cast(pl.Binary).to_list()
        commas = commas.scatter(quoted, pl.Series([x.count(b",") for x in outside], dtype=pl.Int64))
    special = flags["blankish"] | (commas > width - 1)
    return doubtful, special, width - 1 - commas


def _raw_blocks(fh: IO[bytes], size: int) -> Iterator[tuple[int, bytes]]:
    """``(offset, bytes)`` of whole lines (the last may lack its line end), ``size`` bytes or so at a time."""
    offset = fh.tell()
    rest = b""
    while True:
        data = fh.read(size)
        if not data:
            if rest:
                yield offset, rest
            return
        data = rest + data if rest else data
        cut = data.rfind(b"\n") + 1
        if not cut:
            rest = data          # a line longer than a block: read on
            continue
        yield offset, data[:cut]
        offset += cut
        rest = data[cut:]


def _lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    return lines


def table_blocks(src: InputSource) -> Iterator[Record | TableRows]:
    """The records of any input, a CSV's plain rows as :class:`TableRows` (:func:`csv_blocks`)."""
    return csv_blocks(src) if src.kind == "csv" else src.records()


def csv_blocks(src: InputSource, block_bytes: int | None = None) -> Iterator[Record | TableRows]:
    """The records of the CSV input ``src`` as :meth:`InputSource.records` gives them, with runs
    of plain rows as :class:`TableRows` read by polars (see the module docstring)."""
    encoding = src.encoding or detect_encoding(src.path)
    if encoding.lower().replace("_", "-") != "utf-8-sig":
        yield from src.records()
        return
    size = block_bytes or BLOCK_BYTES
    limit = csv.field_size_limit()
    with src.path.open("rb") as fh:
        head = _head(fh, limit)
        if head is None:                 # lines the csv module must read: all of them
            yield from src.records()
            return
        start, first, lines = head
        if not first:
            return
        header, at = src.csv_header(first, encoding)
        data_start = start + sum(len(line) + 1 for line in lines[:at + 1])
        fh.seek(data_start)
        yield from _rows(src, fh, header, at, encoding, size, limit)


def _head(fh: IO[bytes], limit: int) -> tuple[int, list[list[str] | CsvUnparsed], list[bytes]] | None:
    """The first ``HEADER_SCAN`` lines (their byte offset, rows and bytes), or None when the csv
    module must read them (not UTF-8, or a line polars would not take)."""
    data = b""
    while data.count(b"\n") < HEADER_SCAN:
        more = fh.read(1 << 16)
        if not more:
            break
        data += more
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    lines = data[start:].split(b"\n")
    complete = lines[:HEADER_SCAN] if len(lines) > HEADER_SCAN else lines
    if complete and not complete[-1] and len(lines) <= HEADER_SCAN:
        complete = complete[:-1]        # the file ends with its line end
    try:
        texts = [line.decode("utf-8") for line in complete]
    except UnicodeDecodeError:
        return None
    if any(_doubtful_text(t, limit) for t in texts):
        return None
    rows = list(csv_parsed(csv.reader(t + "\n" for t in texts)))
    if any(not isinstance(r, list) for r in rows):
        return None
    return start, rows, complete


def _rows(src: InputSource, fh: IO[bytes], header: Header, at: int, encoding: str, size: int,
          limit: int) -> Iterator[Record | TableRows]:
    """The data rows from ``fh``'s position on (the line after the header)."""
    width = len(header.columns)
    row = 1                              # the next line's row number (every line is one row here)
    for offset, data in _raw_blocks(fh, size):
        lines = _lines(data)
        got = _block(src, header, at, encoding, width, limit, data, lines, row)
        if got is None:                  # not UTF-8, or polars read it otherwise: the csv module reads on
            yield from _by_csv_module(src, header, at, encoding, offset, row)
            return
        items, taken = got
        yield from items
        row += taken
        if taken < len(lines):           # a line polars would not take: the csv module reads from it on
            yield from _by_csv_module(src, header, at, encoding, offset + sum(len(x) + 1 for x in lines[:taken]), row)
            return


def _block(src: InputSource, header: Header, at: int, encoding: str, width: int, limit: int, data: bytes,
           lines: list[bytes], row: int) -> tuple[list[Record | TableRows], int] | None:
    """One block's records (``data``, split into ``lines``), and how many of its lines they took (up
    to the first doubtful one); None: the csv module must read the whole block."""
    try:
        texts = pl.Series("l", lines, dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.PolarsError:
        return None
    doubtful, special_lines, pad = _classify(lines, texts, width, limit)
    doubtful = doubtful.arg_true()
    taken = int(doubtful[0]) if len(doubtful) else len(lines)
    special = set(special_lines.head(taken).arg_true().to_list())
    pad = pad.head(taken)
    padded = set((pad > 0).arg_true().to_list()) - special
    pads = pad.to_list() if padded else []
    items: list[Record | TableRows] = []
    run: list[int] = []

    def flush() -> None:
        if not run:
            return
        parts = []
        for i in run:
            line = lines[i]
            if i in padded:
                cr = line.endswith(b"\r")
                line = (line[:-1] if cr else line) + b"," * pads[i] + (b"\r" if cr else b"")
            parts.append(line)
        rows = [row + i for i in run]
        items.append(TableRows.of_csv(header, src.name, rows, [r + at + 1 for r in rows], b"\n".join(parts)))
        run.clear()

    if not special and not padded and taken == len(lines):       # the common case: the block read as it is
        rows = [row + i for i in range(taken)]
        return [TableRows.of_csv(header, src.name, rows, [r + at + 1 for r in rows], data[:-1] if data.endswith(b"\n")
                                 else data)], taken
    for i in range(taken):
        if i not in special:
            run.append(i)
            continue
        cells = next(csv.reader([lines[i].decode("utf-8") + "\n"]), [])
        rec = src.csv_record(row + i, cells, header, at, encoding, width)
        if rec is None:                  # a blank row: its number is taken, the run goes on
            continue
        flush()
        items.append(rec)
    flush()
    return items, taken


def _by_csv_module(src: InputSource, header: Header, at: int, encoding: str, offset: int,
                   row: int) -> Iterator[Record]:
    """The records from byte ``offset`` on (a line start; row ``row``), read by the csv module
    as :meth:`InputSource.records` reads them."""
    from zhice.batch import reader_words as words
    from zhice.errors import Problem, UsageError

    with src.path.open("rb") as raw:
        raw.seek(offset)
        fh = io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="")
        try:
            yield from src.csv_records(csv_parsed(csv.reader(fh), lines_before=row + at), header, at, encoding,
                                       start=row)
        except UnicodeDecodeError as exc:
            raise UsageError([words.bad_block_encoding(encoding, exc.reason, exc.start, src.name)]) from None
        except csv.Error as exc:
            raise UsageError([Problem("bad-csv", str(exc), src.name)]) from None
