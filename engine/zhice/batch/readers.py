"""Streaming readers for batch screening: CSV, XLSX, JSONL and a folder of YAML/JSON profiles.

Readers keep memory flat: they yield one :class:`Record` per data row and never hold the file.
A record carries either typed profile data (nested ``{section: {field: value}}``), a profile
file to load, or the :class:`~zhice.errors.Problem` that made the row unreadable. Validation
into a :class:`~zhice.profile.Profile` happens in :func:`record_profile`, which the screening
workers call, so the parent process only reads and the heavy lifting runs in parallel.

Column headers are dotted paths (``ip.invention_patents``) or the fields' Chinese titles
(``有效发明专利数``). An unknown header is reported once as a warning with a "did you mean";
its cells are ignored and the rows are kept. CSV text is UTF-8 (with or without BOM) or
GB18030, detected from the first megabyte.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import zhice.limits as limits
from zhice.errors import Problem, ProfileError, UsageError
import zhice.batch.reader_words as words
from zhice.language import pick
from zhice.profile import (
    FALSE_WORDS,
    FIELDS,
    TRUE_WORDS,
    Profile,
    field_suggestion,
    load_profile,
    parse_value,
    profile_from_data,
    profile_from_fields,
    resolve_field_name,
)
from zhice.values import unknown_field_message

__all__ = [
    "CsvUnparsed",
    "HEADER_SCAN",
    "Header",
    "InputSource",
    "Record",
    "SLOW",
    "csv_parsed",
    "fast_value",
    "slow_cell",
    "record_name",
    "detect_encoding",
    "open_input",
    "read_profiles",
    "record_profile",
]

PROFILE_SUFFIXES = (".yaml", ".yml", ".json")
SAMPLE_BYTES = 1 << 20
# headers that are not profile fields but are harmless to find in an export
_IGNORED_HEADERS = frozenset({"schema_version", "画像格式版本", "row", "行号", "序号", "#"})


@dataclass(slots=True)
class Record:
    """One data row of an input: typed data, a file to load, or the problem that spoiled it.

    ``row`` is the 1-based data row (header excluded; for a folder, the file's position in
    sorted order); ``file`` names the input it came from.
    """

    row: int
    data: dict[str, Any] | None = None
    path: str | None = None          # a profile file (folder input), loaded by the worker
    problem: Problem | None = None
    file: str | None = None
    cells: list[Any] | tuple[Any, ...] | None = None   # a table row, typed by the worker with ``header``
    header: Header | None = None
    known: bool = False              # ``data`` holds only profile fields (typed from a table row)
    line: int | None = None          # a table row's row number as its spreadsheet shows it (header included)

    def typed(self) -> Record:
        """This record with a table row's cells typed into profile data (or the problem found)."""
        if self.cells is None or self.header is None:
            return self
        return self.header.record(self.row, self.cells, self.file or "")


@dataclass
class Header:
    """Column → dotted path mapping of a tabular input, plus the warnings it raised."""

    columns: list[str | None]
    warnings: list[Problem] = field(default_factory=list)
    _plan: list[tuple[int, str, str, str, str, frozenset[str]]] | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, names: list[Any] | tuple[Any, ...], file: str, line: int = 1) -> Header:
        """The header row ``names``, found on ``line`` of ``file``."""
        columns: list[str | None] = []
        warnings: list[Problem] = []
        seen: dict[str, int] = {}
        for i, raw in enumerate(names, start=1):
            name = _header_cell(raw)
            if not name or name in _IGNORED_HEADERS:
                columns.append(None)
                continue
            path = resolve_field_name(name)
            if path is None:
                warnings.append(words.unknown_column(i, name, file, line, field_suggestion(name)))
                columns.append(None)
                continue
            if path in seen:
                warnings.append(words.duplicate_column(i, name, seen[path], path, file, line))
                columns.append(None)
                continue
            seen[path] = i
            columns.append(path)
        if "enterprise.name" not in seen:
            warnings.append(words.no_name_column(file, line))
        return cls(columns, warnings)

    def record(self, row: int, cells: list[Any] | tuple[Any, ...], file: str) -> Record:
        """Type the cells of one row by the profile schema; every bad cell is named in the problem."""
        if self._plan is None:
            self._plan = [(i, path, *path.split(".", 1), FIELDS[path].type, frozenset(FIELDS[path].choices))
                          for i, path in enumerate(self.columns) if path is not None]
        data: dict[str, dict[str, Any]] = {}
        problems: list[Problem] = []
        n = len(cells)
        for i, path, section, name, ftype, choices in self._plan:
            if i >= n:
                break
            cell = cells[i]
            if cell is None or cell == "":    # blank: unknown
                continue
            value = fast_value(ftype, choices, cell)
            if value is SLOW:
                try:
                    value = slow_cell(path, ftype, cell)
                except ValueError as exc:
                    problems.append(cell_problem(path, exc, file))
                    continue
                if value is None:
                    continue
            sec = data.get(section)
            if sec is None:
                sec = data[section] = {}
            sec[name] = value
        if problems:
            return Record(row, problem=merge_problems(problems), file=file)
        return Record(row, data=data, file=file, known=True)


SLOW = object()   # fast_value's answer for a cell the row path's own parser must read (slow_cell)


def slow_cell(path: str, ftype: str, cell: Any) -> Any:
    """A cell the fast check (:func:`fast_value`) did not take, typed by
    :func:`~zhice.profile.parse_value`: its value as the profile data holds it (a date as ISO
    text), None for unknown; raises ValueError with the message of the cell's error row."""
    if not isinstance(cell, str) and ftype == "string":
        cell = str(int(cell)) if isinstance(cell, float) and cell.is_integer() else str(cell)
    value = parse_value(path, cell)
    if value is not None and hasattr(value, "isoformat"):
        value = value.isoformat()
    return value


def cell_problem(path: str, exc: ValueError, file: str) -> Problem:
    """The problem of a cell :func:`slow_cell` refused."""
    return Problem("invalid-value", pick(f"{FIELDS[path].title}：{exc}", f"{FIELDS[path].title}: {exc}"), file, None, path)


def fast_value(ftype: str, choices: frozenset[str], cell: Any) -> Any:
    """The typed value of a plain cell (``"3"``, ``"12.5"``, ``"是"``, an enum code), or ``SLOW``.

    Only unambiguous spellings are taken here; anything else (units, thousands separators,
    "不知道", dates, errors) goes through :func:`~zhice.profile.parse_value`, which gives the
    same value or the error message.
    """
    if not isinstance(cell, str):
        return SLOW
    try:
        if ftype in ("integer", "number"):
            value = int(cell) if ftype == "integer" else float(cell)
            # not finite, beyond ±2^53: parse_value says why
            return SLOW if limits.number_problem(value) else value
    except ValueError:
        return SLOW
    if ftype == "boolean":
        low = cell.strip().lower()
        if low in TRUE_WORDS:
            return True
        if low in FALSE_WORDS:
            return False
    elif ftype == "enum":
        if cell in choices:
            return cell
    elif ftype == "string":
        raw = cell.strip()
        if raw:
            return raw
    return SLOW


def merge_problems(problems: list[Problem]) -> Problem:
    """One problem standing for several (the first path, every message)."""
    if len(problems) == 1:
        return problems[0]
    first = problems[0]
    sep, colon = pick("；", "; "), pick("：", ": ")
    message = sep.join(f"{p.path}{colon}{p.message}" if p.path else p.message for p in problems)
    return Problem(first.code, message, first.file, first.line, first.path, first.hint)


def _header_cell(raw: Any) -> str:
    """A header cell's text as it names a field (a CSV's byte-order mark and padding dropped)."""
    return "" if raw is None else str(raw).strip().lstrip("\ufeff")


HEADER_SCAN = 10        # rows looked at for the header: spreadsheets often start with a title or notes


def _header_names(cells: list[Any] | tuple[Any, ...]) -> int:
    """How many cells of a row name a profile field (dotted path or Chinese title)."""
    return sum(1 for c in cells if resolve_field_name(_header_cell(c)))


def _header_at(first: list[Any]) -> int:
    """Which of a table's first rows is its header: the one naming the most profile fields (the
    first of equals); 0 when none names any."""
    best, at = 0, 0
    for i, cells in enumerate(first):
        n = _header_names(cells)
        if n > best:
            best, at = n, i
    return at


@dataclass(frozen=True)
class CsvUnparsed:
    """A CSV row the csv module could not split, and the line it stopped on."""

    error: str
    line: int


def csv_parsed(reader: Any, lines_before: int = 0) -> Iterator[list[str] | CsvUnparsed]:
    """The rows of a ``csv.reader``; a row it cannot split is a :class:`CsvUnparsed` (the reader
    goes on with the next), naming its line (``lines_before``: the file's lines before the reader's)."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:    # this row only: the reader goes on with the next
            yield CsvUnparsed(str(exc), reader.line_num + lines_before)


def _is_blank(cells: list[Any] | tuple[Any, ...]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


# ---- encodings ---------------------------------------------------------------------------------

_ESCAPED = re.compile("[\udc80-\udcff]+")


def _undecoded(cells: list[str], joined: str | None = None) -> str | None:
    """The first bytes of ``cells`` the file's encoding could not read (surrogate escapes), or None
    (``joined``: the cells joined, when the caller has them)."""
    if not _ESCAPED.search("".join(cells) if joined is None else joined):    # the common case: one search a row
        return None
    for cell in cells:
        m = _ESCAPED.search(cell)
        if m:
            raw = m.group().encode("utf-8", "surrogateescape")[:8]
            return words.undecoded_bytes(" ".join(f"{b:02x}" for b in raw), cell[:m.start()][-12:])
    return None


def _encoding_name(encoding: str) -> str:
    return {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "gb18030": "GB18030"}.get(encoding.lower(), encoding)


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` if the first megabyte decodes as UTF-8 (BOM or not), or if most of its lines
    that are not plain ASCII do (the others are rows in another encoding: error rows, not
    mojibake of the whole file); else ``gb18030``."""
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=len(sample) < SAMPLE_BYTES)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    lines = sample.split(b"\n")
    if len(sample) == SAMPLE_BYTES:
        lines = lines[:-1]   # the last line may be cut inside a character
    good = bad = 0
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8-sig")
            good += 1
        except UnicodeDecodeError:
            bad += 1
    return "utf-8-sig" if good > bad else "gb18030"


# ---- sources -----------------------------------------------------------------------------------

@dataclass
class InputSource:
    """One input (file or folder): how to iterate its records, its digest and a row estimate."""

    path: Path
    kind: str                          # csv | xlsx | jsonl | folder
    encoding: str | None = None
    warnings: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.path)

    def files(self) -> list[Path]:
        if self.kind != "folder":
            return [self.path]
        return sorted((p for p in self.path.rglob("*") if p.is_file() and p.suffix.lower() in PROFILE_SUFFIXES
                       and not any(part.startswith(".") for part in p.relative_to(self.path).parts)),
                      key=lambda p: p.relative_to(self.path).as_posix())

    def digest_and_estimate(self, digest: bool = True) -> tuple[str, int]:
        """sha256 of the content (a folder: names and bytes of its profiles; "" when not
        ``digest``) and a row estimate."""
        h = hashlib.sha256() if digest else None
        newlines = 0
        files = self.files()
        for p in files:
            if self.kind == "folder" and h is not None:
                h.update(p.relative_to(self.path).as_posix().encode() + b"\0")
            with p.open("rb") as fh:
                last = b""
                while chunk := fh.read(1 << 20):
                    if h is not None:
                        h.update(chunk)
                    newlines += chunk.count(b"\n")
                    last = chunk
                if last and not last.endswith(b"\n"):
                    newlines += 1
        if self.kind == "folder":
            estimate = len(files)
        elif self.kind == "csv":
            estimate = max(newlines - 1, 0)
        elif self.kind == "jsonl":
            estimate = newlines
        else:
            estimate = _xlsx_estimate(self.path)
        return ("sha256:" + h.hexdigest()) if h is not None else "", estimate

    def records(self) -> Iterator[Record]:
        reader: Callable[[], Iterator[Record]] = {"csv": self._csv, "xlsx": self._xlsx, "jsonl": self._jsonl,
                                                  "folder": self._folder}[self.kind]
        return reader()

    # -- formats --

    def _csv(self) -> Iterator[Record]:
        encoding = self.encoding or detect_encoding(self.path)
        name = self.name
        try:
            # bytes the encoding cannot read stay in the text as surrogate escapes, so that one row
            # in another encoding becomes an error row naming it, not the failure of the whole file
            with self.path.open("r", encoding=encoding, errors="surrogateescape", newline="") as fh:
                rows = csv_parsed(csv.reader(fh))
                first = list(itertools.islice(rows, HEADER_SCAN))
                if not first:
                    return
                header, at = self.csv_header(first, encoding)
                yield from self.csv_records(itertools.chain(first[at + 1:], rows), header, at, encoding)
        except UnicodeDecodeError as exc:
            raise UsageError([words.bad_block_encoding(encoding, exc.reason, exc.start, name)]) from None
        except csv.Error as exc:
            raise UsageError([Problem("bad-csv", str(exc), name)]) from None

    def csv_header(self, first: list[list[str] | CsvUnparsed], encoding: str) -> tuple[Header, int]:
        """The header of a CSV whose first rows are ``first`` (up to ``HEADER_SCAN``), and which of
        them it is; its warnings are added to this input's (UsageError: no header can be read)."""
        name = self.name
        at = _header_at([[] if isinstance(c, CsvUnparsed) else c for c in first])
        head = first[at]
        if isinstance(head, CsvUnparsed):
            raise UsageError([words.bad_header_csv(head.error, name, head.line)])
        if _undecoded(head):
            raise UsageError([words.bad_header_encoding(at + 1, _encoding_name(encoding), _undecoded(head), name)])
        if any(isinstance(c, CsvUnparsed) or not _is_blank(c) for c in first[:at]):
            self.warnings.append(words.header_row(name, at))
        header = Header.parse(head, name, at + 1)
        self.warnings.extend(header.warnings)
        return header, at

    def csv_records(self, rows: Iterable[list[str] | CsvUnparsed], header: Header, at: int, encoding: str,
                    start: int = 1) -> Iterator[Record]:
        """The records of a CSV's data rows ``rows`` (the header ``at`` row ``at`` of the file), numbered
        from ``start``: a blank row yields none (its number is taken), a bad one its error record."""
        width = len(header.columns)
        for row, cells in enumerate(rows, start=start):
            rec = self.csv_record(row, cells, header, at, encoding, width)
            if rec is not None:
                yield rec

    def csv_record(self, row: int, cells: list[str] | CsvUnparsed, header: Header, at: int, encoding: str,
                   width: int) -> Record | None:
        """One data row's record (None: a blank row)."""
        name = self.name
        if isinstance(cells, CsvUnparsed):
            return Record(row, problem=words.bad_row_csv(cells.error, name, cells.line), file=name)
        joined = "".join(cells)
        if not joined.strip():      # a blank line or a row of empty cells
            return None
        bad = _undecoded(cells, joined)
        if bad:
            return Record(row, problem=limits.problem("row-encoding", name, row + at + 1, None, row=row,
                                                      at_line=row + at + 1, encoding=_encoding_name(encoding),
                                                      reason=bad), file=name)
        if len(cells) > width and "".join(cells[width:]).strip():
            return Record(row, problem=words.extra_cells(len(cells), width, name, row + at + 1), file=name)
        # typed by the worker (Record.typed): this process only splits rows
        return Record(row, file=name, cells=cells, header=header, line=row + at + 1)

    def _xlsx(self) -> Iterator[Record]:
        import openpyxl

        name = self.name
        try:
            wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds
            raise UsageError([Problem("bad-xlsx", pick(f"无法打开工作簿：{exc}", f"cannot open workbook: {exc}"), name)]) from None
        try:
            # the first sheet whose first rows name profile fields (a workbook may open with notes)
            sheets = [(ws, list(ws.iter_rows(max_row=HEADER_SCAN, values_only=True))) for ws in wb.worksheets]
            named = [(ws, first) for ws, first in sheets if any(map(_header_names, first))]
            ws, first = named[0] if named else sheets[0]
            if ws is not sheets[0][0]:
                self.warnings.append(words.sheet_skipped(ws.title, name))
            if all(map(_is_blank, first)):
                return
            at = _header_at(first) if named else next(i for i, c in enumerate(first) if not _is_blank(c))
            if any(not _is_blank(c) for c in first[:at]):
                self.warnings.append(words.header_row(name, at))
            header = Header.parse(list(first[at]), name, at + 1)
            self.warnings.extend(header.warnings)
            for row, cells in enumerate(itertools.islice(ws.iter_rows(values_only=True), at + 1, None), start=1):
                if _is_blank(cells):
                    continue
                yield Record(row, file=name, cells=cells, header=header, line=row + at + 1)
        finally:
            wb.close()

    def _jsonl(self) -> Iterator[Record]:
        encoding = self.encoding or detect_encoding(self.path)
        name = self.name
        with self.path.open("r", encoding=encoding, errors="surrogateescape") as fh:
            for row, line in enumerate((ln for ln in fh if ln.strip()), start=1):
                bad = _undecoded([line])
                if bad:
                    yield Record(row, problem=limits.problem("row-encoding", name, row, None, row=row, at_line=row,
                                                             encoding=_encoding_name(encoding), reason=bad), file=name)
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Record(row, problem=words.bad_json(name, row, exc.msg, exc.colno), file=name)
                    continue
                except (RecursionError, ValueError) as exc:   # nested past Python's stack; a 5,000-digit number
                    yield Record(row, problem=words.bad_json(name, row, str(exc)[:80]), file=name)
                    continue
                if isinstance(data, dict) and any("." in k for k in data):
                    data = _nest(data, name, row)
                    if isinstance(data, Problem):
                        yield Record(row, problem=data, file=name)
                        continue
                yield Record(row, data=data, file=name)

    def _folder(self) -> Iterator[Record]:
        for row, p in enumerate(self.files(), start=1):
            yield Record(row, path=str(p), file=str(p))


def _nest(flat: dict[str, Any], file: str, row: int) -> dict[str, Any] | Problem:
    """``{"ip.invention_patents": "3"}`` (JSONL written from a spreadsheet) → nested typed data."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        if "." not in key:
            out[key] = value
            continue
        path = resolve_field_name(key)
        if path is None:
            return Problem("unknown-field", unknown_field_message(key), file, row, key, field_suggestion(key))
        try:
            typed = parse_value(path, value)
        except ValueError as exc:
            return Problem("invalid-value", str(exc), file, row, path)
        if typed is not None:
            section, fname = path.split(".", 1)
            out.setdefault(section, {})[fname] = typed.isoformat() if hasattr(typed, "isoformat") else typed
    return out


def _xlsx_estimate(path: Path) -> int:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            # the clients may be on any sheet (the reader takes the first with a header): the longest
            return max(max((ws.max_row or 1) for ws in wb.worksheets) - 1, 0)
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - the reader reports it properly
        return 0


def open_input(path: str | Path, encoding: str | None = None) -> InputSource:
    """An :class:`InputSource` for a CSV / XLSX / JSONL file or a folder of YAML/JSON profiles."""
    p = Path(path)
    if p.is_dir():
        return InputSource(p, "folder")
    if not p.is_file():
        raise UsageError([Problem("no-input", pick(f"找不到输入：{p}", f"input not found: {p}"), str(p))])
    suffix = p.suffix.lower()
    kind = {".csv": "csv", ".txt": "csv", ".tsv": None, ".xlsx": "xlsx", ".xlsm": "xlsx", ".jsonl": "jsonl",
            ".ndjson": "jsonl"}.get(suffix)
    if kind is None:
        raise UsageError([Problem("unknown-input", pick(f"看不出 {p.name} 的格式", f"cannot tell the format of {p.name}"),
                                  str(p), hint=pick("用 .csv、.xlsx、.jsonl，或 .yaml/.json 画像目录",
                                                    "use .csv, .xlsx, .jsonl, or a folder of .yaml/.json profiles"))])
    return InputSource(p, kind, encoding)


# ---- validation ---------------------------------------------------------------------------------

def record_profile(record: Record) -> Profile | Problem:
    """The profile a record stands for, or the problem that prevents it (every problem merged; it
    names a table row's row number as its spreadsheet shows it)."""
    found = _profile(record.typed())
    if isinstance(found, Problem) and found.line is None and record.line is not None:
        return replace(found, line=record.line)
    return found


def record_name(record: Record) -> str | None:
    """The company name a record gives, as written (even when the row is an error row), if any."""
    name: Any = None
    if record.data is not None:
        section = record.data.get("enterprise")
        name = section.get("name") if isinstance(section, dict) else record.data.get("enterprise.name")
    elif record.cells is not None and record.header is not None and "enterprise.name" in record.header.columns:
        i = record.header.columns.index("enterprise.name")
        name = record.cells[i] if i < len(record.cells) else None
    return None if name is None or name == "" else str(name)


def _profile(record: Record) -> Profile | Problem:
    if record.problem is not None:
        return record.problem
    try:
        if record.path is not None:
            return load_profile(record.path)
        if record.known:
            return profile_from_fields(record.data, record.file)
        return profile_from_data(record.data, record.file)
    except ProfileError as exc:
        problems = [p if p.file else Problem(p.code, p.message, record.file, p.line, p.path, p.hint)
                    for p in exc.problems]
        return merge_problems(problems) if problems else Problem("invalid-profile", pick("画像有误", "invalid profile"),
                                                                 record.file)


def read_profiles(path: str | Path, encoding: str | None = None) -> Iterator[tuple[int, Profile | Problem]]:
    """``(row, Profile)`` or ``(row, Problem)`` for every data row of one input (library use)."""
    for record in open_input(path, encoding).records():
        yield record.row, record_profile(record)
