"""Summaries packed by the worker (zhice.batch.summaries) are stored exactly as the store packs
them itself: the same results rows, the same texts with the same ids, summaries read back alike —
with repeated and absent texts, texts an earlier run stored, error rows, statuses the packed form
cannot hold, programs outside the first row's, and a run whose program order was set before."""

from __future__ import annotations

import random
import sqlite3

import pytest

from zhice.batch.model import RowResult
from zhice.batch.store import RunKey, Store
from zhice.batch.summaries import pack_summaries

AS_OF = "2026-11-21"
PROGRAMS = ["p1", "p2", "p3", "p4"]
STATUSES = ["eligible", "gap", "not_applicable", "insufficient_data", "achieved"]


def _rows(seed: int, n: int = 300) -> list[RowResult]:
    """Rows ``seed * n`` … of a random chunk."""
    rng = random.Random(seed)
    titles = [f"条件{i}" for i in range(6)]
    gaps = [f"还差 {i} 件" for i in range(12)] + [None]
    out = []
    for seq in range(seed * n, seed * n + n):
        if rng.random() < 0.05:
            out.append(RowResult(seq, seq + 1, "", {"name": f"坏{seq}", "credit_code": None},
                                 {"path": "x", "message": "坏"}, None))
            continue
        programs = PROGRAMS if rng.random() > 0.05 else PROGRAMS[:2]
        statuses = {pid: [rng.choice(STATUSES), rng.randint(0, 3)] for pid in programs}
        if rng.random() < 0.02:
            statuses["p9"] = ["gap", 1]                         # a program outside the run's
        if rng.random() < 0.02:
            statuses["p1"] = ["unknown-status", 1]               # a status the packed form cannot hold
        if rng.random() < 0.02:
            statuses["p2"] = ["gap", 5000]                       # a count it cannot hold
        leads = {pid: [[rng.choice(titles), rng.choice(gaps), rng.choice([None, "去申请", "补材料"])]
                       for _ in range(rng.randint(0, 2))]
                 for pid, (st, _) in statuses.items() if st == "gap" and pid in PROGRAMS and rng.random() < 0.7}
        name = rng.choice([f"企业{seq}", f'"引号"{seq}', None, "\\反斜杠\n"])
        out.append(RowResult(seq, seq + 1, "", {"name": name, "credit_code": rng.choice([None, f"9133{seq:06d}"]),
                                                  "statuses": statuses, "gaps": leads},
                             None, rng.choice([None, "a.csv"]), sig=f"s{seq % 7}"))
    return out


def _copy(rows: list[RowResult]) -> list[RowResult]:
    return [RowResult(r.seq, r.row, r.line, {k: (dict(v) if isinstance(v, dict) else v) for k, v in r.summary.items()},
                      r.error, r.input, sig=r.sig) for r in rows]


def _dump(path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    with sqlite3.connect(path) as con:
        return (con.execute("SELECT * FROM results ORDER BY run_id, seq").fetchall(),
                con.execute("SELECT id, text FROM texts ORDER BY id").fetchall(),
                con.execute("SELECT id, programs FROM runs ORDER BY id").fetchall())


@pytest.mark.parametrize("programs_first", [None, ["p4", "p3", "p2", "p1"]])
def test_summaries_packed_by_the_worker_are_stored_as_the_store_packs_them(tmp_path, programs_first) -> None:
    chunks = [_rows(seed) for seed in (0, 1, 2)]
    key = RunKey(("x.csv",), "d", "r", "0", AS_OF, "columnar")
    got = {}
    for how in ("store", "worker"):
        path = tmp_path / f"{how}.sqlite"
        with Store(path) as store:
            earlier = store.start_run(key, "o.xlsx", lines=0)     # texts of an earlier run are reused
            store.add_results(earlier, _copy(chunks[0][:40]))
            run = store.start_run(key, "o.xlsx", lines=0)
            if programs_first:
                store._run_programs(run, first=programs_first)
            for chunk in chunks:
                rows = _copy(chunk)
                if how == "store":
                    store.add_results(run, rows)
                else:
                    kept, packed = pack_summaries(rows)
                    assert packed is not None and len(kept) + len(packed.items) == len(rows)
                    store.add_results(run, kept, [packed])
            back = [r.summary for r in store.iter_results(run)]
        got[how] = (_dump(path), back)
    assert got["store"] == got["worker"]
    (results, texts, _), back = got["worker"]
    assert len(back) == 900 and texts
    assert back == [r.summary for chunk in chunks for r in chunk]


def test_rows_with_an_output_line_or_no_statuses_are_left_to_the_store() -> None:
    line = RowResult(0, 1, '{"row":1}', {"name": "a", "statuses": {"p1": ["gap", 1]}, "gaps": {}})
    error = RowResult(1, 2, "", {"name": "b"}, {"path": "x", "message": "m"})
    empty = RowResult(2, 3, "", {"name": "c", "statuses": {}, "gaps": {}})
    kept, packed = pack_summaries([line, error, empty])
    assert kept == [line, error, empty] and packed is None


def _workbook_parts(path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml"}


@pytest.mark.parametrize("jobs", [1, 2])
def test_xlsx_over_columns_writes_the_row_paths_sheets_and_store_rows(tmp_path, monkeypatch, jobs) -> None:
    """XLSX rows screened over columns (zhice.batch.xlsx_columns): the worksheets' XML and the
    store's rows and texts byte for byte the row path's (two inputs, formula-like and markup
    names, leads of up to two gaps)."""
    import csv

    from zhice.batch import screen as screen_module
    from zhice.batch.screen import screen

    from conftest import bench_generator

    monkeypatch.setattr(screen_module, "COLUMNAR_POOL_ROWS", 0)
    inputs = []
    for name, rows, seed in (("a.csv", 230, 5), ("b.csv", 120, 6)):
        src = tmp_path / name
        bench_generator().generate(rows, src, bad=0.03, missing=0.2, seed=seed)
        with src.open(encoding="utf-8", newline="") as fh:
            table = list(csv.reader(fh))
        col = table[0].index("enterprise.name")
        for i, row in enumerate(table[1:]):
            if row[col] and i % 7 == 0:
                row[col] = ["=1+1", "<b>&x</b>", " 空格 ", "@a", "-3", "符合"][i % 6] + row[col][-2:]
        with src.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(table)
        inputs.append(src)
    got = {}
    for matcher in ("compiled", "columnar"):
        out, db = tmp_path / f"{matcher}.xlsx", tmp_path / f"{matcher}.sqlite"
        res = screen(inputs, out, jobs=jobs, as_of=AS_OF, db=db, matcher=matcher, near=2, chunk_size=80)
        results, texts, runs = _dump(db)
        got[matcher] = (res.rows_in, res.errors, res.status_counts, res.leads, _workbook_parts(out),
                        [r[1:] for r in results], texts, [r[1] for r in runs])
    assert got["compiled"] == got["columnar"]
    assert got["columnar"][0] == 350 and got["columnar"][3] > 0 and got["columnar"][6]
