"""Writers of screening results, chosen by the output's extension: JSONL, CSV, XLSX.

- JSONL: one line per input row in input order — the report (result contract) plus ``"row"``,
  or ``{"row": n, "error": {"path": …, "message": …}}``.
- CSV: one row per client: 行号, 企业名称, 统一社会信用代码, 错误, then each program's status
  (Chinese label) and gap count, headed by the program's title; with ``codes``, the headers and
  statuses as codes (row, name, credit_code, error, ``<program>.status``, ``<program>.gaps``).
  UTF-8 with BOM, so spreadsheet programs open the Chinese text correctly.
- XLSX (streamed; see :class:`XlsxWriter`): sheets 客户 (clients), 项目汇总 (counts per program
  and status), 线索 (near-eligible leads: programs whose only gaps are at most ``near`` unmet
  criteria), 错误 (error rows); Chinese headers, frozen header row, autofilter. A sheet past the
  format's row limit goes on in "线索 (2)" … beside it. Printed on A4 as :func:`print_setup` sets
  each sheet up (客户 and 线索 several pages wide, their name columns on every page).

The rows themselves are laid out and rendered by each writer's :attr:`Writer.rows`
(:mod:`zhice.batch.rows`), in the worker that screened them; a writer appends the rendered text.
Text cells that a spreadsheet would run as a formula are neutralised there. Every writer writes
to a temporary file beside the target and renames it into place on success only.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from zhice.batch.rows import (FORMULA_PREFIXES, CsvRows, JsonlRows, ProgramInfo, Rendered, RowFormat, Tally,
                               XlsxRows, fitting, neutralise)
from zhice.batch.xlsx_rows import RowStream, splice
from zhice.errors import Problem, UsageError
from zhice.report import STATUS_LABELS, STATUS_ORDER

__all__ = ["AtomicFile", "FORMULA_PREFIXES", "ProgramInfo", "Tally", "Writer", "neutralise", "open_writer", "OUTPUT_FORMATS"]

OUTPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx"}


class Writer(Protocol):
    rows: RowFormat                     # renders this output's rows (in the workers)

    def write(self, rendered: Rendered) -> None: ...
    def size(self) -> int: ...
    def close(self) -> None: ...
    def abort(self) -> None: ...


def remove_stale(directory: Path, prefix: str) -> None:
    """Delete temporary files ``<prefix><pid>.…`` left by a process that no longer runs (a run
    killed with ``kill -9`` cannot clean up after itself)."""
    for path in directory.glob(prefix + "*"):
        pid = path.name[len(prefix):].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            path.unlink(missing_ok=True)
        except OSError:
            pass                            # alive, or not ours to signal: leave it


class AtomicFile:
    """A temporary file beside ``target``, renamed over it by :meth:`commit`."""

    def __init__(self, target: Path):
        self.target = target
        if target.is_dir():                 # found now, not when renaming after the whole run
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target.parent, f".{target.name}.")
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp")
        os.close(fd)
        self.tmp = Path(tmp)

    def commit(self) -> None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)       # mkstemp makes 0600; give the usual permissions
        os.replace(self.tmp, self.target)

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)


class _TextFileWriter:
    """A writer of one file (binary: rows come rendered as UTF-8) written to a temp file and
    renamed into place on close."""

    _fh: Any
    _file: AtomicFile

    def write(self, rendered: Rendered) -> None:
        self._fh.write(rendered[""])

    def size(self) -> int:
        return self._fh.tell()

    def close(self) -> None:
        self._fh.close()
        self._file.commit()

    def abort(self) -> None:
        try:
            self._fh.close()                # flushes: fails again on a full disk
        except OSError:
            pass
        self._file.discard()


class JsonlWriter(_TextFileWriter):
    def __init__(self, target: Path):
        self._file = AtomicFile(target)
        self._fh = self._file.tmp.open("wb")
        self.rows = JsonlRows()


class CsvWriter(_TextFileWriter):
    """UTF-8 with BOM, so spreadsheet programs open the Chinese text correctly."""

    def __init__(self, target: Path, programs: Sequence[ProgramInfo], multi_input: bool = False, codes: bool = False):
        self._file = AtomicFile(target)
        self._fh = self._file.tmp.open("wb")
        self.rows = CsvRows(programs, multi_input, codes)
        head = io.StringIO()
        csv.writer(head).writerow(self.rows.header())
        self._fh.write(codecs.BOM_UTF8 + head.getvalue().encode("utf-8"))


XLSX_MAX_ROWS = 1_048_576       # rows a worksheet holds (the file format's limit), its header included

STATUS_COLOURS = {"eligible": "C6EFCE", "gap": "FFEB9C", "insufficient_data": "DDEBF7", "achieved": "D9D2E9",
                  "not_applicable": "EDEDED"}


class XlsxWriter:
    """Four sheets: openpyxl's write-only workbook for the structure (headers, styles, filters,
    conditional formats, chart, the per-program summary); the rows of the big sheets (客户, 线索,
    错误) streamed as SpreadsheetML and spliced in on close (:mod:`zhice.batch.xlsx_rows`).

    A big sheet that reaches :data:`XLSX_MAX_ROWS` goes on in a sheet of its own beside it
    ("线索 (2)", "线索 (3)" …, each with the header, frozen and filtered): a spreadsheet program
    would otherwise refuse the file, or drop the rows past the limit.
    """

    def __init__(self, target: Path, programs: Sequence[ProgramInfo], near: int, multi_input: bool,
                 tally: Tally, texts: Sequence[str] = ()):
        import openpyxl

        self._file = AtomicFile(target)
        self.programs = list(programs)
        self.rows = XlsxRows(programs, near, multi_input, texts)
        self.tally = tally              # filled by the screening as it goes
        self.wb = openpyxl.Workbook(write_only=True)
        streamed: dict[str, Any] = {}
        for title, head, widths in self.rows.sheets():
            streamed[title] = self._sheet(title, head, widths)
            if title == "客户":             # the summary follows the clients
                summary = ["项目编号", "项目名称"] + [STATUS_LABELS[s] for s in STATUS_ORDER] + ["线索数"]
                self.summary = self._sheet("项目汇总", summary, [fitting(h, w) for h, w in zip(
                    summary, [26, title_width(self.programs)] + [10] * (len(STATUS_ORDER) + 1))])
        for prefix in (".zhice-rows-", ".zhice-book-"):
            remove_stale(target.parent, prefix)
        self.sheets = dict(streamed)                # every streamed sheet by title, continuations too
        self.streams = {title: RowStream(target.parent, ws._zhice_width) for title, ws in streamed.items()}
        self.families = {title: [title] for title in streamed}     # a big sheet → its sheets, in order
        self._layout = {title: (head, widths) for title, head, widths in self.rows.sheets()}

    def _continue(self, base: str) -> str:
        """Open the next sheet of ``base``, after its last one; its title."""
        family = self.families[base]
        title = f"{base} ({len(family) + 1})"
        head, widths = self._layout[base]
        ws = self.sheets[title] = self._sheet(title, head, widths, self.wb.index(self.sheets[family[-1]]) + 1)
        self.streams[title] = RowStream(self._file.target.parent, ws._zhice_width)
        family.append(title)
        return title

    def _sheet(self, name: str, head: list[str], widths: list[int], index: int | None = None) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(name, index)
        widths, ws.row_dimensions[1].height = printed_widths(name, head, widths)
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A2"
        print_setup(ws, name, head)
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        wrap = Alignment(wrap_text=True, vertical="center")     # a header longer than its column wraps
        cells = []
        for h in head:
            c = WriteOnlyCell(ws, value=h)
            c.font, c.fill, c.alignment = bold, fill, wrap
            cells.append(c)
        ws.append(cells)
        ws._zhice_width = len(head)
        return ws

    def write(self, rendered: Rendered) -> None:
        for base, text in rendered.items():
            title = self.families[base][-1]
            while text := self.streams[title].write(text, XLSX_MAX_ROWS):    # the rows that did not fit
                title = self._continue(base)

    def size(self) -> int:
        """Bytes of the streamed rows so far (the workbook compresses them on close)."""
        return sum(stream.size() for stream in self.streams.values())

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        for pid, title in self.programs:
            counts = self.tally.statuses.get(pid, {})
            self.summary.append([pid, wrapped(self.summary, neutralise(title))] + [counts.get(s, 0) for s in STATUS_ORDER]
                                + [self.tally.leads.get(pid, 0)])
        self._decorate()
        for ws in [self.summary, *self.sheets.values()]:
            rows = self.streams[ws.title].rows if ws.title in self.streams else len(self.programs) + 1
            ws.auto_filter.ref = f"A1:{get_column_letter(ws._zhice_width)}{rows}"
        fd, name = tempfile.mkstemp(dir=self._file.target.parent, prefix=f".zhice-book-{os.getpid()}.", suffix=".xlsx")
        os.close(fd)
        structure = Path(name)
        try:
            self.wb.save(structure)
            splice(structure, self._file.tmp, self.streams, self.rows.shared)
        finally:
            structure.unlink(missing_ok=True)
            for stream in self.streams.values():
                stream.discard()
        self._file.commit()

    def _decorate(self) -> None:
        """Colour status cells by status and chart clients per program and status."""
        from openpyxl.chart import BarChart, Reference
        from openpyxl.formatting.rule import CellIsRule
        from openpyxl.styles import Font, PatternFill
        from openpyxl.utils import get_column_letter

        first = self.rows.first_status_column()     # first "<program> 结论" column of 客户
        last = first + 2 * len(self.programs) - 1
        for title in self.families["客户"]:
            rows = max(self.streams[title].rows, 2)
            area = f"{get_column_letter(first)}2:{get_column_letter(last)}{rows}"
            for status, colour in STATUS_COLOURS.items():
                self.sheets[title].conditional_formatting.add(area, CellIsRule(
                    operator="equal", formula=[f'"{STATUS_LABELS[status]}"'],
                    fill=PatternFill("solid", fgColor=colour), font=Font(color="000000")))
        n = len(self.programs)
        if n:
            chart = BarChart()
            chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
            chart.title = "各项目客户结论分布"
            chart.y_axis.title, chart.x_axis.title = "客户数", "项目"
            data = Reference(self.summary, min_col=3, max_col=2 + len(STATUS_ORDER), min_row=1, max_row=n + 1)
            cats = Reference(self.summary, min_col=2, min_row=2, max_row=n + 1)
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(cats)
            for series, status in zip(chart.series, STATUS_ORDER):    # the colours of the status cells
                series.graphicalProperties.solidFill = STATUS_COLOURS[status]
                series.graphicalProperties.line.solidFill = "808080"
            self.summary.add_chart(chart, chart_place(self.summary, chart, n))

    def abort(self) -> None:
        for ws in [self.summary, *self.sheets.values()]:
            try:
                ws.close()                  # finish openpyxl's row streams and remove its temp files
            except Exception:  # noqa: BLE001 - cleanup only
                pass
        for stream in self.streams.values():
            stream.discard()
        self._file.discard()


# ---- how the workbook prints (page setup and the widths it needs) --------------------------------

SUMMARY = "项目汇总"
#: how each sheet prints: orientation, scale in % (None: one page wide, as many pages down as its
#: rows take) and the last of its left columns repeated on every page (a sheet with a scale prints
#: several pages wide, over then down: the pages of one block of rows follow each other)
PRINTING: dict[str, tuple[str, int | None, str | None]] = {
    "客户": ("landscape", 70, "统一社会信用代码"),     # ~90 columns at 44 programs
    "线索": ("landscape", 65, "项目名称"),            # three long texts: gaps, what is missing, next steps
    SUMMARY: ("portrait", None, None),               # the table, then the chart on a page of its own
    "错误": ("landscape", None, None),
}
#: widths of 客户's two columns per program, its status and its gap count (their headers wrap)
PROGRAM_WIDTHS = (10, 8)
#: the 项目名称 column of 项目汇总: as wide as the longest title (CJK as two columns) within this, then wrapped
TITLE_WIDTH = (30, 44)
#: cm: the highest 项目汇总's chart gets (a portrait A4 page at the scale the table prints)
CHART_MAX_HEIGHT = 30
#: points one line of a header takes
HEADER_LINE = 15


def _base(name: str) -> str:
    return name.split(" (")[0]           # "客户 (2)", a continuation sheet, prints as 客户


def print_setup(ws: Any, name: str, head: Sequence[str]) -> None:
    """Set up how a sheet prints (:data:`PRINTING`): A4, narrow margins, the header row on every
    page, grid lines (not under 项目汇总's chart), the sheet's name and page numbers in the footer."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    orientation, scale, titles = PRINTING.get(_base(name), ("landscape", None, None))
    setup = ws.page_setup
    setup.paperSize, setup.orientation = "9", orientation          # 9: A4
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.2, footer=0.3)
    ws.print_options.gridLines = name != SUMMARY
    ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = "&A　第 &P 页，共 &N 页"
    if scale is None:
        setup.fitToWidth, setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        return
    setup.scale, setup.pageOrder = scale, "overThenDown"
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    if titles in head:
        ws.print_title_cols = f"A:{get_column_letter(list(head).index(titles) + 1)}"


def printed_widths(name: str, head: Sequence[str], widths: Sequence[int]) -> tuple[list[int], float]:
    """The column widths a sheet prints with, and the height (points) its header row needs.

    客户's program columns (a status and a gap count per program) are :data:`PROGRAM_WIDTHS` wide
    whatever the length of the programme's title: their header wraps over a few lines instead, so
    that a printed page holds several programs. A header wider than its column wraps (CJK counted
    as two columns); the header row is as high as its most-wrapped header.
    """
    from rich.cells import cell_len

    out = list(widths)
    if _base(name) == "客户":
        first = list(head).index("符合项目数") + 1     # after 行号, the names, 适用项目数, 符合项目数
        out[first:] = [min(w, PROGRAM_WIDTHS[i % 2]) for i, w in enumerate(out[first:])]
    lines = max((math.ceil(cell_len(h) / max(w - 1, 1)) for h, w in zip(head, out)), default=1)
    return out, HEADER_LINE * max(lines, 1) + 4


def title_width(programs: Sequence[ProgramInfo]) -> int:
    """The width of 项目汇总's 项目名称 column: the longest title's (CJK as two), within :data:`TITLE_WIDTH`."""
    from rich.cells import cell_len

    lo, hi = TITLE_WIDTH
    return max(lo, min(hi, max((cell_len(title) + 2 for _, title in programs), default=lo)))


def wrapped(ws: Any, text: str) -> Any:
    """A cell of ``text`` that wraps in its column (a long programme title prints whole)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    cell = WriteOnlyCell(ws, value=text)
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    return cell


def chart_place(ws: Any, chart: Any, programs: int) -> str:
    """Where 项目汇总's chart goes (its anchor cell), and its size: below the table of ``programs``
    rows after a page break, so that the table and the chart each print on a page of their own;
    as wide as the table and high enough for every programme's label (within a portrait page)."""
    from openpyxl.worksheet.pagebreak import Break

    ws.row_breaks.append(Break(id=programs + 1))
    chart.width, chart.height = 20, min(max(8, 0.8 * programs), CHART_MAX_HEIGHT)
    return f"A{programs + 3}"


def output_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    fmt = OUTPUT_FORMATS.get(suffix)
    if fmt is None:
        raise UsageError([Problem("unknown-output", f"cannot tell the output format of '{Path(path).name}'",
                                  path="--output", hint="end the name in .jsonl, .csv or .xlsx")])
    return fmt


def open_writer(path: str | Path, programs: Sequence[ProgramInfo], near: int, multi_input: bool,
                tally: Tally, codes: bool = False, texts: Sequence[str] = ()) -> Writer:
    """A writer for ``path`` by its extension (.jsonl, .csv, .xlsx); an XLSX summarises ``tally``.
    ``codes``: a CSV's headers and statuses as codes, not Chinese titles and labels; ``texts``: the
    rulebooks' texts an XLSX's lead rows repeat (``rows.lead_texts``), written once."""
    fmt = output_format(path)
    target = Path(path)
    if fmt == "jsonl":
        return JsonlWriter(target)
    if fmt == "csv":
        return CsvWriter(target, programs, multi_input, codes)
    return XlsxWriter(target, programs, near, multi_input, tally, texts)
