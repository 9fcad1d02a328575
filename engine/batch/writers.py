"""Writers of screening results, chosen by the output's extension: JSONL, CSV, XLSX.

- JSONL: one line per input row in input order — the report (result contract) plus ``"row"``,
  or ``{"row": n, "error": {"path": …, "message": …}}``.
- CSV: one row per client: row, name, credit code, error, then each program's status code and
  gap count. UTF-8 with BOM, so spreadsheet programs open the Chinese text correctly.
- XLSX (streamed; see :class:`XlsxWriter`): sheets 客户 (clients), 项目汇总 (counts per program
  and status), 线索 (near-eligible leads: programs whose only gaps are at most ``near`` unmet
  criteria), 错误 (error rows); Chinese headers, frozen header row, autofilter.

Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) are neutralised with a leading apostrophe in CSV and XLSX. Every writer
writes to a temporary file beside the target and renames it into place on success only.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from engine.batch.executors import RowResult
from engine.batch.xlsx_rows import RowStream, cells_xml, splice
from engine.errors import Problem, UsageError
from engine.report import STATUS_LABELS, STATUS_ORDER

__all__ = ["FORMULA_PREFIXES", "ProgramInfo", "Tally", "Writer", "neutralise", "open_writer", "OUTPUT_FORMATS"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
OUTPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx"}
ProgramInfo = tuple[str, str]            # (id, Chinese title)


def neutralise(value: Any) -> Any:
    """Prefix text a spreadsheet would evaluate as a formula with ``'``; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class Writer(Protocol):
    def write(self, result: RowResult) -> None: ...
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


class _Atomic:
    """A temporary file beside ``target``, renamed over it by :meth:`commit`."""

    def __init__(self, target: Path):
        self.target = target
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
    """A writer over one text file written to a temp file and renamed into place on close."""

    _fh: Any
    _file: _Atomic

    def close(self) -> None:
        self._fh.close()
        self._file.commit()

    def abort(self) -> None:
        self._fh.close()
        self._file.discard()


class JsonlWriter(_TextFileWriter):
    def __init__(self, target: Path, programs: Sequence[ProgramInfo], near: int):
        self._file = _Atomic(target)
        self._fh = self._file.tmp.open("w", encoding="utf-8", newline="\n")

    def write(self, result: RowResult) -> None:
        self._fh.write(result.line)
        self._fh.write("\n")


class CsvWriter(_TextFileWriter):
    def __init__(self, target: Path, programs: Sequence[ProgramInfo], near: int, multi_input: bool = False):
        self._file = _Atomic(target)
        self._fh = self._file.tmp.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._fh)
        self.programs = [pid for pid, _ in programs]
        self.multi = multi_input
        head = ["row"] + (["input"] if multi_input else []) + ["name", "credit_code", "error"]
        for pid in self.programs:
            head += [f"{pid}.status", f"{pid}.gaps"]
        self._csv.writerow(head)

    def write(self, result: RowResult) -> None:
        s = result.summary
        cells: list[Any] = [result.row] + ([neutralise(result.input)] if self.multi else [])
        err = result.error
        # only text from the input can look like a formula; statuses and counts are the engine's
        cells += [neutralise(s.get("name")), neutralise(s.get("credit_code")),
                  neutralise(_error_text(err)) if err else None]
        statuses = s.get("statuses", {})
        for pid in self.programs:
            st = statuses.get(pid)
            cells += st if st else [None, None]
        self._csv.writerow(cells)



def _error_text(err: dict[str, Any]) -> str:
    text = f"{err['path']}: {err['message']}" if err.get("path") else str(err.get("message"))
    return text + (f" ({err['hint']})" if err.get("hint") else "")


STATUS_COLOURS = {"eligible": "C6EFCE", "gap": "FFEB9C", "insufficient_data": "DDEBF7", "achieved": "D9D2E9",
                  "not_applicable": "EDEDED"}


class Tally:
    """Clients per program and status, and leads per program (gaps of at most ``near`` unmet
    criteria): counted once per screening, for its closing report and the XLSX summary sheet."""

    def __init__(self, programs: Sequence[ProgramInfo], near: int):
        self.near = near
        self.statuses: dict[str, dict[str, int]] = {pid: dict.fromkeys(STATUS_ORDER, 0) for pid, _ in programs}
        self.leads: dict[str, int] = {pid: 0 for pid, _ in programs}

    def add(self, statuses: dict[str, list[Any]]) -> None:
        """One client's ``{program: [status, unmet criteria]}``."""
        for pid, (status, unmet) in statuses.items():
            counts = self.statuses.setdefault(pid, dict.fromkeys(STATUS_ORDER, 0))
            counts[status] = counts.get(status, 0) + 1
            if status == "gap" and 0 < unmet <= self.near:
                self.leads[pid] = self.leads.get(pid, 0) + 1


class XlsxWriter:
    """Four sheets: openpyxl's write-only workbook for the structure (headers, styles, filters,
    conditional formats, chart, the per-program summary); the rows of the big sheets (客户, 线索,
    错误) streamed as SpreadsheetML and spliced in on close (:mod:`engine.batch.xlsx_rows`)."""

    STREAMED = ("客户", "线索", "错误")

    def __init__(self, target: Path, programs: Sequence[ProgramInfo], near: int, multi_input: bool,
                 tally: Tally):
        import openpyxl

        self._file = _Atomic(target)
        self.programs = list(programs)
        self.near = near
        self.multi = multi_input
        self.tally = tally              # filled by the screening as it goes (one count per row)
        self.wb = openpyxl.Workbook(write_only=True)
        base = ["行号"] + (["输入文件"] if multi_input else []) + ["企业名称", "统一社会信用代码"]
        client_head = base + ["适用项目数", "符合项目数"]
        for _, title in self.programs:
            client_head += [f"{title} 结论", f"{title} 差距数"]
        self.clients = self._sheet("客户", client_head, [8] + ([16] if multi_input else []) + [28, 22, 10, 10])
        self.summary = self._sheet("项目汇总", ["项目编号", "项目名称"] + [STATUS_LABELS[s] for s in STATUS_ORDER] + ["线索数"],
                                   [26, 30] + [10] * (len(STATUS_ORDER) + 1))
        self.leads = self._sheet("线索", base + ["项目编号", "项目名称", "差距数", "缺少的条件", "差距说明", "下一步"],
                                 [8] + ([16] if multi_input else []) + [28, 22, 24, 30, 8, 40, 60, 60])
        self.errors = self._sheet("错误", ["行号"] + (["输入文件"] if multi_input else []) + ["字段", "问题", "提示", "文件"],
                                  [8] + ([16] if multi_input else []) + [30, 60, 40, 30])
        self.rows = {"客户": 1, "线索": 1, "错误": 1}
        for prefix in (".zhice-rows-", ".zhice-book-"):
            remove_stale(target.parent, prefix)
        self.streams = {ws.title: RowStream(target.parent, ws._zhice_width)
                        for ws in (self.clients, self.leads, self.errors)}
        self._pairs: dict[tuple[str, int], str] = {}

    def _sheet(self, name: str, head: list[str], widths: list[int]) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font, PatternFill
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(name)
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A2"
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cells = []
        for h in head:
            c = WriteOnlyCell(ws, value=h)
            c.font, c.fill = bold, fill
            cells.append(c)
        ws.append(cells)
        ws._zhice_width = len(head)
        return ws

    def _append(self, ws: Any, cells: list[Any]) -> None:
        stream = self.streams[ws.title]
        stream.append([neutralise(c) if type(c) is str else c for c in cells])
        self.rows[ws.title] = stream.rows

    def write(self, result: RowResult) -> None:
        s = result.summary
        lead = [result.row] + ([result.input] if self.multi else []) + [s.get("name"), s.get("credit_code")]
        if result.error:
            e = result.error
            self._append(self.errors, [result.row] + ([result.input] if self.multi else [])
                         + [e.get("path"), e.get("message"), e.get("hint"), e.get("file")])
            return
        statuses: dict[str, list[Any]] = s.get("statuses", {})
        applicable = sum(1 for st in statuses.values() if st[0] in ("eligible", "gap", "insufficient_data"))
        eligible = sum(1 for st in statuses.values() if st[0] == "eligible")
        # the program columns are engine values (a status label and a count): their cells are
        # rendered once per (status, count) and reused
        pairs = self._pairs
        tail: list[str] = []
        for pid, _ in self.programs:
            st = statuses.get(pid)
            if st:
                xml = pairs.get((st[0], st[1]))
                if xml is None:
                    xml = pairs[(st[0], st[1])] = cells_xml([STATUS_LABELS.get(st[0], st[0]), st[1]])
            else:
                xml = '<c/><c/>'
            tail.append(xml)
        stream = self.streams[self.clients.title]
        stream.append([neutralise(c) if type(c) is str else c for c in lead + [applicable, eligible]], "".join(tail))
        self.rows[self.clients.title] = stream.rows
        titles = dict(self.programs)
        for pid, unmet in s.get("gaps", {}).items():
            if 0 < len(unmet) <= self.near:
                self._append(self.leads, lead + [pid, titles.get(pid, pid), len(unmet),
                                                 "；".join(u[0] for u in unmet),
                                                 "；".join(u[1] for u in unmet if u[1]),
                                                 "；".join(u[2] for u in unmet if u[2])])

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        for pid, title in self.programs:
            counts = self.tally.statuses.get(pid, {})
            self.summary.append([pid, neutralise(title)] + [counts.get(s, 0) for s in STATUS_ORDER]
                                + [self.tally.leads.get(pid, 0)])
        self.rows["项目汇总"] = len(self.programs) + 1
        self._decorate()
        for ws in (self.clients, self.summary, self.leads, self.errors):
            ws.auto_filter.ref = f"A1:{get_column_letter(ws._zhice_width)}{max(self.rows.get(ws.title, 1), 1)}"
        fd, name = tempfile.mkstemp(dir=self._file.target.parent, prefix=f".zhice-book-{os.getpid()}.", suffix=".xlsx")
        os.close(fd)
        structure = Path(name)
        try:
            self.wb.save(structure)
            splice(structure, self._file.tmp, self.streams)
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

        first = 5 + (1 if self.multi else 0)  # first "<program> 结论" column of 客户
        last = first + 2 * len(self.programs) - 1
        rows = max(self.rows["客户"], 2)
        area = f"{get_column_letter(first)}2:{get_column_letter(last)}{rows}"
        for status, colour in STATUS_COLOURS.items():
            self.clients.conditional_formatting.add(area, CellIsRule(
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
            chart.height, chart.width = max(8, 0.6 * n), 24
            self.summary.add_chart(chart, f"{get_column_letter(4 + len(STATUS_ORDER))}2")

    def abort(self) -> None:
        for ws in (self.clients, self.summary, self.leads, self.errors):
            try:
                ws.close()                  # finish openpyxl's row streams and remove its temp files
            except Exception:  # noqa: BLE001 - cleanup only
                pass
        for stream in self.streams.values():
            stream.discard()
        self._file.discard()


def output_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    fmt = OUTPUT_FORMATS.get(suffix)
    if fmt is None:
        raise UsageError([Problem("unknown-output", f"cannot tell the output format of '{Path(path).name}'",
                                  path="--output", hint="end the name in .jsonl, .csv or .xlsx")])
    return fmt


def open_writer(path: str | Path, programs: Sequence[ProgramInfo], near: int, multi_input: bool,
                tally: Tally) -> Writer:
    """A writer for ``path`` by its extension (.jsonl, .csv, .xlsx); an XLSX summarises ``tally``."""
    fmt = output_format(path)
    target = Path(path)
    if fmt == "jsonl":
        return JsonlWriter(target, programs, near)
    if fmt == "csv":
        return CsvWriter(target, programs, near, multi_input)
    return XlsxWriter(target, programs, near, multi_input, tally)
