"""The screening history: a SQLite file (WAL) of runs and their per-row results.

One ``runs`` row per screening (rulebooks digest, engine version, as-of date, matcher, input
digest, started/finished) and one ``results`` row per input row (client key, statuses per
program and their digest, and for JSONL what the output line is written from:
zhice.batch.packing). Results are committed per chunk, in input order, so after an
interruption — even ``kill -9`` — the stored rows are a prefix of the input: ``--resume`` skips
them and rewrites the output from the store. A later run of the same input can list the clients
whose status changed.

A summary is kept packed: statuses in the run's program order (``runs.programs``) and every text
it repeats (gap texts, criterion titles, next steps) once, in ``texts``, by number — a row of
44 programs takes ~0.4 KB instead of ~2.7 KB. Texts stay when old runs are pruned (later runs
reuse them).
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhice.batch.model import DecidedRows, RowResult, StoredRows
from zhice.batch.summaries import (CODE, PACKED, PackedSummaries, codes_expr, columns_packable, packed_head, packed_text,
                                   unpacked_statuses)
from zhice.errors import Problem
from zhice.language import pick

__all__ = ["RunKey", "Store", "default_db_path", "store_problem", "stored_rows"]

# SQLite's messages for what a user can fix, and how
# a damaged store (or another file at its path): what to do, in the three ways there are
_DAMAGED = ("it is damaged or not a zhice history store: move it aside (mv {path} {path}.broken) and run "
            "again to start a new history, give another store with --db PATH, or keep no history with --no-db")
_STORE_HINTS = (
    ("disk is full", "the disk is full: free space on it and run the same command with --resume (the rows "
                     "committed so far are kept), or put the store on another disk with --db"),
    ("disk I/O error", "the disk failed, is full, or the file reached a size limit: free space or check the "
                       "disk, then run the same command with --resume (the rows committed so far are kept)"),
    ("unable to open", "check that its folder exists and can be written, or choose another file with --db "
                       "(--no-db keeps no history)"),
    ("readonly", "no permission to write it: choose another file with --db (--no-db keeps no history)"),
    ("malformed", _DAMAGED),
    ("not a database", _DAMAGED),
    ("locked", "another zhice run is writing it: wait for that run, or choose another file with --db"),
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    inputs TEXT NOT NULL,            -- JSON list of absolute input paths
    input_digest TEXT NOT NULL,
    rulebooks_digest TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    as_of TEXT NOT NULL,
    matcher TEXT NOT NULL,
    output TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    rows_in INTEGER,
    rows_ok INTEGER,
    rows_error INTEGER,
    lines INTEGER NOT NULL DEFAULT 1, -- 1: full reports' findings stored (JSONL); 2: compact lines; 0: summaries only
    near INTEGER NOT NULL DEFAULT 1000000 -- summaries hold the unmet criteria of gaps up to this size
);
CREATE TABLE IF NOT EXISTS results (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,            -- position over all inputs, 0-based
    row INTEGER NOT NULL,            -- 1-based data row of its input
    input TEXT,                      -- input label when several inputs
    client_key TEXT,                 -- credit code, else name
    statuses TEXT NOT NULL,          -- JSON summary: name, credit_code, statuses, gaps
    error TEXT,                      -- JSON error object of an error row
    line BLOB NOT NULL,              -- JSONL: the row's findings or line (zhice.batch.packing)
    sig TEXT,                        -- digest of the statuses (executors.status_sig): runs compare by it
    PRIMARY KEY (run_id, seq)
);                                   -- a rowid table: rows of ~1 KB would overflow a WITHOUT ROWID b-tree
CREATE INDEX IF NOT EXISTS runs_match ON runs(input_digest, rulebooks_digest, as_of, matcher, engine_version);
CREATE TABLE IF NOT EXISTS texts (           -- every text a summary repeats (gap texts, titles, next steps), once
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);
"""

# A packed summary (results.statuses): zhice.batch.summaries. Anything else there is the summary as JSON
# (an older store, or a row whose programs are not the run's).
_TEXTS_KEPT = 200_000                  # text ids remembered per store connection (then forgotten, all at once)


def default_db_path(output: str | Path) -> Path:
    """``<output>.zhice.sqlite`` beside the output file."""
    out = Path(output)
    return out.with_name(out.name + ".zhice.sqlite")


def _inputs_key(inputs: tuple[str, ...]) -> str:
    """How ``runs.inputs`` holds a run's input files (a JSON list): runs of the same files match."""
    return json.dumps(list(inputs), ensure_ascii=False)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class RunKey:
    """What makes two runs interchangeable: same input bytes, rulebooks, date, matcher, engine."""

    inputs: tuple[str, ...]
    input_digest: str
    rulebooks_digest: str
    engine_version: str
    as_of: str
    matcher: str


def store_problem(exc: sqlite3.Error, path: str | Path) -> Problem:
    """The problem of a history store that SQLite could not open, read or write."""
    message = str(exc)
    hint = next((h.format(path=shlex.quote(str(path))) for key, h in _STORE_HINTS if key in message), None)
    if Path(path).is_dir():
        hint = "that path is a folder: give a file name, such as history.zhice.sqlite"
    return Problem("history-store", f"the history store failed: {message}", str(path), hint=hint)


class Store:
    """A SQLite history file. Use as a context manager."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        cols = {r[1] for r in self.db.execute("PRAGMA table_info(runs)")}
        if "lines" not in cols:                     # a store written by an earlier version
            self.db.execute("ALTER TABLE runs ADD COLUMN lines INTEGER NOT NULL DEFAULT 1")
        if "near" not in cols:
            self.db.execute("ALTER TABLE runs ADD COLUMN near INTEGER NOT NULL DEFAULT 1000000")
        if "programs" not in cols:
            self.db.execute("ALTER TABLE runs ADD COLUMN programs TEXT")   # JSON list: the order of packed statuses
        if "sig" not in {r[1] for r in self.db.execute("PRAGMA table_info(results)")}:
            self.db.execute("ALTER TABLE results ADD COLUMN sig TEXT")
        self._ids: dict[str, int] = {}          # text → texts.id
        self._texts: dict[int, str] = {}        # texts.id → text
        self._programs: dict[int, list[str] | None] = {}   # run → its programs (runs.programs)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def size(self) -> int:
        """Bytes the store takes on disk now (its file and write-ahead log)."""
        return sum(p.stat().st_size for p in (self.path, self.path.with_name(self.path.name + "-wal"))
                   if p.exists())

    # -- runs --

    def start_run(self, key: RunKey, output: str, lines: int = 1, near: int = 1000000) -> int:
        cur = self.db.execute(
            "INSERT INTO runs (inputs, input_digest, rulebooks_digest, engine_version, as_of, matcher, output, started_at,"
            " lines, near) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_inputs_key(key.inputs), key.input_digest, key.rulebooks_digest,
             key.engine_version, key.as_of, key.matcher, output, _now(), int(lines), near))
        return int(cur.lastrowid or 0)

    def find_run(self, key: RunKey, lines: int = 1, near: int = 0) -> tuple[int, bool] | None:
        """The latest run with this key that stored enough to rewrite the output: (id, finished).

        Enough: the same kind of output lines if ``lines`` (1: full reports, 2: compact lines);
        else summaries whose gap details cover ``near`` (the leads), which a run storing output
        lines always does.
        """
        row = self.db.execute(
            "SELECT id, finished_at FROM runs WHERE input_digest=? AND rulebooks_digest=? AND as_of=? AND matcher=?"
            " AND engine_version=? AND (?=0 OR lines=?) AND (lines>=1 OR near>=?) ORDER BY id DESC LIMIT 1",
            (key.input_digest, key.rulebooks_digest, key.as_of, key.matcher, key.engine_version, int(lines),
             int(lines), near)).fetchone()
        return None if row is None else (int(row[0]), row[1] is not None)

    def why_not_found(self, key: RunKey, lines: int = 1, near: int = 0) -> str:
        """Why :meth:`find_run` found no run to resume: how the latest run of the same input files
        (an interrupted one first) differs from ``key``, or that there is none."""
        row = self.db.execute(
            "SELECT id, input_digest, rulebooks_digest, as_of, matcher, engine_version, lines, near FROM runs"
            " WHERE inputs=? ORDER BY finished_at IS NULL DESC, id DESC LIMIT 1",
            (_inputs_key(key.inputs),)).fetchone()
        if row is None:
            return pick("没有这份输入文件的运行记录", "no earlier run of these input files is recorded")
        run, digest, books, as_of, matcher, version, had_lines, had_near = row
        diffs = [what for what, differs in (
            (pick("输入文件此后改过", "the input files have changed since"), digest != key.input_digest),
            (pick("规则库此后改过", "the rulebooks have changed since"), books != key.rulebooks_digest),
            (pick(f"那次的评估日期是 {as_of}，这次是 {key.as_of}", f"it was as of {as_of}, this one is as of {key.as_of}"),
             as_of != key.as_of),
            (pick(f"那次用 {matcher} 匹配器，这次用 {key.matcher}", f"it used the {matcher} matcher, this one the {key.matcher}"),
             matcher != key.matcher),
            (pick(f"那次是 zhice {version}，这次是 {key.engine_version}", f"it ran zhice {version}, this is {key.engine_version}"),
             version != key.engine_version),
            (pick("那次没有保存完整报告，而 --full-reports 的 JSONL 输出要用它",
                  "it kept no full reports, which a JSONL output with --full-reports is written from"),
             lines == 1 and had_lines != 1),
            (pick("那次没有保存精简行，而不加 --full-reports 的 JSONL 输出要用它",
                  "it kept no compact lines, which a JSONL output without --full-reports is written from"),
             lines == 2 and had_lines != 2),
            (pick(f"那次只保存了差距不超过 {had_near} 项的线索说明，--near 要 {near} 项",
                  f"it kept the gap texts of leads up to {had_near} gaps, --near asks for {near}"),
             not lines and not had_lines and had_near < near)) if differs]
        return pick(f"这份输入文件的第 {run} 次运行无法续跑：", f"run #{run} of these input files cannot be continued: ") + \
            pick("；", "; ").join(diffs or [pick("条件不同", "it differs")])

    def prune(self, inputs: tuple[str, ...], keep: int) -> int:
        """Delete all but the ``keep`` latest runs of these input files (finished or not) and their
        rows; the number of runs deleted. The file keeps its size: later runs reuse the pages."""
        ids = [r[0] for r in self.db.execute("SELECT id FROM runs WHERE inputs=? ORDER BY id DESC",
                                             (_inputs_key(inputs),))][keep:]
        if ids:
            marks = ",".join("?" * len(ids))
            with self.db:
                self.db.execute("BEGIN")
                self.db.execute(f"DELETE FROM results WHERE run_id IN ({marks})", ids)
                self.db.execute(f"DELETE FROM runs WHERE id IN ({marks})", ids)
        return len(ids)

    def finish_run(self, run_id: int, rows_in: int, rows_ok: int, rows_error: int) -> None:
        self.db.execute("UPDATE runs SET finished_at=?, rows_in=?, rows_ok=?, rows_error=? WHERE id=?",
                        (_now(), rows_in, rows_ok, rows_error, run_id))

    def reopen_run(self, run_id: int) -> None:
        self.db.execute("UPDATE runs SET finished_at=NULL WHERE id=?", (run_id,))

    def previous_run(self, inputs: tuple[str, ...], before: int) -> dict[str, Any] | None:
        """The latest finished run of the same input files before run ``before``."""
        row = self.db.execute(
            "SELECT id, started_at, rulebooks_digest, as_of, input_digest FROM runs WHERE inputs=? AND id<? "
            "AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1",
            (_inputs_key(inputs), before)).fetchone()
        if row is None:
            return None
        return {"id": row[0], "started_at": row[1], "rulebooks_digest": row[2], "as_of": row[3], "input_digest": row[4]}

    # -- results --

    def add_results(self, run_id: int, results: list[RowResult],
                    columns: Sequence[StoredRows | PackedSummaries] = ()) -> None:
        """Store one chunk of results in one transaction (summaries packed: :meth:`_pack`), and the
        rows of it packed by the worker: screened over columns (:func:`stored_rows`), or result
        rows (:func:`zhice.batch.summaries.pack_summaries`)."""
        with self.db:
            self.db.execute("BEGIN")
            packed = [p for p in columns if isinstance(p, PackedSummaries)]
            if packed:      # the run's programs are its first row's, whether the worker packed it or not
                firsts = [(p.items[0][0], p.programs) for p in packed] + _first_programs(results)
                self._run_programs(run_id, first=min(firsts)[1])
            rows = [(run_id, r.seq, r.row, r.input, r.client_key, self._pack(run_id, r),
                     json.dumps(r.error, ensure_ascii=False) if r.error else None,
                     r.packed_line(), r.sig) for r in results]
            for stored in columns:
                rows += self._summaries(run_id, stored) if isinstance(stored, PackedSummaries) \
                    else self._columns(run_id, stored)
            self.db.executemany("INSERT OR REPLACE INTO results (run_id, seq, row, input, client_key, statuses, error,"
                                " line, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def _columns(self, run_id: int, stored: StoredRows) -> list[tuple[Any, ...]]:
        programs = self._run_programs(run_id, first=stored.programs)
        items = stored.items
        if programs != stored.programs:     # packed by other programs than the run's: packed again by the run's
            items = [(seq, row, label, key, self._repack(run_id, stored.programs, text), sig)
                     for seq, row, label, key, text, sig in items]
        return [(run_id, seq, row, label, key, text, None, b"", sig) for seq, row, label, key, text, sig in items]

    def _summaries(self, run_id: int, packed: PackedSummaries) -> list[tuple[Any, ...]]:
        """The rows of summaries the worker packed: their texts' ids looked up once each, each
        lead written once, each row joined from its head and its leads."""
        items = packed.items
        if self._run_programs(run_id, first=packed.programs) != packed.programs:    # packed again by the run's
            return [(run_id, item[0], item[1], item[2], item[3],
                     self._pack(run_id, RowResult(item[0], item[1], "", packed.summary(item))), None, b"", item[6])
                    for item in items]
        ids = self._text_ids(packed.texts)
        leads = [f"[{pos},[{','.join('[' + ','.join('null' if i is None else ids[i] for i in u) + ']' for u in rows)}]]"
                 for pos, rows in packed.leads]
        return [(run_id, seq, row, label, key, packed_text(head, [leads[i] for i in refs]), None, b"", sig)
                for seq, row, label, key, head, refs, sig in items]

    def _text_ids(self, texts: list[Any]) -> list[str]:
        """Each text's ``texts.id`` (as written in a packed summary), new texts added in their order
        (the ids :meth:`_text_id` gives them one by one)."""
        known = self._ids
        new = [t for t in dict.fromkeys(texts) if t not in known]
        if len(known) + len(new) > _TEXTS_KEPT:
            known.clear()
            new = list(dict.fromkeys(texts))
        plain = [t for t in new if type(t) is str]
        if plain:
            self.db.executemany("INSERT OR IGNORE INTO texts (text) VALUES (?)", [(t,) for t in plain])
            for start in range(0, len(plain), 500):
                part = plain[start:start + 500]
                known.update(self.db.execute(f"SELECT text, id FROM texts WHERE text IN ({','.join('?' * len(part))})",
                                             part).fetchall())
        for t in new:
            if type(t) is not str:
                self._text_id(t)
        return [str(known[t]) for t in texts]

    def _repack(self, run_id: int, programs: list[str], text: str) -> str:
        data = json.loads(text)
        if not isinstance(data, list) or not data or data[0] != PACKED:
            return text
        _, name, credit_code, codes, _ = data
        summary = {"name": name, "credit_code": credit_code, "statuses": unpacked_statuses(programs, codes), "gaps": {}}
        return self._pack(run_id, RowResult(0, 0, "", summary))

    # -- packed summaries: statuses by the run's program order, repeated texts once --

    def _run_programs(self, run_id: int, first: Iterable[str] | None = None) -> list[str] | None:
        """The run's program order; a run without one yet takes ``first`` (when given) as its order."""
        if run_id not in self._programs:
            row = self.db.execute("SELECT programs FROM runs WHERE id=?", (run_id,)).fetchone()
            self._programs[run_id] = json.loads(row[0]) if row and row[0] else None
        if self._programs[run_id] is None and first is not None:
            programs = self._programs[run_id] = list(first)
            self.db.execute("UPDATE runs SET programs=? WHERE id=?", (json.dumps(programs), run_id))
        return self._programs[run_id]

    def _text_id(self, text: str | None) -> int | None:
        if text is None:
            return None
        i = self._ids.get(text)
        if i is None:
            if len(self._ids) >= _TEXTS_KEPT:
                self._ids.clear()
            self.db.execute("INSERT OR IGNORE INTO texts (text) VALUES (?)", (text,))
            i = self._ids[text] = int(self.db.execute("SELECT id FROM texts WHERE text=?", (text,)).fetchone()[0])
        return i

    def _text(self, i: int | None) -> str | None:
        if i is None:
            return None
        text = self._texts.get(i)
        if text is None:
            if len(self._texts) >= _TEXTS_KEPT:
                self._texts.clear()
            text = self._texts[i] = self.db.execute("SELECT text FROM texts WHERE id=?", (i,)).fetchone()[0]
        return text

    def _pack(self, run_id: int, r: RowResult) -> str:
        """A row's summary as the store keeps it: packed (:mod:`zhice.batch.summaries`), or as JSON."""
        summary = json.loads(r.stored) if r.stored else r.summary
        statuses = summary.get("statuses")
        if r.error is not None or not statuses:
            return r.summary_json()
        programs = self._run_programs(run_id, first=statuses)
        gaps = summary.get("gaps") or {}
        position = {pid: i for i, pid in enumerate(programs)}
        if len(statuses) > len(programs) or not set(statuses) <= set(programs) or not set(gaps) <= set(statuses) \
                or any(st[0] not in CODE or not isinstance(st[1], int) or not 0 <= st[1] < 1024
                       for st in statuses.values()):
            return r.summary_json()
        codes = [None if st is None else CODE[st[0]] * 1024 + st[1] for st in map(statuses.get, programs)]
        ref = self._text_id
        packed_gaps = [[position[pid], [[ref(x) for x in u] for u in rows]] for pid, rows in gaps.items()]
        return json.dumps([PACKED, summary.get("name"), summary.get("credit_code"), codes, packed_gaps],
                          ensure_ascii=False, separators=(",", ":"))

    def _summary(self, run_id: int, text: str) -> dict[str, Any]:
        """A stored summary as the worker made it (``RowResult.summary``)."""
        data = json.loads(text)
        if not isinstance(data, list) or not data or data[0] != PACKED:
            return data
        _, name, credit_code, codes, packed_gaps = data
        programs = self._run_programs(run_id) or []
        get = self._text
        gaps = {programs[i]: [[get(x) for x in u] for u in rows] for i, rows in packed_gaps}
        return {"name": name, "credit_code": credit_code, "statuses": unpacked_statuses(programs, codes), "gaps": gaps}

    def done_prefix(self, run_id: int) -> int:
        """How many leading rows (seq 0 … n-1) are stored. Chunks are committed in order."""
        count, top = self.db.execute("SELECT COUNT(*), MAX(seq) FROM results WHERE run_id=?", (run_id,)).fetchone()
        if not count:
            return 0
        if top == count - 1:
            return int(count)
        # a gap (should not happen): keep the contiguous prefix, drop the rest
        n = 0
        for (seq,) in self.db.execute("SELECT seq FROM results WHERE run_id=? ORDER BY seq", (run_id,)):
            if seq != n:
                break
            n += 1
        self.db.execute("DELETE FROM results WHERE run_id=? AND seq>=?", (run_id, n))
        return n

    def iter_results(self, run_id: int, limit: int | None = None, lines: bool = True) -> Iterator[RowResult]:
        """Stored results in input order (the first ``limit`` rows). A row's output line is left
        packed (``RowResult.packed``: :func:`zhice.batch.packing.unpack_line` writes it), and
        not read unless ``lines``."""
        sql = (f"SELECT seq, row, input, statuses, error, {'line' if lines else 'NULL'} FROM results WHERE run_id=?"
               " ORDER BY seq")
        args: tuple[Any, ...] = (run_id,)
        if limit is not None:
            sql += " LIMIT ?"
            args += (limit,)
        for seq, row, inp, summary, error, line in self.db.execute(sql, args):
            yield RowResult(seq, row, "", self._summary(run_id, summary), json.loads(error) if error else None, inp,
                            packed=line or b"")

    def statuses(self, run_id: int) -> Iterator[tuple[str, dict[str, list[Any]]]]:
        """(client key, {program: [status, gaps]}) of the successful rows of a run."""
        for key, summary in self.db.execute(
                "SELECT client_key, statuses FROM results WHERE run_id=? AND error IS NULL ORDER BY seq",
                (run_id,)):
            if key:
                yield key, self._summary(run_id, summary).get("statuses", {})

    def changes(self, run_id: int, previous: int) -> Iterator[dict[str, Any]]:
        """Status changes per client and program between ``previous`` and ``run_id``, in the
        order of ``run_id``'s rows: ``{"client", "program", "before", "after"}``, a client new
        in ``run_id`` as ``program`` None and ``after`` "new". A client's row in ``previous`` is
        its last one. Streamed: SQLite pairs the rows by client key (through a temporary table
        of ``previous``'s clients, so screening pays for no index) and passes on only those whose
        status digests differ (or are unknown: older stores), so memory stays flat however many
        clients a run has."""
        db = self.db
        db.execute("DROP TABLE IF EXISTS temp.previous_clients")
        db.execute("CREATE TEMP TABLE previous_clients (client_key TEXT PRIMARY KEY, seq INTEGER NOT NULL)"
                   " WITHOUT ROWID")
        try:
            db.execute("INSERT INTO temp.previous_clients SELECT client_key, MAX(seq) FROM results WHERE run_id = ?"
                       " AND error IS NULL AND client_key IS NOT NULL AND client_key != '' GROUP BY client_key",
                       (previous,))
            pairs = db.execute(
                "SELECT cur.client_key, cur.statuses, pc.seq IS NOT NULL, prev.statuses FROM results AS cur"
                " LEFT JOIN temp.previous_clients AS pc ON pc.client_key = cur.client_key"
                " LEFT JOIN results AS prev ON prev.run_id = ?1 AND prev.seq = pc.seq"
                " WHERE cur.run_id = ?2 AND cur.error IS NULL AND cur.client_key IS NOT NULL AND cur.client_key != ''"
                " AND (pc.seq IS NULL OR cur.sig IS NULL OR prev.sig IS NULL OR cur.sig != prev.sig)"
                " ORDER BY cur.seq", (previous, run_id))
            for key, now_json, found, before_json in pairs:
                if not found:
                    yield {"client": key, "program": None, "before": None, "after": "new"}
                    continue
                now = self._summary(run_id, now_json).get("statuses", {})
                before = self._summary(previous, before_json).get("statuses", {})
                for pid in sorted(set(now) | set(before)):
                    a = (before.get(pid) or [None])[0]
                    b = (now.get(pid) or [None])[0]
                    if a != b:
                        yield {"client": key, "program": pid, "before": a, "after": b}
        finally:
            db.execute("DROP TABLE IF EXISTS temp.previous_clients")


def _first_programs(results: Iterable[RowResult]) -> list[tuple[int, list[str]]]:
    """``[(seq, programs)]`` of the first result row with statuses (its programs: the run's, when
    the run has none yet), or ``[]``."""
    for r in results:
        if r.error is None:
            statuses = (json.loads(r.stored) if r.stored else r.summary).get("statuses")
            if statuses:
                return [(r.seq, list(statuses))]
    return []


def stored_rows(decided: DecidedRows, sigs: list[str]) -> StoredRows:
    """What the store keeps of rows screened over columns (no gap texts: a CSV output's), packed
    as :meth:`Store.add_results` packs a summary (by ``decided.programs``), built over the
    columns by the worker; ``sigs``: each row's status digest (executors.status_sig)."""
    import polars as pl

    n = len(decided)
    packable = bool(decided.programs and n) and columns_packable(decided.statuses, decided.unmet)
    names, codes = decided.names.to_list(), decided.codes.to_list()
    if packable:
        frame = pl.DataFrame({f"s{k}": s for k, s in enumerate(decided.statuses)}
                             | {f"u{k}": u for k, u in enumerate(decided.unmet)})
        packed = frame.select(codes_expr(len(decided.programs)).alias("c"))["c"]
        texts = [packed_text(packed_head(a, b, c), []) for a, b, c in zip(names, codes, packed.to_list())]
    else:                                   # statuses the packed form cannot hold: the summary as JSON
        status_lists = [s.to_list() for s in decided.statuses]
        unmet_lists = [u.to_list() for u in decided.unmet]
        texts = [json.dumps({"name": names[j], "credit_code": codes[j],
                             "statuses": {pid: [s[j], u[j]] for pid, s, u in zip(decided.programs, status_lists,
                                                                                  unmet_lists)},
                             "gaps": {}}, ensure_ascii=False, separators=(",", ":")) for j in range(n)]
    label = decided.label
    return StoredRows(list(decided.programs), [(seq, row, label, code or name, text, sig) for seq, row, name, code, text, sig
                                               in zip(decided.seqs, decided.rows, names, codes, texts, sigs)])
