"""Batch screening, the library entry of ``zhice screen``: many profiles in, one row out per row.

``screen(inputs, output)`` reads every input in a stream, screens chunks of rows in parallel
(processes, or a Dask cluster), writes the results in input order (JSONL / CSV / XLSX by the
output's extension) and records each chunk in the SQLite history store as it completes, so an
interrupted run continues with ``resume=True`` without redoing or losing a row. Every input
row yields exactly one output row: a result, or an error row naming the row and the problem.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhice.version import __version__
from zhice.batch.executors import (Chunk, ChunkResult, DaskExecutor, LocalExecutor, RowResult, WorkerConfig,
                                    columns_wanted, finish_chunk)
from zhice.batch.readers import InputSource, Record, open_input
from zhice.batch.table_rows import TableRows
from zhice.batch.rows import lead_texts
from zhice.batch.store import RunKey, Store, default_db_path, store_problem
from zhice.batch.writers import Tally, Writer, open_writer, output_format
from zhice.errors import OutputError, Problem, ProfileError, UsageError, writing
from zhice.language import pick
from zhice.matchers import MATCHERS, default_matcher, durable_available
from zhice.pipeline import default_rulebooks_dir, parse_as_of, shared_engine

__all__ = ["ScreenOptions", "ScreenResult", "screen"]

DEFAULT_CHUNK = 500          # rows per task for CSV/XLSX outputs (small summaries)
COLUMNAR_CHUNK = 10_000      # rows per task when table rows are screened over columns (polars per chunk)
# below this many rows a columnar screening runs in this process: starting worker processes (each
# loads and compiles the rulebooks, and every chunk is pickled both ways) costs more than it saves
COLUMNAR_POOL_ROWS = 50_000
# … and then into CSV in chunks this large: each chunk's polars plans cost ~0.2 s whatever its
# rows (hundreds of expressions), so a 20,000-row screening is one chunk, not two
IN_PROCESS_CHUNK = 25_000
PACK_ROWS = 2_500            # table rows read into records at a time before they are packed (TableRows)
COLUMNAR_POOL_CHUNK = 10_000 # rows per task of a columnar screening in worker processes (memory: the tasks in flight)
# … into XLSX: a chunk also carries its leads' rows (~8 a client on the generated portfolios): at
# 100,000 rows the process tree peaks at 0.75 GB with 2,500-row tasks, 0.83 GB with 4,000 (each task
# also costs ~0.3 CPU-s whatever its size: 43 -> 38 CPU-s in all), 0.93 GB with 5,000, 1.24 GB with 10,000
XLSX_POOL_CHUNK = 4_000
# compact JSONL lines built over columns (zhice.batch.columnar_lines): a line costs far more than a
# CSV row, so worker processes pay off from a few thousand rows; a chunk's lines are ~13 KB each.
# 2,500-row chunks: a chunk's polars work (typing, matching) costs ~0.15 s whatever its size (20,000
# rows in one process: 14.8 CPU-s with 5,000-row chunks, 16.6 with 2,500, 21.7 with 1,000), while the
# chunks in flight hold their lines (60,000 rows, --jobs 2, the line builder's caches bounded: 32.4 s
# and 2.0 GB for the process tree with 5,000-row chunks, 32.4 s and 1.5 GB with 2,500, 36.2 s and 1.0 GB
# with 1,000)
LINES_POOL_ROWS = 4_000
LINES_CHUNK = 2_500
REPORT_CHUNK = 40            # rows per task for JSONL: each line is a full report (~250 KB)
CHANGES_KEPT = 1_000         # status changes a ScreenResult lists (a run may change millions)


@dataclass
class ScreenResult:
    """What a screening did: ``rows_in == rows_ok + rows_error`` always holds."""

    output: str
    rows_in: int = 0
    rows_ok: int = 0
    rows_error: int = 0
    resumed: int = 0                     # rows taken from the store instead of screened again
    pruned: int = 0                      # earlier runs of these inputs deleted from the store (keep_runs)
    run_id: int | None = None
    db: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)     # the first error rows (up to 20)
    status_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    leads: int = 0
    previous_run: dict[str, Any] | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)    # the first CHANGES_KEPT (Store.changes: all)
    change_count: int = 0                # status changes since the previous run, in all
    changed_clients: int = 0             # rows of clients with at least one of them

    def counts_line(self) -> str:
        return (f"输入 {self.rows_in} 行 = 结果 {self.rows_ok} + 错误 {self.rows_error}"
                f"（in = out + errors: {self.rows_in} = {self.rows_ok} + {self.rows_error}）")


def _chunks(sources: Sequence[InputSource], stored: Iterable[RowResult], skip: int, size: int,
            multi: bool, pack: bool = False) -> Iterator[Chunk]:
    """The first ``skip`` rows as the store gave them back (``stored``), then the records of every
    input from there on, numbered over all inputs, in chunks of ``size`` rows (``pack``: table
    rows as TableRows, a CSV's read by polars where that reads them as the csv module does)."""
    def numbered() -> Iterator[tuple[int, Any, str | None]]:
        from zhice.batch.csv_blocks import table_blocks     # (polars: only when rows are packed)

        for r in stored:
            yield r.seq, r, r.input
        seq = 0
        for src in sources:
            label = src.name if multi else None
            for item in (table_blocks(src) if pack else src.records()):
                n = len(item) if isinstance(item, TableRows) else 1
                if seq + n > skip:
                    if seq < skip:          # resumed inside a block: its rows from there on
                        item = item.slice(skip - seq, n)
                        seq, n = skip, len(item)
                    yield seq, item, label
                seq += n
    it = numbered()
    if not pack:
        while chunk := list(itertools.islice(it, size)):
            yield chunk
        return
    # records packed a few thousand at a time (the records of a whole chunk would take far more
    # memory); blocks polars read split where a chunk ends
    out: Chunk = []
    loose: Chunk = []
    rows = 0

    def flush() -> None:
        for entry in _packed(loose):
            _joined(out, entry)
        loose.clear()

    for seq, item, label in it:
        if isinstance(item, TableRows):
            flush()
            while len(item) > size - rows:
                room = size - rows
                _joined(out, (seq, item.slice(0, room), label))
                yield out
                out, rows = [], 0
                seq, item = seq + room, item.slice(room, len(item))
            _joined(out, (seq, item, label))
            rows += len(item)
        else:
            loose.append((seq, item, label))
            rows += 1
            if len(loose) >= PACK_ROWS:
                flush()
        if rows >= size:
            flush()
            yield out
            out, rows = [], 0
    flush()
    if out:
        yield out


def _joined(out: Chunk, entry: tuple[int, Any, str | None]) -> None:
    """Append ``entry`` to ``out``, as part of the last item when both are TableRows that follow on."""
    seq, item, label = entry
    if out and isinstance(item, TableRows):
        last_seq, last, last_label = out[-1]
        if isinstance(last, TableRows) and last.header is item.header and last_label == label \
                and last_seq + len(last) == seq:
            last.extend(item)
            return
    out.append(entry)


def _packed(chunk: Chunk) -> Chunk:
    """``chunk`` with each run of consecutive table rows of one header as one TableRows item (a
    worker process receives one bytes object instead of a list of cells a row)."""
    out: Chunk = []
    run: list[tuple[int, Record, str | None, str]] = []

    def flush() -> None:
        if len(run) > 1:
            first, rec, label, _ = run[0]
            assert rec.header is not None
            out.append((first, TableRows.of(rec.header, rec.file or "", [r.row for _, r, _, _ in run],
                                            [r.line or 0 for _, r, _, _ in run], [t for _, _, _, t in run]), label))
        else:
            out.extend((seq, rec, label) for seq, rec, label, _ in run)
        run.clear()

    width = -1
    for seq, item, label in chunk:
        if isinstance(item, Record) and item.cells is not None and item.header is not None:
            if run and (run[-1][1].header is not item.header or run[-1][0] + 1 != seq):
                flush()
            if not run:
                width = len(item.header.columns)
            text = TableRows.line(item.cells, width)
            if text is not None:
                run.append((seq, item, label, text))
                continue
        flush()
        out.append((seq, item, label))
    flush()
    return out


def _db_path(db: str | Path | bool | None, output: str | Path) -> Path:
    return Path(db) if isinstance(db, (str, Path)) else default_db_path(output)


def _space_problem(output: Path, writer: Writer, store: Store | None, store_start: int, written: int,
                   stored: int, remaining: int) -> Problem | None:
    """A warning when the rows still to come will not fit on the disk: the bytes a row took so far
    in the output (``written`` rows) and the store (``stored`` rows), times ``remaining``."""
    places = [(output.parent, writer.size() / max(written, 1))]
    if store is not None and stored:
        places.append((store.path.parent, (store.size() - store_start) / stored))
    need: dict[int, float] = {}
    per_row: dict[int, float] = {}
    free: dict[int, int] = {}
    for folder, size in places:
        dev = folder.stat().st_dev
        free[dev] = shutil.disk_usage(folder).free
        per_row[dev] = per_row.get(dev, 0) + size
        need[dev] = per_row[dev] * remaining
    short = [dev for dev in need if need[dev] > free[dev]]
    if not short:
        return None
    dev = short[0]
    jsonl = output_format(output) == "jsonl"
    return Problem("disk-space", pick(f"剩下的 {remaining:,} 行约需 {_size(need[dev])}（每行 {_size(per_row[dev])}），"
                                      f"但该磁盘只剩 {_size(free[dev])}",
                                      f"the {remaining:,} rows still to screen need about {_size(need[dev])} "
                                      f"({_size(per_row[dev])} a row), but only {_size(free[dev])} is free on that disk"),
                   str(output),
                   hint=pick("腾出空间或写到另一块磁盘" + ("（--db 可把历史记录放到别处）" if store is not None else "")
                             + ("；JSONL 每行是一份完整报告，CSV 和 XLSX 的行小得多" if jsonl else ""),
                             "free space or write to another disk"
                             + (" (--db puts the history store elsewhere)" if store is not None else "")
                             + ("; a JSONL line is a whole report, CSV and XLSX rows are far smaller" if jsonl else "")))


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024:
            return f"{n:,.0f} {unit}"
        n /= 1024
    return f"{n:,.1f} TB"


@dataclass(frozen=True)
class ScreenOptions:
    """How :func:`screen` runs (every ``zhice screen`` option, and the callbacks of a caller).

    ``db``: the history file (default ``<output>.zhice.sqlite``; ``False`` for none).
    ``keep_runs``: once this run has finished and been compared, keep only that many latest runs
    of these input files in it (at least 2: this run and the one the next run is compared with;
    default: all).
    ``full_reports``: a JSONL output's lines are whole checkup reports (contract v1), not the
    compact lines (contract v2: what differs from client to client; the rest is ``zhice programs
    --format json``).
    ``codes``: a CSV output's headers and statuses are codes (row, name, ``<program>.status``,
    eligible …) instead of Chinese titles and labels.
    ``matcher``: default ``columnar`` when every input is a CSV/XLSX table and the output is CSV,
    XLSX or compact JSONL lines (rows typed, matched and decided over columns: zhice.batch.check_chunk;
    the lines built from the outcomes: zhice.batch.columnar_lines), else ``compiled``;
    ``ZHICE_MATCHER`` overrides the default. All give identical output. A columnar screening of
    fewer than ``COLUMNAR_POOL_ROWS`` rows (``LINES_POOL_ROWS`` into JSONL) runs in this process
    whatever ``jobs`` says (polars uses the cores for each chunk; worker processes would cost more
    to start than they save).
    ``progress(n)`` is called with the number of rows written so far, ``on_rows(n, errors)``
    with that and the error rows among them (``zhice.progress``); ``on_start(total, resumed)``
    once with the estimated row count; ``after_chunk(n)`` after each chunk is written and stored, with
    the number of chunks done (an exception it raises ends the run: what was stored stays for
    ``resume``).
    """

    jobs: int | None = None
    executor: str = "local"
    scheduler: Any = None
    near: int = 1
    matcher: str | None = None
    rulebooks: str | Path | None = None
    as_of: str | dt.date | None = None
    strict: bool = False
    db: str | Path | bool | None = None
    resume: bool = False
    chunk_size: int | None = None
    encoding: str | None = None
    keep_runs: int | None = None
    full_reports: bool = False
    codes: bool = False
    progress: Callable[[int], None] | None = None
    on_start: Callable[[int, int], None] | None = None
    on_warning: Callable[[Problem], None] | None = None
    on_rows: Callable[[int, int], None] | None = None
    after_chunk: Callable[[int], None] | None = None


def screen(inputs: Sequence[str | Path], output: str | Path, options: ScreenOptions | None = None,
           **fields: Any) -> ScreenResult:
    """Screen every row of ``inputs`` and write ``output`` (see the module docstring), as
    ``options`` say; keyword arguments set (or override) single :class:`ScreenOptions` fields.

    Raises :class:`UsageError` when it cannot run,
    :class:`OutputError` when the output or the history store cannot be written (a full disk …),
    :class:`ProfileError` on the first bad row with ``strict``.
    """
    known = {f.name for f in dataclasses.fields(ScreenOptions)}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise TypeError(f"screen() got unexpected options: {', '.join(unknown)}")
    opts = dataclasses.replace(options or ScreenOptions(), **fields)
    try:
        return _screen(inputs, output, opts)
    except sqlite3.Error as exc:     # SQLite failing on the history store (full disk, not a store …)
        raise OutputError([store_problem(exc, _db_path(opts.db, output))]) from exc


def _default_matcher(sources: Sequence[InputSource], output: str | Path, full_reports: bool = False) -> str:
    """columnar for tables into CSV/XLSX or compact JSONL lines (where it screens over columns), else compiled."""
    tables = all(s.kind in ("csv", "xlsx") for s in sources) and not (full_reports and output_format(output) == "jsonl")
    return default_matcher("columnar" if tables else "compiled")


def _screen(inputs: Sequence[str | Path], output: str | Path, o: ScreenOptions) -> ScreenResult:
    jobs, executor, scheduler, near, matcher, rulebooks = o.jobs, o.executor, o.scheduler, o.near, o.matcher, o.rulebooks
    as_of, strict, db, resume, chunk_size, encoding = o.as_of, o.strict, o.db, o.resume, o.chunk_size, o.encoding
    progress, on_start, on_warning, on_rows = o.progress, o.on_start, o.on_warning, o.on_rows
    after_chunk, keep_runs, full_reports, codes = o.after_chunk, o.keep_runs, o.full_reports, o.codes
    if not inputs:
        raise UsageError([Problem("no-input", pick("没有给出输入", "no input given"),
                                  hint=pick("zhice screen 客户.csv --output 结果.xlsx", "zhice screen CLIENTS.csv --output out.xlsx"))])
    output_format(output)
    if near < 0:
        raise UsageError([Problem("bad-near", pick(f"--near 应不小于 0，实为 {near}", f"--near must be 0 or more, found {near}"),
                                  path="--near")])
    if keep_runs is not None and keep_runs < 2:
        raise UsageError([Problem("bad-keep-runs", pick(f"--keep-runs 应不小于 2，实为 {keep_runs}",
                                                        f"--keep-runs must be 2 or more, found {keep_runs}"),
                                  path="--keep-runs", hint=pick("本次运行要与上一次比较", "this run and the previous one are compared"))])
    if executor not in ("local", "dask"):
        raise UsageError([Problem("bad-executor", pick(f"没有执行器 '{executor}'", f"unknown executor '{executor}'"),
                                  path="--executor", hint=pick("选 local 或 dask", "choose local or dask"))])
    sources = [open_input(p, encoding) for p in inputs]
    name = matcher or _default_matcher(sources, output, full_reports)
    if name not in MATCHERS:
        raise UsageError([Problem("unknown-matcher", pick(f"没有匹配器 '{name}'", f"unknown matcher '{name}'"),
                                  hint=pick("选 durable、compiled 或 columnar", "choose durable, compiled or columnar"))])
    if name == "durable" and not durable_available():
        raise UsageError([Problem("matcher-unavailable", pick("durable 匹配器在此 Python 上不可用",
                                                              "the durable matcher is not available on this Python"),
                                  hint=pick("改用 --matcher compiled，结果相同", "use --matcher compiled; it gives identical results"))])
    books_dir = default_rulebooks_dir(rulebooks)
    # invalid rulebooks → RulebookError (exit 3); the folder's one engine, which an in-process
    # worker (executors._State) shares: the rulebooks loaded and compiled once
    engine = shared_engine(books_dir)
    day = parse_as_of(as_of)
    compiled = engine.compiled(day)
    programs = [(p.book.id, p.book.title.zh) for p in compiled.programs]

    lines = output_format(output) == "jsonl"      # only JSONL needs (and stores) output lines
    compact = lines and not full_reports
    kept = 2 if compact else int(lines)           # what the store keeps: 0 summaries, 1 findings, 2 compact lines
    # memory stays flat: about 2 × jobs + 1 chunks are in flight, so a chunk of full reports is small
    columnar = name == "columnar" and (not lines or compact)
    given_chunk = chunk_size
    chunk_size = chunk_size or (REPORT_CHUNK if lines and not compact else LINES_CHUNK if columnar and lines
                                else COLUMNAR_CHUNK if columnar else DEFAULT_CHUNK)
    # gap texts are needed (computed, stored) only for the leads sheet of an XLSX output
    details = near if output_format(output) == "xlsx" else -1
    multi = len(sources) > 1
    h = hashlib.sha256()
    estimate = 0
    for src in sources:         # (the inputs' digest names the run in the history store: none, no digest)
        digest, n = src.digest_and_estimate(digest=db is not False)
        h.update(digest.encode())
        estimate += n
    if columnar and not lines and not given_chunk and estimate >= COLUMNAR_POOL_ROWS:
        # in worker processes: ~2 × jobs + 1 chunks in flight
        chunk_size = XLSX_POOL_CHUNK if details >= 0 else COLUMNAR_POOL_CHUNK
    elif columnar and not lines and not given_chunk and details < 0:
        chunk_size = IN_PROCESS_CHUNK
    labels = tuple(str(Path(s.path).resolve()) for s in sources)
    key = RunKey(labels, "sha256:" + h.hexdigest(), compiled.digest, __version__, day.isoformat(), name)

    result = ScreenResult(str(output))
    run_warnings: list[Problem] = []    # the run's own warnings (the inputs' come from the sources)

    def warn(problem: Problem) -> None:
        run_warnings.append(problem)
        if on_warning:
            on_warning(problem)

    store: Store | None = None
    run_id: int | None = None
    skip = 0
    if db is not False:
        db_path = _db_path(db, output)
        with writing(db_path, "history store"):
            store = Store(db_path)
        result.db = str(db_path)
        found = store.find_run(key, kept, details)
        if resume and found:
            run_id = found[0]
            skip = store.done_prefix(run_id)
            store.reopen_run(run_id)
        else:
            if resume:
                why = store.why_not_found(key, kept, details)
                warn(Problem("nothing-to-resume", pick(f"--resume：无法续跑（{why}）", f"--resume: {why}"),
                             str(db_path), hint=pick("每一行都从头筛查", "every row is screened from the start")))
            if found and not found[1]:
                warn(Problem("resumable", pick(f"历史记录 {db_path} 中有这份输入的一次中断运行（#{found[0]}）",
                                               f"an interrupted run (#{found[0]}) of this input exists in {db_path}"),
                             hint=pick("加 --resume 继续那次运行，而不是从头开始",
                                       "add --resume to continue it instead of starting over")))
            run_id = store.start_run(key, str(output), kept, details)
        result.run_id = run_id
    elif resume:
        raise UsageError([Problem("no-store", pick("--resume 需要历史记录", "--resume needs the history store"),
                                  path="--resume", hint=pick("去掉 --no-db", "drop --no-db"))])
    result.resumed = skip
    if on_start:
        on_start(estimate, skip)

    tally = Tally(programs, near)
    try:
        with writing(output):
            writer = open_writer(output, programs, near, multi, tally, codes,
                                 lead_texts(compiled) if output_format(output) == "xlsx" else ())
    except BaseException:
        if store is not None:
            store.close()
        raise
    store_start = store.size() if store is not None else 0
    # workers get the rulebooks loaded here (not a path to reload): same digest, and no shared
    # file system needed on a cluster; and the output's row format, to render their chunks
    config = WorkerConfig(engine.rulebooks, day, name, lines, details, store is not None, writer.rows, tally.fresh(),
                          compact)
    seen_warnings = 0
    space_checked = False
    runner: LocalExecutor | DaskExecutor | None = None

    # a resumed run's first rows come from the store. A JSONL line is written again from the row's
    # findings (zhice.batch.packing, ~1 ms a row), so the workers do it, in the same stream as the
    # rows they screen; CSV/XLSX rows are rendered here, which costs less than shipping them.
    stored: Iterator[RowResult] = iter(())
    if store is not None and run_id and skip:
        stored = store.iter_results(run_id, skip, lines)

    def here() -> Iterator[ChunkResult]:
        while batch := list(itertools.islice(stored, chunk_size)):
            yield finish_chunk(batch, writer.rows, tally, store=False)

    def live() -> Iterator[ChunkResult]:
        nonlocal seen_warnings, runner
        pool = 1 if columnar and estimate - skip < (LINES_POOL_ROWS if lines else COLUMNAR_POOL_ROWS) else jobs
        runner = DaskExecutor(config, scheduler) if executor == "dask" else LocalExecutor(config, pool)
        done = 0
        for chunk in runner.map(_chunks(sources, stored if lines else (), skip, chunk_size, multi,
                                        columns_wanted(config))):
            if store is not None and run_id is not None:
                store.add_results(run_id, [r for r in chunk.rows if r.seq >= skip], chunk.stored)   # the rest are stored
            done += 1
            new = [w for s in sources for w in s.warnings]
            if on_warning:
                for w in new[seen_warnings:]:
                    on_warning(w)
            seen_warnings = len(new)
            yield chunk
            if after_chunk is not None:
                after_chunk(done)

    try:
        for chunk in itertools.chain(() if lines else here(), live()):
            bad = [r for r in chunk.rows if r.error]
            if bad and strict:
                r = bad[0]
                e = r.error or {}
                raise ProfileError([Problem(e.get("code", "invalid-profile"), e["message"],
                                            e.get("file") or r.input, r.row if not e.get("line") else e["line"],
                                            e.get("path"), e.get("hint") or "--strict stops at the first bad row; "
                                            "drop it to get error rows instead")])
            result.rows_in += chunk.size
            result.rows_error += len(bad)
            result.rows_ok += chunk.size - len(bad)
            for r in bad[:max(0, 20 - len(result.errors))]:
                result.errors.append({"row": r.row, **({"input": r.input} if r.input else {}), **(r.error or {})})
            tally.merge(chunk.tally)
            with writing(output):
                writer.write(chunk.rendered)
            if not space_checked and result.rows_in > skip:
                space_checked = True                # after the first chunk screened: bytes a row
                problem = _space_problem(Path(output), writer, store, store_start, result.rows_in,
                                         result.rows_in - skip, estimate - result.rows_in)
                if problem:
                    warn(problem)
            if progress:
                progress(result.rows_in)
            if on_rows:
                on_rows(result.rows_in, result.rows_error)
        with writing(output):
            writer.close()
    except OutputError as exc:
        _abort(writer, store, runner)
        if store is not None and result.rows_in and exc.problems[0].file == str(output):
            p = exc.problems[0]             # the rows screened are in the store: say how to go on
            keep = (f"the {result.rows_in:,} rows screened so far are kept in {store.path}: "
                    "run the same command with --resume to continue")
            raise OutputError([Problem(p.code, p.message, p.file, p.line, p.path,
                                       f"{p.hint}; {keep}" if p.hint else keep)]) from exc
        raise
    except BaseException:
        _abort(writer, store, runner)
        raise
    if isinstance(runner, DaskExecutor):
        runner.close()
    result.status_counts = {pid: {s: n for s, n in c.items() if n} for pid, c in tally.statuses.items()}
    result.leads = sum(tally.leads.values())
    result.warnings = [w for s in sources for w in s.warnings] + run_warnings
    if store is not None and run_id is not None:
        store.finish_run(run_id, result.rows_in, result.rows_ok, result.rows_error)
        prev = store.previous_run(labels, run_id)
        if prev:
            result.previous_run = prev
            last = None
            for change in store.changes(run_id, prev["id"]):
                result.change_count += 1
                if len(result.changes) < CHANGES_KEPT:
                    result.changes.append(change)
                if change["client"] != last:        # a client's changes come together
                    result.changed_clients += 1
                    last = change["client"]
        if keep_runs is not None:
            result.pruned = store.prune(labels, keep_runs)
        store.close()
    return result


def _abort(writer: Writer, store: Store | None, runner: LocalExecutor | DaskExecutor | None) -> None:
    """After a failure: no partial output (its temporary files go), the store closed as committed."""
    writer.abort()
    if store is not None:
        store.close()
    if isinstance(runner, DaskExecutor):
        runner.close()
