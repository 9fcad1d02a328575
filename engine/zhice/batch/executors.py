"""Executors: screen chunks of records in-process, in a process pool, or on a Dask cluster.

Every executor maps an iterator of chunks to an iterator of :class:`ChunkResult` *in input
order*, keeping only a bounded window of chunks in flight so memory stays flat however long the
input. Each worker builds one :class:`~zhice.pipeline.Engine` and compiles the rulebooks once,
and also renders its chunk's output rows and counts them (:mod:`zhice.batch.rows`), so the
writing process only appends text and stores rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhice.batch.model import DecidedRows, RowResult, StoredRows
from zhice.batch.readers import Record, record_name, record_profile
from zhice.batch.table_rows import TableRows
from zhice.batch.rows import Rendered, RowFormat, Tally, XlsxRows
from zhice.batch.summaries import PackedSummaries, pack_summaries
from zhice.version import __version__
from zhice.errors import Problem, ZhiceError
from zhice.heap import keep_freed_memory
from zhice.evaluate import verdicts
from zhice.eval import Facts, normalize
from zhice.pipeline import Assessment, Engine, Findings, shared_engine
from zhice.profile import Profile, founded_after
from zhice.rulebook import RulebookSet

__all__ = ["Chunk", "ChunkResult", "DaskExecutor", "LocalExecutor", "RowResult", "WorkerConfig", "columns_wanted",
           "csv_over_columns", "expand", "finish_chunk", "screen_chunk", "status_sigs", "xlsx_over_columns"]


# one chunk: (sequence number over all inputs, record, input label or None); on --resume, a row the
# history store gave back stands in for its record (it is rendered again, not screened); a TableRows
# item stands for consecutive table rows, numbered from its sequence number on
Chunk = list[tuple[int, Record | RowResult | TableRows, str | None]]


@dataclass(frozen=True)
class WorkerConfig:
    """What a worker needs to rebuild the engine: rulebooks (a folder or loaded set), date, matcher."""

    rulebooks: str | RulebookSet
    as_of: dt.date
    matcher: str
    lines: bool = True      # serialise full reports (JSONL output); CSV/XLSX need only the summary
    near: int = 1           # without lines, gap texts are kept only for gaps of at most this size (-1: none)
    store: bool = True      # a history store keeps the results: pack what it keeps here, in parallel
    rows: RowFormat | None = None   # the output's row format: render each chunk here
    tally: Tally | None = None      # an empty tally (programs, near): count each chunk here
    compact: bool = False   # with ``lines``: the compact line (JSONL v2), not the full report (--full-reports)

    def engine_key(self) -> tuple[Any, ...]:
        """What the worker's engine is built from."""
        return (self.rulebooks, self.as_of, self.matcher)


@dataclass(slots=True)
class ChunkResult:
    """A screened chunk: its rows (for the store, the error list and ``--strict``), the output
    rows rendered, and the chunk's counts. After rendering, a row keeps only what the writing
    process still needs: no output line (what the store keeps of it is in ``packed``), and a
    result row's summary only its name and credit code (the full summary is in ``stored``)."""

    rows: list[RowResult]
    rendered: Rendered
    tally: Tally
    extra: int = 0          # rows left as columns (CSV) or packed for the store: in ``rendered``, not in ``rows``
    stored: list[StoredRows | PackedSummaries] = dataclasses.field(default_factory=list)   # what the store keeps of those

    @property
    def size(self) -> int:
        """The chunk's rows, all of them (``rows`` and the ``extra`` ones)."""
        return len(self.rows) + self.extra


def finish_chunk(rows: list[RowResult], fmt: RowFormat, tally: Tally, store: bool, counts: Tally | None = None,
                 counted: set[int] | frozenset[int] = frozenset(), rendered: Rendered | None = None) -> ChunkResult:
    """Render and count ``rows`` (a worker's chunk, or rows the store gave back); ``counts``
    already holds the rows whose sequence numbers are ``counted``; ``rendered``: the chunk's
    output text when it is rendered already."""
    rendered = fmt.render(rows) if rendered is None else rendered
    counts = (counts or tally.fresh()).add_rows([r for r in rows if r.seq not in counted] if counted else rows)
    packed = None
    if store:           # the result rows' summaries packed for the store here, not in the writing process
        rows, packed = pack_summaries(rows)
    for r in rows:
        if store:
            r.packed = r.packed_line()
        r.line = ""
        if r.error is None and (r.stored or not store):    # what the store keeps is serialised; no store: nothing
            r.summary = {"name": r.summary.get("name"), "credit_code": r.summary.get("credit_code")}
    if packed is None:
        return ChunkResult(rows, rendered, counts)
    return ChunkResult(rows, rendered, counts, len(packed.items), [packed])


class _State:
    """The per-process engine, built once (pool initializer, or first task on a Dask worker)."""

    def __init__(self, config: WorkerConfig):
        # a folder: its one engine in this process (in the screening process itself, the one it loaded)
        self.engine = Engine(config.rulebooks) if isinstance(config.rulebooks, RulebookSet) \
            else shared_engine(Path(config.rulebooks))
        self.engine.compiled(config.as_of)
        self.engine.matcher(config.as_of, config.matcher)
        self.config = config
        self.plan: Any = None           # columnar screening's per-program plan (zhice.batch.check_chunk)


_STATE: _State | None = None


def _ensure_state(config: WorkerConfig, collect: bool = True) -> _State:
    """This process's engine for ``config`` (built once). ``collect``: collect the garbage before
    the objects alive are frozen (a worker process; in the screening process itself, ~40 ms of a
    small screening, the little garbage there is stays frozen until another engine replaces this one)."""
    global _STATE
    if _STATE is not None and _STATE.config.engine_key() == config.engine_key():
        _STATE.config = config          # same engine; the output's row format may differ
        return _STATE
    if _STATE is not None:
        gc.unfreeze()                   # the engine replaced (and what was frozen with it) may go
    _STATE = _State(config)
    # the compiled rulebooks live as long as the process: keep the cyclic garbage collector
    # from re-scanning them (tens of thousands of objects) while rows are screened
    if collect:
        gc.collect()
    gc.freeze()
    return _STATE


def init_worker(config: WorkerConfig) -> None:
    """Process-pool initializer: build and compile the engine of this process.

    Also start a watchdog: a pool worker whose parent dies (``kill -9`` of ``zhice screen``)
    would otherwise wait for work forever, so it exits when it is orphaned. And keep the memory
    the worker frees (``zhice.heap``): a JSONL row allocates and frees its ~230 KB line, which
    glibc would otherwise unmap and fault in again, row after row (~200 faults a row).
    """
    import threading

    parent = multiprocessing.parent_process()      # the screening process, also under forkserver
    if parent is not None:
        def watch() -> None:
            parent.join()                           # returns when the parent's sentinel closes
            os._exit(1)

        threading.Thread(target=watch, name="zhice-orphan-watchdog", daemon=True).start()
        keep_freed_memory()     # a pool worker is ours; a Dask worker's process is not
    _ensure_state(config)


def status_sig(statuses: dict[str, list[Any]]) -> str:
    """A short digest of each program's status (not the gap counts): equal for two results when
    every program has the same status in both, so comparing runs decodes only what changed."""
    text = "\n".join(f"{pid}\t{st[0]}" for pid, st in sorted(statuses.items()))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def status_sigs(decided: DecidedRows) -> list[str]:
    """:func:`status_sig` of every row screened over columns (the same text, built by polars)."""
    import polars as pl

    order = sorted(range(len(decided.programs)), key=lambda k: decided.programs[k])
    frame = pl.DataFrame({f"s{k}": decided.statuses[k] for k in order})
    texts = frame.select(pl.concat_str([pl.lit(f"{decided.programs[k]}\t") + pl.col(f"s{k}") for k in order],
                                       separator="\n").alias("t"))["t"].to_list() if order else [""] * len(decided)
    seen: dict[str, str] = {}
    out: list[str] = []
    for text in texts:
        got = seen.get(text)
        if got is None:
            got = seen[text] = hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
        out.append(got)
    return out


def error_dict(problem: Problem) -> dict[str, Any]:
    """The ``error`` object of an error row: ``path`` and ``message`` (the contract), plus details."""
    out: dict[str, Any] = {"path": problem.path, "message": problem.message, "code": problem.code}
    if problem.file:
        out["file"] = problem.file
    if problem.line is not None:
        out["line"] = problem.line
    if problem.hint:
        out["hint"] = problem.hint
    return out


def match_chunk(state: _State, chunk: Chunk) -> dict[int, tuple[Profile, Assessment]]:
    """The records of ``chunk`` matched together (a matcher with ``match_many``: columnar), by
    sequence number; {} when the matcher matches one profile at a time, or when the chunk fails
    as a whole (its rows are then matched one by one, so a failing row becomes its error row)."""
    cfg = state.config
    matcher = state.engine.matcher(cfg.as_of, cfg.matcher)
    many = getattr(matcher, "match_many", None)
    if many is None or (cfg.lines and not cfg.compact):
        return {}
    compiled = state.engine.compiled(cfg.as_of)
    found: list[tuple[int, Profile, Facts]] = []
    for seq, item, _ in chunk:
        if isinstance(item, RowResult):
            continue
        profile = record_profile(item)
        # founded after the evaluation date: left to the row path, which refuses it (check_as_of)
        if isinstance(profile, Profile) and not founded_after(profile, cfg.as_of):
            found.append((seq, profile, normalize(profile.facts(), cfg.as_of)))
    try:
        results = many([f for _, _, f in found])
    except ZhiceError:
        return {}
    return {seq: (profile, Assessment(compiled, result, facts, verdicts(compiled, result)))
            for (seq, profile, facts), result in zip(found, results)}


def screen_record(state: _State, seq: int, record: Record, label: str | None,
                  matched: tuple[Profile, Assessment] | None = None) -> RowResult:
    """Check one record; a bad record (or a failure while evaluating it) becomes an error row.
    ``matched``: its profile and outcomes when its chunk was matched together (:func:`match_chunk`)."""
    head: dict[str, Any] = {"row": record.row}
    if label is not None:
        head["input"] = label
    profile = matched[0] if matched else record_profile(record)
    if isinstance(profile, Problem):
        return _error_row(seq, record, head, profile, label, record_name(record), None)
    engine, cfg = state.engine, state.config
    gaps: dict[str, list[Any]]
    report: Findings | None
    if cfg.lines:       # (imported here: a CSV or XLSX screening never needs them)
        from zhice.batch.packing import pack_findings, pack_line
        from zhice.report_json import compact, compact_line
        from zhice.report_json import line as report_line
    try:
        if cfg.lines and cfg.compact:
            # {"row": n, …}: the compact line (JSONL v2), from the matcher outcomes (report_json.compact)
            verdict = matched[1] if matched else engine.assess(profile, as_of=cfg.as_of, matcher=cfg.matcher)
            who = {"name": profile.enterprise.name, "credit_code": profile.enterprise.credit_code,
                   "digest": profile.digest()}
            fields, statuses, gaps = compact(verdict.compiled, verdict.result, verdict.facts, verdict.verdicts, who,
                                             engine._roadmap_links(cfg.as_of), __version__)
            line = compact_line(fields, head)
            report = None
        elif cfg.lines:
            # {"row": n, …report}: the checkup's report as JSON, written from its findings (report_json)
            report = engine.findings(profile, as_of=cfg.as_of, matcher=cfg.matcher)
            line = report_line(report, head)
            statuses = {p.id: [p.status, p.gap_count()] for p in report.programs}
            gaps = {p.id: [[c.title, c.gap, c.next_steps[0] if c.next_steps else None] for c in p.criteria
                           if c.status == "unmet"] for p in report.programs if p.status == "gap"}
        else:
            # lean path: statuses and gap counts; gap texts only for the leads (gaps of at most `near`)
            verdict = matched[1] if matched else engine.assess(profile, as_of=cfg.as_of, matcher=cfg.matcher)
            statuses = {pid: [status, unmet] for pid, status, unmet in verdict.verdicts}
            details = verdict.unmet({pid for pid, status, unmet in verdict.verdicts
                                     if status == "gap" and unmet <= cfg.near})
            gaps = {pid: [list(d) for d in rows] for pid, rows in details.items()}
            line, report = "", None
    except ZhiceError as exc:
        problem = exc.problems[0] if exc.problems else Problem("evaluation", str(exc))
        return _error_row(seq, record, head, problem, label, profile.enterprise.name, profile.enterprise.credit_code)
    summary = {"name": profile.enterprise.name, "credit_code": profile.enterprise.credit_code,
               "statuses": statuses, "gaps": gaps}
    return RowResult(seq, record.row, line, summary, None, label,
                     json.dumps(summary, ensure_ascii=False, separators=(",", ":")),
                     (pack_line(line) if report is None else pack_findings(report, line)) if line and cfg.store else b"",
                     status_sig(statuses))


def _error_row(seq: int, record: Record, head: dict[str, Any], problem: Problem, label: str | None,
               name: str | None, credit_code: str | None) -> RowResult:
    err = error_dict(problem)
    line = json.dumps({**head, "error": err}, ensure_ascii=False, separators=(",", ":"))
    return RowResult(seq, record.row, line, {"name": name, "credit_code": credit_code}, err, label)


def stored_row(state: _State, row: RowResult) -> RowResult:
    """A row the history store gave back (``--resume``), with its JSONL line written again from
    what the store kept of it (zhice.batch.packing)."""
    cfg = state.config
    if cfg.lines and row.packed:
        from zhice.batch.packing import unpack_line

        head: dict[str, Any] = {"row": row.row}
        if row.input is not None:
            head["input"] = row.input
        row.line = unpack_line(row.packed, state.engine.compiled(cfg.as_of), head)
    return row


def columnar_rows(state: _State, chunk: Chunk, counts: Tally) -> tuple[dict[int, RowResult], set[int]]:
    """The chunk's table rows (CSV/XLSX) screened over columns (zhice.batch.check_chunk), by
    sequence number, and which of them are counted in ``counts``; the other records are left to
    the row path."""
    from zhice.batch.check_chunk import Plan, screen_table_rows

    cfg = state.config
    tables: dict[int, list[tuple[int, Record, str | None]]] = {}
    for seq, item, label in chunk:
        if isinstance(item, Record) and item.cells is not None and item.header is not None:
            tables.setdefault(id(item.header), []).append((seq, item, label))
    if not tables:
        return {}, set()
    if state.plan is None:
        matcher = state.engine.matcher(cfg.as_of, cfg.matcher)
        state.plan = Plan(state.engine.compiled(cfg.as_of), matcher)   # type: ignore[arg-type]
    lines = None
    if cfg.lines:               # JSONL: the compact lines, built over the columns too
        from zhice.batch.columnar_lines import line_builder

        lines = line_builder(state.engine.compiled(cfg.as_of), state.engine._roadmap_links(cfg.as_of), __version__,
                             state.plan.matcher.tree_of).lines
    done: dict[int, RowResult] = {}
    counted: set[int] = set()
    for items in tables.values():
        rows, seqs = screen_table_rows(state.plan, items, cfg.as_of.toordinal(), cfg.as_of, cfg.near, cfg.store,
                                       lambda seq, rec, label: screen_record(state, seq, rec, label), status_sig,
                                       counts, lines)
        done.update(rows)
        counted |= seqs
    return done, counted


def chunk_tables(state: _State, chunk: Chunk) -> dict[Any, Any]:
    """The chunk's table rows to screen over columns, by table: its TableRows as ``(first seq or
    every row's seq, rows, label)``, records of one header as ``[(seq, record, label)…]`` (and
    the columnar plan built on the first)."""
    from zhice.batch.check_chunk import Plan

    tables: dict[Any, Any] = {}
    for seq, item, label in chunk:
        if isinstance(item, TableRows):
            # every TableRows of one table (and input) decided together, even with records between
            # them (an error row): each decision costs ~0.2 s of polars plans whatever its rows
            key = ("rows", id(item.header), label)
            got = tables.get(key)
            if got is None:
                tables[key] = (seq, item, label)
            else:
                first, rows, _ = got
                seqs = first if isinstance(first, list) else list(range(first, first + len(rows)))
                joined = rows.copy() if not isinstance(first, list) else rows   # the chunk's own left as it is
                joined.extend(item)
                tables[key] = (seqs + list(range(seq, seq + len(item))), joined, label)
        elif isinstance(item, Record) and item.cells is not None and item.header is not None:
            tables.setdefault(id(item.header), []).append((seq, item, label))
    if state.plan is None and tables:
        cfg = state.config
        matcher = state.engine.matcher(cfg.as_of, cfg.matcher)
        state.plan = Plan(state.engine.compiled(cfg.as_of), matcher)   # type: ignore[arg-type]
    return tables


def csv_over_columns(state: _State, chunk: Chunk) -> ChunkResult:
    """A chunk screened over columns into an output whose rows are rendered over columns too
    (CSV: :meth:`zhice.batch.rows.CsvRows.render_columns`): the table rows decided over columns
    become output lines (and what the store keeps of them) without a :class:`RowResult` each;
    the other records, and the rows the column checks refuse, take the row path as ever. The
    rendered text is the row path's, row for row."""
    import polars as pl

    from zhice.batch.check_chunk import decide_table_rows
    from zhice.batch.store import stored_rows

    cfg = state.config
    fmt, tally = cfg.rows, cfg.tally
    assert fmt is not None and tally is not None
    render_columns = getattr(fmt, "render_columns")
    tables = chunk_tables(state, chunk)
    counts = tally.fresh()
    done: dict[int, RowResult] = {}
    lines: list[Any] = []               # (seq, line) frames of the rows decided over columns
    decided_seqs: set[int] = set()
    stored: list[StoredRows] = []
    for items in tables.values():
        rows, decided = decide_table_rows(state.plan, items, cfg.as_of.toordinal(), cfg.as_of,
                                          lambda seq, rec, label: screen_record(state, seq, rec, label), counts)
        done.update(rows)
        if decided is not None and len(decided):
            lines.append(pl.DataFrame({"seq": pl.Series(decided.seqs, dtype=pl.Int64),
                                       "text": render_columns(decided) + "\r\n"}))
            decided_seqs.update(decided.seqs)
            if cfg.store:
                stored.append(stored_rows(decided, status_sigs(decided)))
    others: list[RowResult] = []
    other_seqs: list[int] = []
    other_texts: list[str] = []
    loose = {seq: (item, label) for seq, item, label in chunk if not isinstance(item, TableRows)}
    for seq in _seqs(chunk):
        if seq in decided_seqs:
            continue
        r = done.get(seq)
        if r is None:
            item, label = loose[seq]       # a record no table holds (a row the reader refused)
            r = stored_row(state, item) if isinstance(item, RowResult) else screen_record(state, seq, item, label)
        others.append(r)
        other_seqs.append(seq)
        other_texts.append(fmt.render([r])[""].decode("utf-8"))
    if other_seqs:
        lines.append(pl.DataFrame({"seq": pl.Series(other_seqs, dtype=pl.Int64),
                                   "text": pl.Series(other_texts, dtype=pl.String)}))
    # the chunk's text in input order, joined and encoded by polars (one UTF-8 copy)
    text = pl.concat(lines).sort("seq")["text"].str.join("").cast(pl.Binary).item() if lines else b""
    result = finish_chunk(others, fmt, tally, cfg.store, counts, rendered={"": text})
    result.extra += len(decided_seqs)       # (finish_chunk's count: the other rows the store's summaries packed)
    result.stored += stored
    return result


def xlsx_over_columns(state: _State, chunk: Chunk) -> ChunkResult:
    """A chunk screened over columns into XLSX rows (:func:`zhice.batch.xlsx_columns.xlsx_rows`),
    its other records by the row path."""
    from zhice.batch.xlsx_columns import xlsx_rows

    tables = chunk_tables(state, chunk)         # (the plan is built with the first)
    return ChunkResult(*xlsx_rows(state.config, state.plan, tables, chunk, list(_seqs(chunk)),
                                  lambda seq, rec, label: screen_record(state, seq, rec, label),
                                  lambda row: stored_row(state, row), status_sigs))


def _seqs(chunk: Chunk) -> Iterator[int]:
    """The sequence numbers of a chunk's rows, in order (a TableRows item stands for several)."""
    for seq, item, _ in chunk:
        if isinstance(item, TableRows):
            yield from range(seq, seq + len(item))
        else:
            yield seq


def expand(chunk: Chunk) -> Chunk:
    """``chunk`` with every TableRows item given back as its records."""
    if not any(isinstance(item, TableRows) for _, item, _ in chunk):
        return chunk
    out: Chunk = []
    for seq, item, label in chunk:
        if isinstance(item, TableRows):
            out += [(seq + i, item.record(i), label) for i in range(len(item))]
        else:
            out.append((seq, item, label))
    return out


def columns_wanted(config: WorkerConfig) -> bool:
    """Whether a chunk for ``config`` is screened and rendered over columns (:func:`csv_over_columns`;
    XLSX: :func:`xlsx_over_columns`),
    so that its table rows may travel as :class:`~zhice.batch.readers.TableRows`."""
    return config.matcher == "columnar" and not config.lines and (
        config.near < 0 and hasattr(config.rows, "render_columns") or isinstance(config.rows, XlsxRows))


def _screen(state: _State, chunk: Chunk) -> ChunkResult:
    cfg = state.config
    assert cfg.rows is not None and cfg.tally is not None, "no output row format configured"
    if columns_wanted(cfg):
        return xlsx_over_columns(state, chunk) if isinstance(cfg.rows, XlsxRows) else csv_over_columns(state, chunk)
    chunk = expand(chunk)
    if cfg.matcher == "columnar" and (not cfg.lines or cfg.compact):
        counts = cfg.tally.fresh()
        done, counted = columnar_rows(state, chunk, counts)
        rows = [done[seq] if seq in done else stored_row(state, item) if isinstance(item, RowResult)
                else screen_record(state, seq, item, label) for seq, item, label in chunk]
        return finish_chunk(rows, cfg.rows, cfg.tally, cfg.store, counts, counted)
    else:
        matched = match_chunk(state, chunk)
        rows = [stored_row(state, item) if isinstance(item, RowResult)
                else screen_record(state, seq, item, label, matched.get(seq)) for seq, item, label in chunk]
    return finish_chunk(rows, cfg.rows, cfg.tally, cfg.store)


def screen_chunk(chunk: Chunk) -> ChunkResult:
    """Pool task: screen a chunk with this process's engine."""
    assert _STATE is not None, "worker not initialised"
    return _screen(_STATE, chunk)


def _dask_task(config: WorkerConfig, chunk: Chunk) -> ChunkResult:
    """Dask task: the worker's engine is built on its first task and reused."""
    return _screen(_ensure_state(config), chunk)


# ---- executors ---------------------------------------------------------------------------------

class LocalExecutor:
    """``jobs`` processes (``jobs == 1``: this process), results in input order."""

    def __init__(self, config: WorkerConfig, jobs: int | None = None, window: int | None = None):
        self.config = config
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.window = window or self.jobs * 2 + 1   # bounded: memory stays flat

    def map(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        if self.jobs == 1:
            state = _ensure_state(self.config, collect=False)
            for chunk in chunks:
                yield _screen(state, chunk)
            return
        ctx = _mp_context()
        with ProcessPoolExecutor(max_workers=self.jobs, mp_context=ctx, initializer=init_worker,
                                 initargs=(self.config,)) as pool:
            pending: deque[Future[ChunkResult]] = deque()
            try:
                for chunk in chunks:
                    pending.append(pool.submit(screen_chunk, chunk))
                    if len(pending) >= self.window:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            finally:
                for fut in pending:
                    fut.cancel()


def _mp_context() -> multiprocessing.context.BaseContext:
    """forkserver where available (children forked from a clean, preloaded server), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["zhice.batch.executors"])
        return ctx
    return multiprocessing.get_context("spawn")


class DaskExecutor:
    """The same screening on a Dask cluster: chunks streamed to workers, results in input order.

    The loaded rulebooks are broadcast once to every worker (they need no shared file system,
    only the ``zhice`` package installed).
    """

    def __init__(self, config: WorkerConfig, scheduler: str | Any | None = None, window: int | None = None):
        try:
            from distributed import Client
        except ImportError:
            from zhice.errors import UsageError

            raise UsageError([Problem("dask-missing", "--executor dask needs dask[distributed]",
                                      hint='pip install "zhice[dask]"')]) from None
        if isinstance(scheduler, Client):
            self.client, self._own = scheduler, False
        else:
            self.client, self._own = (Client(scheduler) if scheduler else Client(processes=False)), True
        if isinstance(config.rulebooks, str):
            books = Engine(Path(config.rulebooks)).rulebooks
            config = dataclasses.replace(config, rulebooks=books)
        self.config = config
        nthreads = sum(self.client.nthreads().values()) or 1
        self.window = window or max(4, nthreads * 3)

    def map(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        [cfg] = self.client.scatter([self.config], broadcast=True, hash=False)
        pending: deque[Any] = deque()
        try:
            batch: list[Chunk] = []
            for chunk in chunks:
                batch.append(chunk)
                if len(batch) >= max(1, self.window // 2):
                    pending.extend(self.client.map(_dask_task, [cfg] * len(batch), batch, pure=False))
                    batch = []
                while len(pending) >= self.window:
                    yield pending.popleft().result()
            if batch:
                pending.extend(self.client.map(_dask_task, [cfg] * len(batch), batch, pure=False))
            while pending:
                yield pending.popleft().result()
        finally:
            for fut in pending:
                fut.cancel()

    def close(self) -> None:
        if self._own:
            self.client.close()
