"""Table rows packed for a worker process: a chunk's CSV rows as one UTF-8 text, read back by polars.

Columnar screening into CSV sends a chunk's table rows to a worker as one :class:`TableRows`
(one bytes object) instead of a :class:`~zhice.batch.readers.Record` a row: pickling thousands
of lists of cells was most of the screening process's own work, and polars reads the packed
text back in one pass. A row that cannot be packed exactly stays a Record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhice.batch.readers import Header, Record

__all__ = ["TableRows"]

_CELL, _ROW = "\x1f", "\x1e"      # between the cells and the rows of TableRows (a row holding either stays a Record)
_NOT_PACKED = (_ROW, "\r", "\n")


@dataclass(slots=True)
class TableRows:
    """Consecutive data rows of one table as one UTF-8 text: the cells of a row joined by the unit
    separator, the rows by the record separator, each row led by a marker cell, read back by
    polars in one pass (no quotes, no escapes: a row whose cells hold a separator, or a line
    break, is not packed); or a CSV's own lines, one row each of exactly the header's cells
    (:meth:`of_csv`, as :func:`zhice.batch.csv_blocks.csv_blocks` vouches for them), parsed by
    polars where the rows are screened; or their DataFrame. A chunk of thousands of rows crosses
    to a worker process as one bytes object, not a list of cells a row. :meth:`record` gives row ``i`` back as the :class:`Record`
    it was (a blank cell is None, as a missing one: :meth:`Header.record` takes both as blank;
    cells past the header's columns are dropped: they were blank, or the row was refused)."""

    header: Header
    file: str
    rows: list[int]
    lines: list[int]
    text: bytes
    _frame: Any = None
    csv: bytes = b""                # a CSV's lines (no final line end), when the rows are those

    def __len__(self) -> int:
        return len(self.rows)

    @staticmethod
    def line(cells: Any, width: int) -> str | None:
        """A table row's cells as one packed row of ``width`` cells, or None when they cannot be."""
        if len(cells) != width:
            cells = _fit(cells, width)
        try:
            text = _CELL.join(cells)
        except TypeError:               # not all text (an XLSX row's numbers): the row stays a Record
            return None
        if text.count(_CELL) != width - 1 or any(c in text for c in _NOT_PACKED):
            return None
        return "." + _CELL + text

    @classmethod
    def of(cls, header: Header, file: str, rows: list[int], lines: list[int], texts: list[str]) -> TableRows:
        """Rows packed by :meth:`line`."""
        return cls(header, file, rows, lines, _ROW.join(texts).encode("utf-8"))

    @classmethod
    def of_csv(cls, header: Header, file: str, rows: list[int], lines: list[int], csv: bytes) -> TableRows:
        """Rows that are a CSV's lines as they are (``csv``: joined by line ends, no final one):
        each exactly one row of the header's cells, quoted as RFC 4180 quotes (no line break in a
        field, no stray quote); polars parses them when they are screened."""
        return cls(header, file, rows, lines, b"", None, csv)

    def frame(self) -> Any:
        """The rows as a polars DataFrame of String columns ``c1`` … (null or "": a blank cell)."""
        if self._frame is None:
            import io

            import polars as pl

            width = len(self.header.columns)
            if self.csv:
                self._frame = _csv_frame(self.csv, width, len(self.rows))
            else:
                frame = pl.read_csv(io.BytesIO(self.text), has_header=False, separator=_CELL, eol_char=_ROW,
                                    quote_char=None, schema={f"c{i}": pl.String for i in range(width + 1)})
                self._frame = frame.drop("c0")
            assert self._frame.height == len(self.rows)
        return self._frame

    def series(self) -> list[Any]:
        """Every column's cells as a polars String Series; None for a column naming no field."""
        frame = self.frame()
        return [None if path is None else frame[f"c{i + 1}"] for i, path in enumerate(self.header.columns)]

    def record(self, i: int) -> Record:
        cells = list(self.frame().row(i))
        return Record(self.rows[i], file=self.file, cells=cells, header=self.header, line=self.lines[i])

    def copy(self) -> TableRows:
        """These rows as rows of their own (extending the copy leaves these as they are)."""
        return TableRows(self.header, self.file, list(self.rows), list(self.lines), self.text, self._frame, self.csv)

    def extend(self, other: TableRows) -> None:
        """Append ``other``'s rows (the same header's, the rows that follow)."""
        if self.text and other.text and self._frame is None and other._frame is None:
            self.text += _ROW.encode() + other.text
        elif self.csv and other.csv and self._frame is None and other._frame is None:
            self.csv += b"\n" + other.csv
        else:
            import polars as pl

            self._frame = pl.concat([self.frame(), other.frame()], rechunk=False)   # (before the rows grow)
            self.text = self.csv = b""
        self.rows += other.rows
        self.lines += other.lines

    def slice(self, start: int, stop: int) -> TableRows:
        """Rows ``start`` … ``stop - 1`` of these, as rows of their own."""
        if self.csv and self._frame is None:
            lines = self.csv.split(b"\n")[start:stop]
            return TableRows.of_csv(self.header, self.file, self.rows[start:stop], self.lines[start:stop],
                                    b"\n".join(lines))
        return TableRows(self.header, self.file, self.rows[start:stop], self.lines[start:stop], b"",
                         self.frame().slice(start, stop - start))

    def __getstate__(self) -> tuple[Any, ...]:
        # the packed text or CSV lines, or else the frame (never both: a worker process parses the text itself)
        text = self.text or self.csv
        return (self.header, self.file, self.rows, self.lines, self.text, None if text else self._frame, self.csv)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.header, self.file, self.rows, self.lines, self.text, self._frame, self.csv = state


def _csv_frame(data: bytes, width: int, rows: int) -> Any:
    """CSV lines of ``width`` cells each (:meth:`TableRows.of_csv`) parsed by polars; should polars
    not give one row a line, the csv module's reading of them (the reading polars stands in for)."""
    import csv
    import io

    import polars as pl

    names = [f"c{i + 1}" for i in range(width)]
    try:
        frame = pl.read_csv(io.BytesIO(data + b"\n"), has_header=False, separator=",", quote_char='"', eol_char="\n",
                            schema={n: pl.String for n in names}, comment_prefix=None, null_values=None,
                            truncate_ragged_lines=False, raise_if_empty=False, try_parse_dates=False,
                            encoding="utf8")
        if frame.height == rows:
            return frame
    except pl.exceptions.PolarsError:
        pass
    cells = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return pl.DataFrame([pl.Series(n, col, dtype=pl.String) for n, col in zip(names, zip(*cells))]
                        if cells else [pl.Series(n, [], dtype=pl.String) for n in names])


def _fit(cells: Any, width: int) -> list[str]:
    """A row's cells as ``width`` texts: missing ones blank, the (blank) extra ones dropped."""
    out = ["" if c is None else c for c in cells[:width]]
    return out + [""] * (width - len(out))
