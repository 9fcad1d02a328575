"""The history store keeps what it is given, and each repeated text once (issue 19: a 118 MB store
beside a 17 MB workbook). Statuses are packed by the run's program order, gap texts, titles and next
steps are rows of ``texts``; a store written before (JSON summaries) still reads."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from zhice.batch.model import RowResult
from zhice.batch.screen import screen
from zhice.batch.store import RunKey, Store

from conftest import bench_generator

AS_OF = "2026-11-21"


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Path:
    mod = bench_generator()
    path = tmp_path_factory.mktemp("store") / "clients.csv"
    mod.generate(300, path, bad=0.02, missing=0.15, seed=5)
    return path


def test_summaries_read_back_as_stored_and_texts_are_kept_once(portfolio, tmp_path):
    out, db = tmp_path / "o.xlsx", tmp_path / "h.sqlite"
    res = screen([portfolio], out, jobs=1, as_of=AS_OF, db=db, near=2)
    with sqlite3.connect(db) as con:
        texts = [t for (t,) in con.execute("SELECT text FROM texts")]
        raw = [s for (s,) in con.execute("SELECT statuses FROM results WHERE error IS NULL")]
    assert texts and len(texts) == len(set(texts))
    assert all(json.loads(s)[0] == "P" for s in raw)
    # no gap text, title or next step is spelt out in a row
    assert not any(t in s for s in raw for t in texts if len(t) > 8)
    with Store(db) as store:
        rows = list(store.iter_results(res.run_id))
    ok = [r for r in rows if r.error is None]
    assert len(rows) == res.rows_in and ok
    leads = sum(len(u) for r in ok for u in r.summary["gaps"].values())
    assert leads and all(isinstance(x, (str, type(None))) for r in ok for u in r.summary["gaps"].values()
                         for row in u for x in row)
    # what the workers handed over comes back: the statuses of a CSV written without a store, and
    # the leads the workbook lists (rendered from the workers' summaries, before the store saw them)
    plain = tmp_path / "plain.csv"
    screen([portfolio], plain, jobs=1, as_of=AS_OF, db=False, codes=True)
    with plain.open(encoding="utf-8-sig", newline="") as fh:
        csv_rows = {int(r["row"]): r for r in csv.DictReader(fh)}
    for r in ok:
        assert {pid: [csv_rows[r.row][f"{pid}.status"], int(csv_rows[r.row][f"{pid}.gaps"])]
                for pid in r.summary["statuses"]} == r.summary["statuses"]
    listed = [(row[0], row[3], row[6], row[7]) for row in
              openpyxl.load_workbook(out)["线索"].iter_rows(min_row=2, values_only=True)]
    expected = [(r.row, pid, "；".join(u[0] for u in unmet), "；".join(u[1] for u in unmet if u[1]))
                for r in ok for pid, unmet in r.summary["gaps"].items() if 0 < len(unmet) <= 2]
    assert listed == expected


def test_a_summary_outside_the_runs_programs_is_kept_as_json(tmp_path):
    key = RunKey(("x.csv",), "d", "r", "0", AS_OF, "compiled")
    with Store(tmp_path / "h.sqlite") as store:
        run = store.start_run(key, "o.xlsx", lines=0)
        first = {"name": "甲", "credit_code": None, "statuses": {"a": ["gap", 1], "b": ["eligible", 0]},
                 "gaps": {"a": [["标题", "差距", None]]}}
        odd = {"name": "乙", "credit_code": None, "statuses": {"c": ["gap", 2]}, "gaps": {}}
        store.add_results(run, [RowResult(0, 1, "", first), RowResult(1, 2, "", odd)])
        back = [r.summary for r in store.iter_results(run)]
        assert back == [first, odd]
        assert dict(store.statuses(run)) == {"甲": first["statuses"], "乙": odd["statuses"]}
