"""Output rows, rendered where a chunk is screened: a chunk's JSONL lines, CSV lines or XLSX sheet rows.

Each writer (:mod:`zhice.batch.writers`) has a :class:`RowFormat`: the layout of its rows, and
the only code that turns row results into output text. The screening hands the format to the
workers, which render their chunk and count it (:class:`Tally`) right after screening it, so
the writing process only appends text and adds up counts. Rows the history store gives back on
``--resume`` are rendered by the same format (JSONL rows by the workers, CSV/XLSX rows in the
writing process): the output is the same either way.

A rendering is ``{part: UTF-8 text}``: one part (``""``) for JSONL and CSV, one per streamed
sheet for XLSX. It is encoded where it is rendered, so the writing process neither decodes nor
encodes it (a JSONL line is a ~230 KB report). Text cells that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are neutralised with a
leading apostrophe in CSV and XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from zhice.batch.xlsx_rows import SharedStrings, cells_xml, row_xml
from zhice.report import STATUS_LABELS, STATUS_ORDER

if TYPE_CHECKING:
    from zhice.batch.model import DecidedRows, RowResult
    from zhice.compiler import CompiledSet

__all__ = ["CsvRows", "FORMULA_PREFIXES", "csv_quote", "csv_text", "fitting", "lead_texts", "JsonlRows", "ProgramInfo", "Rendered", "RowFormat", "Tally",
           "XlsxRows", "neutralise"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# the same prefixes as a regular expression, for text neutralised over columns (csv_text)
_FORMULA_START = "^[" + "".join("\\" + c if c in "\\]^-[" else c for c in FORMULA_PREFIXES) + "]"
ProgramInfo = tuple[str, str]            # (id, Chinese title)
Rendered = dict[str, bytes]              # part → its rows as UTF-8: encoded once, where rendered
APPLICABLE = ("eligible", "gap", "insufficient_data")
_CACHE_PAIRS = 4_096                     # rendered (status, gap count) cell pairs kept per process
_CACHE_LEADS = 20_000                    # rendered lead cells (program and unmet criteria) kept per process


def neutralise(value: Any) -> Any:
    """Prefix text a spreadsheet would evaluate as a formula with ``'``; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def lead_texts(compiled: CompiledSet) -> list[str]:
    """The texts of the rulebooks that a lead's row shows as they are: each criterion's title, its
    gap text when that is the same for every client, and its first next step."""
    from zhice.evaluate import static_of
    from zhice.report_compact import catalog_gap

    steps = static_of(compiled).steps
    out: list[str] = []
    for prog in compiled.programs:
        for el in prog.criteria:
            if el.element is None:
                continue
            gap = catalog_gap(compiled, el)
            out += [el.element.title] + ([gap] if gap else []) + steps.get(el.key, [])[:1]
    return out


def fitting(header: str, width: int) -> int:
    """A column width that shows ``header`` whole (CJK characters take two columns), at least
    ``width``, at most 60 (a longer header wraps)."""
    from rich.cells import cell_len

    return max(width, min(cell_len(header) + 2, 60))


def error_text(err: dict[str, Any]) -> str:
    text = f"{err['path']}: {err['message']}" if err.get("path") else str(err.get("message"))
    return text + (f" ({err['hint']})" if err.get("hint") else "")


class Tally:
    """Clients per program and status, and leads per program (gaps of at most ``near`` unmet
    criteria): counted beside each chunk, added up for the closing report and the XLSX summary."""

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

    def fresh(self) -> Tally:
        """An empty tally with the same programs and ``near``."""
        return Tally([(pid, "") for pid in self.statuses], self.near)

    def add_rows(self, results: Sequence[RowResult]) -> Tally:
        for r in results:
            if r.error is None:
                self.add(r.summary.get("statuses", {}))
        return self

    def merge(self, other: Tally) -> None:
        for pid, counts in other.statuses.items():
            mine = self.statuses.setdefault(pid, dict.fromkeys(STATUS_ORDER, 0))
            for status, n in counts.items():
                mine[status] = mine.get(status, 0) + n
        for pid, n in other.leads.items():
            self.leads[pid] = self.leads.get(pid, 0) + n


class RowFormat:
    """How one output lays out its rows; :meth:`render` is a pure function of the results."""

    parts: tuple[str, ...] = ("",)

    def render(self, results: Sequence[RowResult]) -> Rendered:
        raise NotImplementedError


class JsonlRows(RowFormat):
    """One line per row: the report plus ``"row"``, or the error object (the worker's ``line``)."""

    def render(self, results: Sequence[RowResult]) -> Rendered:
        return {"": "".join(r.line + "\n" for r in results).encode("utf-8")}


class CsvRows(RowFormat):
    """One row per client: 行号, (输入文件,) 企业名称, 统一社会信用代码, 错误, then each program's status
    label and gap count, headed by its title; with ``codes`` the same columns headed by codes (row,
    input, name, credit_code, error, ``<program>.status``, ``<program>.gaps``) with status codes.
    An error names the row as the input's spreadsheet numbers it (表格第 N 行) when known."""

    def __init__(self, programs: Sequence[ProgramInfo], multi_input: bool = False, codes: bool = False):
        self.programs = [pid for pid, _ in programs]
        self.titles = [title for _, title in programs]
        self.multi = multi_input
        self.codes = codes

    def header(self) -> list[str]:
        if self.codes:
            head = ["row"] + (["input"] if self.multi else []) + ["name", "credit_code", "error"]
            for pid in self.programs:
                head += [f"{pid}.status", f"{pid}.gaps"]
            return head
        head = ["行号"] + (["输入文件"] if self.multi else []) + ["企业名称", "统一社会信用代码", "错误"]
        for title in self.titles:
            head += [f"{title} 结论", f"{title} 差距数"]
        return head

    def render(self, results: Sequence[RowResult]) -> Rendered:
        buf = io.StringIO()
        out = csv.writer(buf)
        blank = [None, None]
        labels = None if self.codes else STATUS_LABELS
        for r in results:
            s = r.summary
            cells: list[Any] = [r.row] + ([neutralise(r.input)] if self.multi else [])
            err = r.error
            text = None
            if err:
                text = error_text(err)
                if labels is not None and err.get("line") is not None:
                    text = f"表格第 {err['line']} 行：{text}"
            # only text from the input can look like a formula; statuses and counts are the engine's
            cells += [neutralise(s.get("name")), neutralise(s.get("credit_code")), neutralise(text)]
            statuses = s.get("statuses", {})
            for pid in self.programs:
                st = statuses.get(pid)
                if st is None:
                    cells += blank
                elif labels is None:
                    cells += st
                else:
                    cells += (labels.get(st[0], st[0]), st[1])
            out.writerow(cells)
        return {"": buf.getvalue().encode("utf-8")}

    def render_columns(self, decided: DecidedRows) -> Any:
        """The CSV lines (without their line ends) of rows screened over columns, the same text
        :meth:`render` gives for their results, built by polars: a String Series, a line a row."""
        import polars as pl

        labels = {} if self.codes else {k: csv_quote(v) for k, v in STATUS_LABELS.items()}
        cells: list[pl.Expr] = [pl.col("row").cast(pl.String)]
        if self.multi:
            cells.append(pl.lit(csv_quote(str(neutralise(decided.label))) if decided.label is not None else ""))
        cells += [csv_text(pl.col("name")), csv_text(pl.col("code")), pl.lit("")]
        columns: dict[str, Any] = {"row": pl.Series(decided.rows, dtype=pl.Int64), "name": decided.names,
                                   "code": decided.codes}
        where = {pid: k for k, pid in enumerate(decided.programs)}
        for pid in self.programs:
            k = where.get(pid)
            if k is None:
                cells += [pl.lit(""), pl.lit("")]
                continue
            columns[f"s{k}"], columns[f"u{k}"] = decided.statuses[k], decided.unmet[k]
            status = pl.col(f"s{k}")
            cells += [status.replace(labels) if labels else status, pl.col(f"u{k}").cast(pl.String)]
        frame = pl.DataFrame(columns)
        return frame.select(pl.concat_str(cells, separator=",").alias("line"))["line"]


def csv_quote(text: str) -> str:
    """One cell as Python's csv writer writes it (minimal quoting, ``"`` doubled)."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(col: Any) -> Any:
    """A polars String expression as CSV cells of text from the input: neutralised as
    :func:`neutralise` does, then quoted as :func:`csv_quote` (null: an empty cell)."""
    import polars as pl

    text = pl.when(col.str.contains(_FORMULA_START)).then(pl.lit("'") + col).otherwise(col)
    quoted = pl.when(text.str.contains('[,"\r\n]')).then(
        pl.lit('"') + text.str.replace_all('"', '""', literal=True) + pl.lit('"')).otherwise(text)
    return quoted.fill_null("")


class XlsxRows(RowFormat):
    """The streamed sheets of the XLSX output: 客户 (one row per client: counts, then each program's
    status and gap count), 线索 (a row per program whose only gaps are at most ``near`` unmet
    criteria, with what is missing and the next step) and 错误 (error rows)."""

    parts = ("客户", "线索", "错误")

    def __init__(self, programs: Sequence[ProgramInfo], near: int, multi_input: bool = False,
                 texts: Sequence[str] = ()):
        self.programs = list(programs)
        self.titles = dict(self.programs)
        self.near = near
        self.multi = multi_input
        self._pairs: dict[tuple[str, int], str] = {}
        self._counts: dict[tuple[int, int], str] = {}       # (applicable, eligible) → their cells
        self._leads: dict[tuple[str, tuple[tuple[Any, ...], ...]], str] = {}
        # what every row repeats, known before the first: written once, as the workbook's shared strings
        # (``texts``: the rulebooks' texts a lead row gives, lead_texts)
        self.shared = SharedStrings([STATUS_LABELS[s] for s in STATUS_ORDER]
                                    + [t for pid, title in self.programs for t in (pid, neutralise(title))]
                                    + [neutralise(t) for t in texts])

    def sheets(self) -> list[tuple[str, list[str], list[int]]]:
        """(title, header, column widths) of each streamed sheet, in :attr:`parts` order. A column
        is as wide as its content needs and at least as its header (CJK counted as two columns)."""
        inp = ["输入文件"] if self.multi else []
        w_inp = [16] if self.multi else []
        clients = ["行号"] + inp + ["企业名称", "统一社会信用代码", "适用项目数", "符合项目数"]
        w_clients = [8] + w_inp + [28, 22, 10, 10]
        for _, title in self.programs:
            clients += [f"{title} 结论", f"{title} 差距数"]
            w_clients += [10, 8]
        layout = [
            ("客户", clients, w_clients),
            ("线索", ["行号"] + inp + ["企业名称", "统一社会信用代码", "项目编号", "项目名称", "差距数",
                                      "缺少的条件", "差距说明", "下一步"], [8] + w_inp + [28, 22, 24, 30, 8, 40, 60, 60]),
            # 表格行号: the row as the input's spreadsheet numbers it (行号 counts data rows, as in 客户)
            ("错误", ["行号"] + inp + ["表格行号", "企业名称", "字段", "问题", "提示", "文件"],
             [8] + w_inp + [10, 28, 30, 60, 40, 30]),
        ]
        return [(title, head, [fitting(h, w) for h, w in zip(head, widths)]) for title, head, widths in layout]

    def first_status_column(self) -> int:
        return 5 + (1 if self.multi else 0)

    def _statuses(self, statuses: dict[str, list[Any]]) -> str:
        # the program columns are engine values (a status label and a count): their cells are
        # rendered once per (status, count) and reused
        pairs, pair = self._pairs, self.pair_cells
        tail: list[str] = []
        for pid, _ in self.programs:
            st = statuses.get(pid)
            if st:
                xml = pairs.get((st[0], st[1])) or pair(st[0], st[1])
            else:
                xml = "<c/><c/>"
            tail.append(xml)
        return "".join(tail)

    def _lead(self, pid: str, unmet: list[list[Any]]) -> str:
        """A lead row's cells after the client's (program, what is missing, the next step): the
        same for every client with the same unmet criteria and texts, so rendered once for them."""
        key = (pid, tuple(map(tuple, unmet)))
        xml = self._leads.get(key)
        if xml is None:
            xml = cells_xml([pid, neutralise(self.titles.get(pid, pid)), len(unmet),
                             neutralise("；".join(u[0] for u in unmet)),
                             neutralise("；".join(u[1] for u in unmet if u[1])),
                             neutralise("；".join(u[2] for u in unmet if u[2]))], self.shared.cells)
            if len(self._leads) >= _CACHE_LEADS:
                self._leads.clear()
            self._leads[key] = xml
        return xml

    def render(self, results: Sequence[RowResult]) -> Rendered:
        clients: list[str] = []
        leads: list[str] = []
        errors: list[str] = []
        for r in results:
            s = r.summary
            head = [r.row] + ([neutralise(r.input)] if self.multi else [])
            if r.error:
                e = r.error
                errors.append(row_xml(head + [e.get("line"), neutralise(s.get("name")), neutralise(e.get("path")),
                                              neutralise(e.get("message")), neutralise(e.get("hint")),
                                              neutralise(e.get("file"))]))
                continue
            statuses: dict[str, list[Any]] = s.get("statuses", {})
            applicable = sum(1 for st in statuses.values() if st[0] in APPLICABLE)
            eligible = sum(1 for st in statuses.values() if st[0] == "eligible")
            self.client_rows(head + [neutralise(s.get("name")), neutralise(s.get("credit_code"))], applicable,
                             eligible, self._statuses(statuses), s.get("gaps", {}), clients, leads)
        return {"客户": "".join(clients).encode("utf-8"), "线索": "".join(leads).encode("utf-8"),
                "错误": "".join(errors).encode("utf-8")}

    def client_rows(self, lead: list[Any], applicable: int, eligible: int, tail: str, gaps: dict[str, list[list[Any]]],
                    clients: list[str], leads: list[str]) -> None:
        """A client's 客户 row and its 线索 rows, appended to ``clients`` and ``leads``: ``lead`` its
        cells up to the credit code, ``tail`` its program cells (:meth:`_statuses`)."""
        first = "<row>" + cells_xml(lead, self.shared.cells)     # the client's cells, once for all its rows
        counts = self._counts.get((applicable, eligible))
        if counts is None:
            counts = self._counts[applicable, eligible] = cells_xml([applicable, eligible])
        clients.append(first + counts + tail + "</row>")
        near = self.near
        for pid, unmet in gaps.items():
            if 0 < len(unmet) <= near:
                leads.append(first + self._lead(pid, unmet) + "</row>")

    def pair_cells(self, status: str, unmet: int) -> str:
        """A program's two 客户 cells (its status label and gap count), as :meth:`_statuses` renders them."""
        key = (status, unmet)
        xml = self._pairs.get(key)
        if xml is None:
            xml = cells_xml([STATUS_LABELS.get(status, status), unmet], self.shared.cells)
            if len(self._pairs) < _CACHE_PAIRS:
                self._pairs[key] = xml
        return xml
