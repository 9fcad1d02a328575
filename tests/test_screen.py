"""`zhice screen`: every row accounted for, outputs, encodings, resume after a crash, parallel and Dask.

The tests use their own rulebook set — a copy of rulebooks/derivations plus the small test
program in tests/fixtures/screen/rulebooks/ — so rulebooks being edited elsewhere cannot move
the expected results, and a generated portfolio (bench/generate.py, seeded) with 1 % bad rows.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from zhice.batch.readers import read_profiles
from zhice.batch.screen import screen
from zhice.batch.store import default_db_path
from zhice.batch.writers import neutralise
from zhice.report import STATUS_LABELS, STATUS_ORDER
from zhice.errors import ProfileError, UsageError
from zhice.profile import Profile

from conftest import bench_generator

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "screen"
AS_OF = "2026-11-21"
ROWS = 300


class ScreenInterrupted(Exception):
    """What :func:`stop_after` raises to end a run, as a crash would, once chunks were committed."""


def stop_after(chunks: int):
    """An ``after_chunk`` callback for screen(): stop the run after that many committed chunks."""
    def after_chunk(done: int) -> None:
        if done >= chunks:
            raise ScreenInterrupted(f"stopped after {done} chunks")
    return after_chunk


# `python -c` for a screen run that SIGKILLs itself after committing chunks (simulates a crash):
# the callback is injected into zhice.batch.screen.screen, which `zhice screen` calls
_KILLED_SCREEN = """
import functools, os, signal, sys
import zhice.batch.screen as s
from zhice.cli import main

def kill(done):
    if done >= {chunks}:
        os.kill(os.getpid(), signal.SIGKILL)
s.screen = functools.partial(s.screen, after_chunk=kill)
sys.argv = ["zhice", *sys.argv[1:]]
main()
"""


def _generator():
    return bench_generator()


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rulebooks")
    shutil.copytree(REPO / "rulebooks" / "derivations", root / "derivations")
    shutil.copytree(FIXTURES / "rulebooks" / "testing", root / "testing")
    return root


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> tuple[Path, list[dict]]:
    path = tmp_path_factory.mktemp("in") / "clients.csv"
    bad = _generator().generate(ROWS, path, bad=0.01, missing=0.15, seed=7)
    assert len(bad) == 3
    return path, bad


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_row_yields_one_output_row_and_bad_rows_are_named(books, portfolio, tmp_path):
    src, bad = portfolio
    out = tmp_path / "out.jsonl"
    res = screen([src], out, jobs=1, rulebooks=books, as_of=AS_OF, chunk_size=64)
    lines = _lines(out)
    assert len(lines) == ROWS == res.rows_in == res.rows_ok + res.rows_error
    assert [d["row"] for d in lines] == list(range(1, ROWS + 1))
    errors = {d["row"]: d["error"] for d in lines if "error" in d}
    assert set(errors) == {b["row"] for b in bad}
    assert res.rows_error == len(bad)
    for err in errors.values():
        assert err["message"] and "path" in err
    by_kind = {b["row"]: b["kind"] for b in bad}
    expected_path = {"text_in_number": "ip.invention_patents", "bad_credit_code": "enterprise.credit_code",
                     "no_name": "enterprise.name", "bad_enum": "ip_management.gbt29490",
                     "bad_date": "enterprise.registered_on"}
    for row, err in errors.items():
        assert err["path"] == expected_path[by_kind[row]]
    ok = next(d for d in lines if "error" not in d)
    assert ok["as_of"] == AS_OF and ok["schema_version"] == 2
    assert {p["id"] for p in ok["programs"]} == {"screen_demo"}
    assert set(ok["summary"]) == {"eligible", "gap", "not_applicable", "insufficient_data", "achieved"}


def test_results_equal_single_checkups(books, portfolio, tmp_path):
    """With --full-reports, a screened row is exactly the checkup of that profile (plus its row number)."""
    from zhice import Engine

    src, _ = portfolio
    out = tmp_path / "out.jsonl"
    screen([src], out, jobs=1, rulebooks=books, as_of=AS_OF, db=False, full_reports=True)
    engine = Engine(books)
    lines = _lines(out)
    for (row, prof), line in list(zip(read_profiles(src), lines))[:40]:
        assert line["row"] == row
        if isinstance(prof, Profile):
            expected = engine.checkup(prof, as_of=AS_OF, matcher="compiled").to_json_dict()
            assert {k: v for k, v in line.items() if k != "row"} == expected


def test_parallel_jobs_give_identical_output(books, portfolio, tmp_path):
    src, _ = portfolio
    screen([src], tmp_path / "one.jsonl", jobs=1, rulebooks=books, as_of=AS_OF, db=False, chunk_size=25)
    screen([src], tmp_path / "two.jsonl", jobs=2, rulebooks=books, as_of=AS_OF, db=False, chunk_size=25)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


@pytest.mark.parametrize("full_reports", [False, True])
def test_resume_after_interruption_gives_identical_output(books, portfolio, tmp_path, full_reports):
    src, _ = portfolio
    full = tmp_path / "full.jsonl"
    screen([src], full, jobs=1, rulebooks=books, as_of=AS_OF, chunk_size=50, full_reports=full_reports)
    out = tmp_path / "part.jsonl"
    with pytest.raises(ScreenInterrupted):
        screen([src], out, jobs=1, rulebooks=books, as_of=AS_OF, chunk_size=50, after_chunk=stop_after(2),
               full_reports=full_reports)
    assert not out.exists(), "an interrupted run must not leave a partial output"
    # a run that kept the other kind of line cannot be continued: this one starts over
    other = screen([src], tmp_path / "other.jsonl", jobs=1, rulebooks=books, as_of=AS_OF, chunk_size=50,
                   resume=True, db=default_db_path(out), full_reports=not full_reports)
    assert other.resumed == 0
    assert "那次没有保存" in " ".join(w.message for w in other.warnings)
    res = screen([src], out, jobs=1, rulebooks=books, as_of=AS_OF, chunk_size=50, resume=True,
                 full_reports=full_reports)
    assert res.resumed == 100
    assert res.rows_in == ROWS == res.rows_ok + res.rows_error
    assert out.read_bytes() == full.read_bytes()
    # resuming a finished run rewrites the output from the store and screens nothing
    out.unlink()
    again = screen([src], out, jobs=1, rulebooks=books, as_of=AS_OF, chunk_size=50, resume=True,
                   full_reports=full_reports)
    assert again.resumed == ROWS and out.read_bytes() == full.read_bytes()


WHY_NOT = {"zh": ("没有这份输入文件的运行记录", "第 2 次运行", f"那次的评估日期是 {AS_OF}，这次是 2027-01-01",
                  "输入文件此后改过", "评估日期"),
           "en": ("no earlier run of these input files", "run #2 ", f"it was as of {AS_OF}, this one is as of 2027-01-01",
                  "the input files have changed", "as of")}


def test_resume_that_cannot_continue_says_why_and_screens_from_the_start(books, portfolio, tmp_path, lang):
    src, _ = portfolio
    mine = tmp_path / "clients.csv"
    shutil.copy(src, mine)
    out = tmp_path / "o.csv"
    ref = tmp_path / "ref.csv"
    screen([mine], ref, jobs=1, rulebooks=books, as_of=AS_OF, db=False)

    def resumed(**kw) -> list:
        warned: list = []
        res = screen([mine], out, jobs=1, rulebooks=books, chunk_size=50, resume=True, on_warning=warned.append,
                     **{"as_of": AS_OF, **kw})
        rows = len(mine.read_text(encoding="utf-8").splitlines()) - 1
        assert res.resumed == 0 and res.rows_in == rows and [w for w in res.warnings if w in warned] == warned
        return [w for w in warned if w.code == "nothing-to-resume"]

    none, second, other_date, changed, date_word = WHY_NOT[lang]
    (w,) = resumed()
    assert none in w.message and w.file == str(default_db_path(out))
    assert out.read_bytes() == ref.read_bytes()
    out.unlink()
    with pytest.raises(ScreenInterrupted):                  # an interrupted run (#2) …
        screen([mine], out, jobs=1, rulebooks=books, as_of=AS_OF, chunk_size=50, after_chunk=stop_after(2))
    (w,) = resumed(as_of="2027-01-01")                      # … not continued on another date (run #3 ends)
    assert second in w.message and other_date in w.message
    mine.write_text(mine.read_text(encoding="utf-8") + "新客户公司,,浙江省\n", encoding="utf-8")
    (w,) = resumed()                                        # … nor once its input has changed
    assert second in w.message and changed in w.message
    assert date_word not in w.message


def test_resume_of_several_inputs_gives_identical_jsonl(books, portfolio, tmp_path):
    """Each line names its input; the workers write a stored row's line again with that name."""
    src, _ = portfolio
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("".join(lines[:90]), encoding="utf-8")
    b.write_text("".join(lines[:1] + lines[90:]), encoding="utf-8")
    full = tmp_path / "full.jsonl"
    screen([a, b], full, jobs=1, rulebooks=books, as_of=AS_OF, db=False)
    out = tmp_path / "part.jsonl"
    with pytest.raises(ScreenInterrupted):
        screen([a, b], out, jobs=2, rulebooks=books, as_of=AS_OF, chunk_size=30, after_chunk=stop_after(4))
    res = screen([a, b], out, jobs=2, rulebooks=books, as_of=AS_OF, chunk_size=30, resume=True)
    assert res.resumed == 120 and out.read_bytes() == full.read_bytes()
    assert {Path(json.loads(line)["input"]).name for line in out.read_text(encoding="utf-8").splitlines()} == {
        "a.csv", "b.csv"}


def test_resume_xlsx_output_and_store_keeps_summaries_only(books, portfolio, tmp_path):
    import sqlite3

    src, _ = portfolio
    full = tmp_path / "full.xlsx"
    screen([src], full, jobs=1, rulebooks=books, as_of=AS_OF, db=False)
    out = tmp_path / "part.xlsx"
    with pytest.raises(ScreenInterrupted):
        screen([src], out, jobs=1, rulebooks=books, as_of=AS_OF, chunk_size=70, after_chunk=stop_after(1))
    res = screen([src], out, jobs=2, rulebooks=books, as_of=AS_OF, chunk_size=70, resume=True)
    assert res.resumed == 70 and res.rows_in == ROWS

    def cells(path: Path) -> dict[str, list[tuple]]:
        wb = openpyxl.load_workbook(path, read_only=True)
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}

    assert cells(out) == cells(full)
    db = sqlite3.connect(str(out) + ".zhice.sqlite")
    assert db.execute("SELECT lines FROM runs").fetchall() == [(0,)]
    assert db.execute("SELECT COUNT(*) FROM results").fetchone() == (ROWS,)


@pytest.mark.parametrize("full_reports", [False, True])
def test_kill_9_then_resume(books, portfolio, tmp_path, full_reports):
    src, _ = portfolio
    out = tmp_path / "k.jsonl"
    args = ["screen", str(src), "--output", str(out), "--rulebooks", str(books),
            "--as-of", AS_OF, "--chunk-size", "40", "--jobs", "2"] + (["--full-reports"] if full_reports else [])
    cmd = [sys.executable, "-m", "zhice", *args]
    env = {**os.environ, "PYTHONPATH": str(REPO / "engine"), "ZHICE_NO_PROGRESS": "1"}
    killing = [sys.executable, "-c", _KILLED_SCREEN.format(chunks=3), *args]
    with (tmp_path / "killed.log").open("w") as log:   # a file, not a pipe: nothing may hold it open
        killed = subprocess.run(killing, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=300)
    assert killed.returncode == -signal.SIGKILL, (tmp_path / "killed.log").read_text()
    assert not out.exists()
    assert list(tmp_path.glob(".k.jsonl.*.tmp")), "the killed run's temporary output is left behind"
    resumed = subprocess.run(cmd + ["--resume"], env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert not list(tmp_path.glob(".k.jsonl.*")), "the next run removes temporary files of dead runs"
    assert "续跑：120 行" in resumed.stderr
    assert f"输入 {ROWS} 行 = " in resumed.stderr
    full = tmp_path / "full.jsonl"
    screen([src], full, jobs=1, rulebooks=books, as_of=AS_OF, db=False, full_reports=full_reports)
    assert out.read_bytes() == full.read_bytes()


def test_dask_equals_local(books, portfolio, tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask[distributed] not installed (pip install 'zhice[dask]')")
    src, _ = portfolio
    screen([src], tmp_path / "local.jsonl", jobs=1, rulebooks=books, as_of=AS_OF, db=False)
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        res = screen([src], tmp_path / "dask.jsonl", executor="dask", scheduler=client, rulebooks=books, as_of=AS_OF,
                     db=False, chunk_size=30)
        # a run interrupted locally, resumed on the cluster: its workers write the stored rows' lines again
        with pytest.raises(ScreenInterrupted):
            screen([src], tmp_path / "resumed.jsonl", jobs=1, rulebooks=books, as_of=AS_OF, chunk_size=30,
                   after_chunk=stop_after(3))
        resumed = screen([src], tmp_path / "resumed.jsonl", executor="dask", scheduler=client, rulebooks=books,
                         as_of=AS_OF, chunk_size=30, resume=True)
    assert res.rows_in == ROWS and resumed.resumed == 90
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert (tmp_path / "resumed.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_chinese_headers_in_bom_and_gb18030_csv(books, tmp_path, encoding):
    gen = _generator()
    plain = tmp_path / "plain.csv"
    chinese = tmp_path / f"zh-{encoding}.csv"
    gen.generate(40, plain, bad=0, seed=3)
    gen.generate(40, chinese, bad=0, seed=3, chinese=True, encoding=encoding)
    raw = chinese.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    a = screen([plain], tmp_path / "a.jsonl", jobs=1, rulebooks=books, as_of=AS_OF, db=False)
    b = screen([chinese], tmp_path / "b.jsonl", jobs=1, rulebooks=books, as_of=AS_OF, db=False)
    assert a.rows_error == b.rows_error == 0 and not b.warnings
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8") == (tmp_path / "b.jsonl").read_text(encoding="utf-8")
    names = [line["profile"]["name"] for line in _lines(tmp_path / "b.jsonl")]
    assert all("有限公司" in n for n in names)


def test_unknown_column_is_a_warning_with_suggestion_and_rows_are_kept(books, tmp_path):
    src = tmp_path / "c.csv"
    src.write_text("企业名称,有效发明专利,注册省份\n甲公司,3,浙江省\n乙公司,1,浙江省\n", encoding="utf-8")
    seen = []
    res = screen([src], tmp_path / "o.jsonl", jobs=1, rulebooks=books, as_of=AS_OF, db=False, on_warning=seen.append)
    assert res.rows_ok == 2 and res.rows_error == 0
    assert len(res.warnings) == 1 and len(seen) == 1
    w = res.warnings[0]
    assert w.code == "unknown-column" and "有效发明专利数" in (w.hint or "")
    demo = [p for p in _lines(tmp_path / "o.jsonl")[0]["programs"] if p["id"] == "screen_demo"][0]
    assert "invention_patents" in demo["unknown"], "an ignored column must leave the field unknown, never zero"


def test_formula_cells_are_neutralised_in_csv_and_xlsx(books, tmp_path):
    src = tmp_path / "evil.csv"
    rows = ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3", "@SUM(A1)", "正常公司"]
    src.write_text("enterprise.name,enterprise.province,ip.invention_patents\n"
                   + "".join(f"\"{n.replace(chr(34), chr(34) * 2)}\",浙江省,1\n" for n in rows), encoding="utf-8")
    screen([src], tmp_path / "o.csv", jobs=1, rulebooks=books, as_of=AS_OF, db=False, codes=True)   # code headers (the default is Chinese)
    screen([src], tmp_path / "o.xlsx", jobs=1, rulebooks=books, as_of=AS_OF, db=False)
    with (tmp_path / "o.csv").open(encoding="utf-8-sig", newline="") as fh:
        names = [r["name"] for r in csv.DictReader(fh)]
    assert names == ["'" + n for n in rows[:4]] + ["正常公司"]
    wb = openpyxl.load_workbook(tmp_path / "o.xlsx")
    ws = wb["客户"]
    col = [c.value for c in ws[1]].index("企业名称") + 1
    cells = [ws.cell(row=r, column=col) for r in range(2, 2 + len(rows))]
    assert [c.value for c in cells] == ["'" + n for n in rows[:4]] + ["正常公司"]
    assert all(c.data_type != "f" for c in cells)
    assert neutralise(-3) == -3 and neutralise("a=b") == "a=b"


def test_xlsx_output_reads_back(books, portfolio, tmp_path):
    src, bad = portfolio
    out = tmp_path / "o.xlsx"
    res = screen([src], out, jobs=1, rulebooks=books, as_of=AS_OF, db=False, near=1)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["客户", "项目汇总", "线索", "错误"]
    clients, summary, leads, errors = (wb[n] for n in wb.sheetnames)
    assert clients.max_row - 1 + errors.max_row - 1 == ROWS
    assert errors.max_row - 1 == len(bad)
    assert sorted(r[0] for r in errors.iter_rows(min_row=2, values_only=True)) == sorted(b["row"] for b in bad)
    for ws in (clients, summary, leads, errors):
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    head = [c.value for c in clients[1]]
    assert head[:3] == ["行号", "企业名称", "统一社会信用代码"] and "筛查测试项目 结论" in head
    srow = [c.value for c in summary[2]]
    assert srow[0] == "screen_demo" and sum(srow[2:7]) == res.rows_ok
    lead_rows = list(leads.iter_rows(min_row=2, values_only=True))
    assert len(lead_rows) == res.leads > 0
    assert all(r[5] == 1 and r[6] for r in lead_rows)   # one unmet criterion, named
    assert srow[7] == len(lead_rows)
    # formatted for people: status cells coloured by status, Chinese-width columns, a summary chart
    rules = [r for cf in clients.conditional_formatting for r in cf.rules]
    assert {r.formula[0].strip('"') for r in rules} >= {"符合", "存在差距", "信息不足", "不适用", "已获得"}
    assert len({r.dxf.fill.fgColor.rgb for r in rules}) == len(rules)
    assert clients.column_dimensions["B"].width >= 20
    (chart,) = summary._charts
    assert chart.grouping == "stacked" and len(chart.series) == 5


def test_csv_output_one_row_per_client(books, portfolio, tmp_path):
    src, bad = portfolio
    screen([src], tmp_path / "o.csv", jobs=1, rulebooks=books, as_of=AS_OF, db=False, codes=True)   # code headers (the default is Chinese)
    with (tmp_path / "o.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == ROWS
    assert {int(r["row"]) for r in rows if r["error"]} == {b["row"] for b in bad}
    ok = [r for r in rows if not r["error"]]
    assert all(r["screen_demo.status"] in {"eligible", "gap", "not_applicable", "insufficient_data", "achieved"}
               for r in ok)


def test_cli_counts_and_strict(books, portfolio, tmp_path):
    from zhice.cli import cli

    src, bad = portfolio
    runner = CliRunner()
    out = tmp_path / "o.jsonl"
    r = runner.invoke(cli, ["screen", str(src), "-o", str(out), "--rulebooks", str(books), "--as-of", AS_OF, "-j", "1"])
    assert r.exit_code == 0, r.output
    assert f"输入 {ROWS} 行 = 结果 {ROWS - len(bad)} + 错误 {len(bad)}" in r.stderr
    strict_out = tmp_path / "s.jsonl"
    r = runner.invoke(cli, ["screen", str(src), "-o", str(strict_out), "--rulebooks", str(books), "--as-of", AS_OF,
                            "-j", "1", "--strict", "--no-db"])
    assert r.exit_code == 2
    # named by its line in the file, as a spreadsheet numbers it (the header is line 1)
    assert f":{bad[0]['row'] + 1}" in r.stderr or f"第 {bad[0]['row'] + 1} 行" in r.stderr
    assert not strict_out.exists()
    r = runner.invoke(cli, ["screen", str(src), "-o", str(tmp_path / "o.pdf"), "--rulebooks", str(books)])
    assert r.exit_code == 2 and "unknown-output" in r.stderr


def test_changes_against_previous_run(books, tmp_path):
    src = tmp_path / "c.csv"
    db = tmp_path / "h.sqlite"
    src.write_text("企业名称,统一社会信用代码,注册省份,有效发明专利数\n甲公司,91350100M000100Y43,浙江省,1\n乙公司,,浙江省,5\n",
                   encoding="utf-8")
    first = screen([src], tmp_path / "o.jsonl", jobs=1, rulebooks=books, as_of=AS_OF, db=db)
    assert first.previous_run is None
    src.write_text("企业名称,统一社会信用代码,注册省份,有效发明专利数\n甲公司,91350100M000100Y43,江苏省,1\n乙公司,,浙江省,5\n",
                   encoding="utf-8")
    second = screen([src], tmp_path / "o.jsonl", jobs=1, rulebooks=books, as_of=AS_OF, db=db)
    assert second.previous_run and second.previous_run["id"] == first.run_id
    assert second.changes == [{"client": "91350100M000100Y43", "program": "screen_demo",
                               "before": first_status(tmp_path, db, first.run_id), "after": "not_applicable"}]


def _changes_as_before(store, run_id: int, previous: int) -> list[dict]:
    """The change report as it was first written: every status of both runs loaded, compared in Python."""
    old = dict(store.statuses(previous))
    out: list[dict] = []
    for key, now in store.statuses(run_id):
        before = old.get(key)
        if before is None:
            out.append({"client": key, "program": None, "before": None, "after": "new"})
            continue
        for pid in sorted(set(now) | set(before)):
            a, b = (before.get(pid) or [None])[0], (now.get(pid) or [None])[0]
            if a != b:
                out.append({"client": key, "program": pid, "before": a, "after": b})
    return out


def test_the_change_report_is_streamed_from_the_store_and_agrees_with_comparing_every_row(
        catalog_portfolio, tmp_path, monkeypatch):
    """Rules that expire change many statuses: the report pairs rows by client in SQLite and
    decodes only rows whose status digests differ; rows without a digest (older stores) are
    compared too. The result lists the first CHANGES_KEPT; `--changes` prints them all."""
    import sqlite3

    from zhice.batch import screen as screen_mod
    from zhice.batch.store import Store
    from zhice.cli import cli

    src, db = tmp_path / "clients.csv", tmp_path / "h.sqlite"
    rows = catalog_portfolio.read_text(encoding="utf-8").splitlines(keepends=True)
    src.write_text("".join(rows[:120]), encoding="utf-8")
    first = screen([src], tmp_path / "a.csv", jobs=1, as_of=AS_OF, db=db)
    # the second run: 10 clients fewer, 10 more (new), a client twice, and a later date
    src.write_text("".join(rows[:1] + rows[11:] + rows[5:6]), encoding="utf-8")
    monkeypatch.setattr(screen_mod, "CHANGES_KEPT", 7)
    second = screen([src], tmp_path / "a.csv", jobs=2, as_of="2031-01-01", db=db)
    with Store(db) as store:
        want = _changes_as_before(store, second.run_id, first.run_id)
        assert list(store.changes(second.run_id, first.run_id)) == want
    assert len(want) > 100 and sum(c["after"] == "new" for c in want) >= 10
    assert second.change_count == len(want) and second.changes == want[:7]
    assert second.changed_clients == len({c["client"] for c in want})
    with sqlite3.connect(db) as con:                      # a store written before the digests
        con.execute("UPDATE results SET sig = NULL WHERE seq % 3 = 0")
    with Store(db) as store:
        assert list(store.changes(second.run_id, first.run_id)) == want
    # the CLI prints every change, from the store; the same input screened again changes nothing
    r = CliRunner().invoke(cli, ["screen", str(src), "-o", str(tmp_path / "b.csv"), "--db", str(db),
                                 "--as-of", "2031-01-01", "--changes", "--jobs", "1"])
    assert r.exit_code == 0, r.stderr
    assert "：0 家客户的结论有变化（0 处）" in r.stderr
    r = CliRunner().invoke(cli, ["screen", str(src), "-o", str(tmp_path / "c.csv"), "--db", str(db),
                                 "--as-of", AS_OF, "--changes", "--jobs", "1"])
    listed = [line for line in r.stderr.splitlines() if line.startswith("  ") and " → " in line]
    assert r.exit_code == 0 and len(listed) > 7


def first_status(tmp_path: Path, db: Path, run_id: int) -> str:
    from zhice.batch.store import Store

    with Store(db) as store:
        return dict(store.statuses(run_id))["91350100M000100Y43"]["screen_demo"][0]


def test_keep_runs_prunes_the_earlier_runs_of_the_same_inputs_only(books, portfolio, tmp_path):
    import sqlite3

    from zhice.cli import cli

    src, _ = portfolio
    other = tmp_path / "other.csv"
    shutil.copy(src, other)
    db, out = tmp_path / "h.sqlite", tmp_path / "o.csv"
    screen([other], tmp_path / "x.csv", jobs=1, rulebooks=books, as_of=AS_OF, db=db)             # run 1
    pruned = [screen([src], out, jobs=1, rulebooks=books, as_of=day, db=db, keep_runs=2).pruned      # runs 2-4
              for day in (AS_OF, "2026-12-01", "2027-01-01")]
    assert pruned == [0, 0, 1]
    with sqlite3.connect(db) as con:
        runs = [r[0] for r in con.execute("SELECT id FROM runs ORDER BY id")]
        kept = dict(con.execute("SELECT run_id, COUNT(*) FROM results GROUP BY run_id"))
    assert runs == [1, 3, 4] and kept == {1: ROWS, 3: ROWS, 4: ROWS}
    r = CliRunner().invoke(cli, ["screen", str(src), "-o", str(out), "--rulebooks", str(books), "--as-of", AS_OF,
                                 "-j", "1", "--db", str(db), "--keep-runs", "2", "--changes"])
    assert r.exit_code == 0, r.output
    assert "删除了 1 次较早的运行" in r.stderr and "与上次运行 #4" in r.stderr      # compared before pruning
    r = CliRunner().invoke(cli, ["screen", str(src), "-o", str(out), "--db", str(db), "--keep-runs", "1"])
    assert r.exit_code == 2 and "--keep-runs" in r.output


def test_jsonl_folder_and_xlsx_inputs(books, tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    for p in sorted((REPO / "profiles" / "examples").glob("*.yaml"))[:3]:
        shutil.copy(p, folder / p.name)
    (folder / "zz_broken.yaml").write_text("enterprise:\n  name: 坏\n  employees: many\n", encoding="utf-8")
    jl = tmp_path / "c.jsonl"
    jl.write_text(json.dumps({"enterprise": {"name": "甲", "province": "浙江省"}, "ip": {"invention_patents": 2}},
                             ensure_ascii=False) + "\n\n"
                  + json.dumps({"enterprise.name": "乙", "ip.invention_patents": "3"}, ensure_ascii=False) + "\n"
                  + "{not json\n", encoding="utf-8")
    xl = tmp_path / "c.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "注册省份", "有效发明专利数", "成立日期"])
    ws.append(["丙公司", "浙江省", 4, __import__("datetime").datetime(2015, 3, 1)])
    ws.append([None, None, None, None])
    ws.append(["丁公司", "浙江省", "两件", None])
    wb.save(xl)
    out = tmp_path / "o.jsonl"
    res = screen([folder, jl, xl], out, jobs=1, rulebooks=books, as_of=AS_OF, db=False)
    lines = _lines(out)
    assert res.rows_in == len(lines) == 4 + 3 + 2
    assert [(Path(d["input"]).name, d["row"], "error" in d) for d in lines] == [
        ("profiles", 1, False), ("profiles", 2, False), ("profiles", 3, False), ("profiles", 4, True),
        ("c.jsonl", 1, False), ("c.jsonl", 2, False), ("c.jsonl", 3, True),
        ("c.xlsx", 1, False), ("c.xlsx", 3, True)]
    assert lines[3]["error"]["path"] == "enterprise.employees" and lines[3]["error"]["file"].endswith("zz_broken.yaml")
    assert lines[8]["error"]["path"] == "ip.invention_patents"


def test_unreadable_inputs_are_usage_errors(books, tmp_path):
    with pytest.raises(UsageError):
        screen([tmp_path / "missing.csv"], tmp_path / "o.jsonl", rulebooks=books, db=False)
    odd = tmp_path / "c.parquet"
    odd.write_bytes(b"PAR1")
    with pytest.raises(UsageError):
        screen([odd], tmp_path / "o.jsonl", rulebooks=books, db=False)
    bad = tmp_path / "b.csv"
    bad.write_text("enterprise.name,ip.invention_patents\n甲,x\n", encoding="utf-8")
    with pytest.raises(ProfileError):
        screen([bad], tmp_path / "o.jsonl", rulebooks=books, db=False, strict=True)


def test_a_title_above_the_header_is_reported_and_the_clients_below_it_are_read(books, tmp_path):
    src = tmp_path / "c.csv"
    src.write_text("客户名单（2026 年 11 月）,,\n\n企业名称,统一社会信用代码,有效发明专利数\n甲公司,,3\n乙公司,,1,多出的格\n"
                   "丙公司,,2\n", encoding="utf-8")
    warned: list = []
    res = screen([src], tmp_path / "o.jsonl", jobs=1, rulebooks=books, as_of=AS_OF, db=False,
                 on_warning=warned.append)
    lines = _lines(tmp_path / "o.jsonl")
    assert [d["row"] for d in lines] == [1, 2, 3] and res.rows_ok == 2
    assert [lines[0]["profile"]["name"], lines[2]["profile"]["name"]] == ["甲公司", "丙公司"]
    assert lines[1]["error"]["code"] == "extra-cells" and lines[1]["error"]["line"] == 5    # its line in the file
    (w,) = [w for w in warned if w.code == "header-row"]
    assert w.line == 3 and "表头在第 3 行" in w.message and w.file == str(src)
    assert not [w for w in warned if w.code == "no-name-column"]


def test_an_xlsx_read_from_the_sheet_with_the_header_below_a_title(books, tmp_path):
    src = tmp_path / "c.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表为客户名单，请勿修改表头"])
    ws = wb.create_sheet("名单")
    for r in ([], ["2026 年客户名单"], ["企业名称", "统一社会信用代码", "有效发明专利数"], ["甲公司", None, 3],
              ["乙公司", None, "many"], [], ["丙公司", None, 1]):
        ws.append(r)
    wb.save(src)
    warned: list = []
    res = screen([src], tmp_path / "o.jsonl", jobs=1, rulebooks=books, as_of=AS_OF, db=False,
                 on_warning=warned.append)
    lines = _lines(tmp_path / "o.jsonl")
    assert [d["row"] for d in lines] == [1, 2, 4] and res.rows_ok == 2 and res.rows_error == 1
    assert lines[1]["error"]["path"] == "ip.invention_patents"
    assert {w.code for w in warned} == {"sheet", "header-row"}
    assert "工作表“名单”" in next(w for w in warned if w.code == "sheet").message


def test_a_csv_row_that_cannot_be_parsed_is_an_error_row_and_the_rows_after_it_are_screened(books, tmp_path):
    src = tmp_path / "c.csv"
    src.write_text("企业名称,有效发明专利数\n甲公司,1\n乙公司," + "9" * 200_000 + "\n丙公司,2\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    res = screen([src], out, jobs=1, rulebooks=books, as_of=AS_OF, db=False)
    lines = _lines(out)
    assert res.rows_in == 3 == len(lines) and res.rows_error == 1
    assert [d["row"] for d in lines] == [1, 2, 3]
    err = lines[1]["error"]
    assert err["code"] == "bad-csv" and err["line"] == 3 and "field limit" in err["message"]
    assert "多余的引号" in err["hint"]
    assert lines[2]["profile"]["name"] == "丙公司"


# ---- the lean path (CSV / XLSX outputs) gives what the full reports say --------------------------

@pytest.fixture(scope="module")
def catalog_portfolio(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("catalog") / "clients.csv"
    _generator().generate(150, path, bad=0.02, missing=0.15, seed=11)
    return path


@pytest.mark.parametrize("near", [1, 2])
def test_lean_csv_and_leads_equal_the_full_reports(catalog_portfolio, tmp_path, near):
    """CSV/XLSX rows come from Engine.assess (statuses and gap counts only, gap texts for the
    leads); they must say exactly what the full checkup reports of the JSONL output say."""
    src = catalog_portfolio
    screen([src], tmp_path / "full.jsonl", jobs=1, as_of=AS_OF, db=False, near=near, full_reports=True)
    screen([src], tmp_path / "lean.csv", jobs=1, as_of=AS_OF, db=False, near=near, codes=True)   # code headers (the default is Chinese)
    res = screen([src], tmp_path / "lean.xlsx", jobs=1, as_of=AS_OF, db=False, near=near)
    lines = _lines(tmp_path / "full.jsonl")
    with (tmp_path / "lean.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(lines) == 150
    expected_leads = []
    for line, row in zip(lines, rows):
        assert int(row["row"]) == line["row"]
        if "error" in line:
            assert row["error"]
            continue
        for prog in line["programs"]:
            unmet = [c for c in prog["criteria"] if c["status"] == "unmet"]
            assert row[f"{prog['id']}.status"] == prog["status"]
            assert int(row[f"{prog['id']}.gaps"]) == len(unmet)
            if prog["status"] == "gap" and 0 < len(unmet) <= near:
                expected_leads.append((line["row"], prog["id"], "；".join(c["title"] for c in unmet),
                                       "；".join(c["gap"] for c in unmet if c["gap"])))
    leads = openpyxl.load_workbook(tmp_path / "lean.xlsx")["线索"]
    head = [c.value for c in leads[1]]
    got = [dict(zip(head, r)) for r in leads.iter_rows(min_row=2, values_only=True)]
    assert res.leads > 0 and got
    assert sorted((r["行号"], r["项目编号"], r["缺少的条件"], r["差距说明"]) for r in got) == sorted(expected_leads)


def test_resume_needs_a_run_whose_leads_cover_near(catalog_portfolio, tmp_path):
    """An XLSX run keeps gap texts only for gaps of at most --near (its leads sheet); a later
    --resume asking for more must screen again instead of reusing it. CSV needs no gap texts."""
    src, db = catalog_portfolio, tmp_path / "h.sqlite"
    screen([src], tmp_path / "a.xlsx", jobs=1, as_of=AS_OF, db=db, near=1)
    assert screen([src], tmp_path / "b.xlsx", jobs=1, as_of=AS_OF, db=db, near=1, resume=True).resumed == 150
    assert screen([src], tmp_path / "c.xlsx", jobs=1, as_of=AS_OF, db=db, near=3, resume=True).resumed == 0
    assert screen([src], tmp_path / "d.xlsx", jobs=1, as_of=AS_OF, db=db, near=2, resume=True).resumed == 150
    assert screen([src], tmp_path / "e.csv", jobs=1, as_of=AS_OF, db=db, near=5, resume=True).resumed == 150
    csv_db = tmp_path / "csv.sqlite"
    screen([src], tmp_path / "f.csv", jobs=1, as_of=AS_OF, db=csv_db, near=1)
    assert screen([src], tmp_path / "g.xlsx", jobs=1, as_of=AS_OF, db=csv_db, near=1, resume=True).resumed == 0


def test_jsonl_resume_writes_the_catalogs_reports_again_from_stored_findings(catalog_portfolio, tmp_path):
    """With the whole catalog, the store keeps a JSONL row's findings, not its ~230 KB line, and a
    resumed run writes the same bytes from them (zhice.batch.packing)."""
    import sqlite3

    src = catalog_portfolio
    full = tmp_path / "full.jsonl"
    screen([src], full, jobs=1, as_of=AS_OF, db=False, full_reports=True)
    out = tmp_path / "part.jsonl"
    with pytest.raises(ScreenInterrupted):
        screen([src], out, jobs=2, as_of=AS_OF, chunk_size=40, after_chunk=stop_after(2), full_reports=True)
    with sqlite3.connect(default_db_path(out)) as db:
        kinds = {bytes(blob[:1]) for (blob,) in db.execute("SELECT line FROM results WHERE error IS NULL")}
        errors = {bytes(blob[:1]) for (blob,) in db.execute("SELECT line FROM results WHERE error IS NOT NULL")}
    assert kinds == {b"F"} and errors <= {b"L"}
    res = screen([src], out, jobs=2, as_of=AS_OF, chunk_size=40, resume=True, full_reports=True)
    assert res.resumed == 80 and res.rows_in == 150
    assert out.read_bytes() == full.read_bytes()


_TRICKY = ["", " ", "3", " 3 ", "3.0", "-1", "1,000", "1_000", "12.5", "12.5%", "50万元", "5件", "nan", "inf", "1e3",
           "是", "否", "yes", "NO", " true ", "不知道", "unknown", "-", "—", "none", "~", "２", "US, jp", "2021-03-15",
           "2021/3/15", "certified_2023", "implementing", " implementing", "manufacturing", "x"]


@pytest.mark.parametrize("path", sorted(__import__("zhice.profile", fromlist=["FIELDS"]).FIELDS))
def test_fast_cell_typing_agrees_with_parse_value(path):
    """The reader's fast path types a cell only when parse_value would give the same value."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from zhice.batch.readers import SLOW, fast_value
    from zhice.profile import FIELDS, parse_value

    spec = FIELDS[path]
    cells = st.one_of(st.sampled_from(_TRICKY + list(spec.choices)), st.text(max_size=6),
                      st.integers(-10**6, 10**6).map(str), st.floats(allow_nan=False, width=32).map(repr))

    @settings(max_examples=60, deadline=None)
    @given(cells)
    def check(cell: str) -> None:
        fast = fast_value(spec.type, frozenset(spec.choices), cell)
        if fast is SLOW:
            return
        slow = parse_value(path, cell)
        same = fast == slow or (fast != fast and slow != slow)     # nan is nan
        assert same and type(fast) is type(slow), (cell, fast, slow)

    check()


def test_xlsx_streamed_rows_are_well_formed_and_escaped(books, tmp_path):
    """Rows spliced into the workbook as SpreadsheetML: markup characters escaped, characters
    XML cannot hold dropped, numbers as numbers, every part well-formed, dimensions right."""
    import zipfile
    from xml.etree import ElementTree

    src = tmp_path / "in.csv"
    src.write_text("enterprise.name,ip.invention_patents,enterprise.province\n"
                   "A&B <公司> \x01有限,3,浙江\n=HYPERLINK(\"x\"),2,浙江\n", encoding="utf-8")
    out = tmp_path / "o.xlsx"
    res = screen([src], out, jobs=1, rulebooks=books, as_of=AS_OF, db=False)
    assert res.rows_ok == 2, res.errors
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                ElementTree.fromstring(z.read(name))          # raises if not well-formed
        sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    for xml in sheets:          # every row numbered, in order, from the header on (readers that need `r`)
        numbers = [int(n) for n in re.findall(r'<row r="(\d+)"', xml)]
        assert numbers == list(range(1, len(numbers) + 1)) and len(re.findall(r"<row[\s/>]", xml)) == len(numbers)
    dims = re.findall(r'<dimension ref="([^"]*)"', sheet1)
    assert len(dims) <= 1 and all(d.endswith("3") for d in dims)     # none, or rows 1–3
    ws = openpyxl.load_workbook(out)["客户"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [1, 2] and isinstance(rows[0][0], int)
    assert rows[0][1] == "A&B <公司> 有限"
    assert rows[1][1] == "'=HYPERLINK(\"x\")"


def test_a_sheet_past_the_row_limit_goes_on_in_sheets_beside_it(books, portfolio, tmp_path, monkeypatch):
    """A spreadsheet holds 1,048,576 rows a sheet; a bigger portfolio's clients or leads go on in
    "客户 (2)" …, each a whole sheet (header, frozen, filtered, numbered), every row once, in order.
    The limit is lowered here to 40 rows so 300 clients cross it."""
    import zipfile

    import zhice.batch.writers as writers

    src, _ = portfolio
    whole, split = tmp_path / "whole.xlsx", tmp_path / "split.xlsx"
    screen([src], whole, jobs=1, rulebooks=books, as_of=AS_OF, db=False, near=1)
    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 40)
    screen([src], split, jobs=2, rulebooks=books, as_of=AS_OF, db=False, near=1, chunk_size=64)
    one, many = openpyxl.load_workbook(whole), openpyxl.load_workbook(split)
    assert one.sheetnames == ["客户", "项目汇总", "线索", "错误"]
    assert many.sheetnames[:9] == ["客户"] + [f"客户 ({i})" for i in range(2, 9)] + ["项目汇总"]
    assert many.sheetnames[-1] == "错误" and "线索 (2)" in many.sheetnames
    for base in ("客户", "线索", "错误"):
        family = [many[t] for t in many.sheetnames if t == base or t.startswith(f"{base} (")]
        rows = [r for ws in family for r in ws.iter_rows(min_row=2, values_only=True)]
        assert rows == list(one[base].iter_rows(min_row=2, values_only=True)) and rows
        for ws in family:
            assert [c.value for c in ws[1]] == [c.value for c in one[base][1]]
            assert 2 <= ws.max_row <= 40 and ws.freeze_panes == "A2"
            assert re.fullmatch(rf"A1:[A-Z]+{ws.max_row}", ws.auto_filter.ref)     # the filter spans its rows
        assert all(ws.max_row == 40 for ws in family[:-1])      # full sheets, then the rest
    for title in many.sheetnames:
        if title.startswith("客户"):
            rules = [r for cf in many[title].conditional_formatting for r in cf.rules]
            assert {r.formula[0].strip('"') for r in rules} >= {"符合", "存在差距", "不适用"}
    assert [c.value for c in many["项目汇总"][2]] == [c.value for c in one["项目汇总"][2]]
    with zipfile.ZipFile(split) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                numbers = [int(n) for n in re.findall(r'<row r="(\d+)"', z.read(name).decode())]
                assert numbers == list(range(1, len(numbers) + 1))


def test_counts_added_up_over_chunks_and_processes(books, portfolio, tmp_path):
    """Each worker counts its own chunks; added up they are the counts of the whole output."""
    src, _ = portfolio
    one = screen([src], tmp_path / "a.xlsx", jobs=1, rulebooks=books, as_of=AS_OF, db=False, chunk_size=10_000)
    many = screen([src], tmp_path / "b.xlsx", jobs=2, rulebooks=books, as_of=AS_OF, db=False, chunk_size=7)
    assert many.status_counts == one.status_counts and many.leads == one.leads > 0
    wb = openpyxl.load_workbook(tmp_path / "b.xlsx")
    clients = list(wb["客户"].iter_rows(min_row=2, values_only=True))
    head = [c.value for c in wb["客户"][1]]
    for prow in wb["项目汇总"].iter_rows(min_row=2, values_only=True):
        col = head.index(f"{prow[1]} 结论")
        labels = [r[col] for r in clients]
        assert list(prow[2:7]) == [labels.count(STATUS_LABELS[s]) for s in STATUS_ORDER]
    assert len(list(wb["线索"].iter_rows(min_row=2))) == many.leads


# ---- the output or the store cannot be written: a clear error, nothing half-written, resumable ------

def _file_size_limit(limit: int):
    """``preexec_fn``: no file the run writes may grow past ``limit`` bytes — a disk filling up midway."""
    import resource

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit then fails (EFBIG), not the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file-size limits")
@pytest.mark.parametrize("fmt, fails, code", [("jsonl", "output", "cannot-write"),   # the output outgrows the store
                                              ("csv", "store", "history-store")])  # the store outgrows the output
def test_a_write_failing_midway_is_named_leaves_nothing_half_written_and_resumes(books, portfolio, tmp_path,
                                                                                fmt, fails, code):
    src, _ = portfolio
    ref, ref_db = tmp_path / f"ref.{fmt}", tmp_path / "ref.sqlite"
    full = fmt == "jsonl"       # whole reports: the output grows faster than the store
    screen([src], ref, jobs=1, rulebooks=books, as_of=AS_OF, db=ref_db, chunk_size=40, full_reports=full)
    out = tmp_path / f"o.{fmt}"
    db = default_db_path(out)
    # past half the JSONL output; for CSV, past ~2/3 of the store's write-ahead log (~1 KB a row, while
    # the store file itself ends at ~0.3 KB a row and the CSV output at ~0.07 KB)
    limit = ref.stat().st_size // 2 if fails == "output" else ref_db.stat().st_size * 2
    cmd = [sys.executable, "-m", "zhice", "screen", str(src), "--output", str(out), "--rulebooks", str(books),
           "--as-of", AS_OF, "--chunk-size", "40", "--jobs", "2"] + (["--full-reports"] if full else [])
    env = {**os.environ, "PYTHONPATH": str(REPO / "engine"), "ZHICE_NO_PROGRESS": "1"}
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, preexec_fn=_file_size_limit(limit))
    assert r.returncode == 2, r.stderr
    failed = out if fails == "output" else db
    assert f"{failed}: {code}:" in r.stderr, r.stderr
    assert "this is a bug" not in r.stderr and "Traceback" not in r.stderr
    assert "--resume" in r.stderr                 # how to go on: the rows committed so far are kept
    assert not out.exists() and not list(tmp_path.glob(f".o.{fmt}.*")), "no partial output is left"
    resumed = subprocess.run(cmd + ["--resume"], env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert re.search(r"续跑：[1-9]\d* 行", resumed.stderr), resumed.stderr
    assert out.read_bytes() == ref.read_bytes()


@pytest.mark.parametrize("case", ["output is a folder", "output under a file", "store is a folder",
                                  "store is not a store"])
def test_paths_that_cannot_be_written_are_named_with_a_fix(books, portfolio, tmp_path, case):
    from zhice.cli import cli

    src, _ = portfolio
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a store\n", encoding="utf-8")
    out, store = tmp_path / "o.csv", ["--no-db"]
    named, code, hint = out, "cannot-write", "that path is a folder"
    if case == "output is a folder":
        out.mkdir()
    elif case == "output under a file":
        out = named = a_file / "o.csv"
        hint = "stands where a folder is needed"
    elif case == "store is a folder":
        store, named, code = ["--db", str(tmp_path)], tmp_path, "history-store"
    else:
        store, named, code, hint = ["--db", str(a_file)], a_file, "history-store", "not a zhice history store"
    r = CliRunner().invoke(cli, ["screen", str(src), "-o", str(out), "--rulebooks", str(books), "--as-of", AS_OF,
                                 "-j", "1", *store])
    assert r.exit_code == 2, r.output
    assert f"{named}: {code}:" in r.stderr and hint in r.stderr, r.stderr
    assert a_file.read_text(encoding="utf-8") == "not a store\n"


def test_a_run_that_will_not_fit_on_the_disk_is_warned_after_its_first_chunk(books, portfolio, tmp_path,
                                                                           monkeypatch):
    src, _ = portfolio
    warned: list = []
    res = screen([src], tmp_path / "roomy.jsonl", jobs=1, rulebooks=books, as_of=AS_OF, chunk_size=40,
                 on_warning=warned.append)
    assert not [w for w in warned + res.warnings if w.code == "disk-space"]
    full = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: full._replace(free=1000))
    out = tmp_path / "tight.jsonl"
    res = screen([src], out, jobs=1, rulebooks=books, as_of=AS_OF, chunk_size=40, on_warning=warned.append)
    space = [w for w in warned if w.code == "disk-space"]
    assert len(space) == 1 and space == [w for w in res.warnings if w.code == "disk-space"]
    assert space[0].file == str(out)
    assert f"剩下的 {ROWS - 40:,} 行约需" in space[0].message
    assert "只剩 1,000 B" in space[0].message and "JSONL 每行是一份完整报告" in space[0].hint
    assert res.rows_in == ROWS and out.exists()         # a warning: the run goes on


def test_xlsx_sheets_print_the_header_on_every_page(books, portfolio, tmp_path):
    """(Each sheet's page setup, orientation, scale and repeated columns: tests/test_writers_workbook.py.)"""
    src, _ = portfolio
    out = tmp_path / "p.xlsx"
    screen([src], out, jobs=1, rulebooks=books, as_of=AS_OF, db=False)
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref, ws.title
