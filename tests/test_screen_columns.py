"""Columnar screening into CSV leaves the decided rows as columns: the CSV lines, the status
digests and what the history store keeps are built over columns (no RowResult a row), and are
byte for byte what the row path gives — the output, the store's rows and their digests, with
names that need quoting or neutralising, several inputs, and rows that travel to worker
processes packed as columns (TableRows).
"""

from __future__ import annotations

import csv
import random
import sqlite3

import polars as pl
import pytest

from zhice.batch.executors import status_sig, status_sigs
from zhice.batch.model import DecidedRows
from zhice.batch.readers import Header, Record, open_input
from zhice.batch.rows import csv_quote
from zhice.batch.screen import ScreenOptions, screen
from zhice.batch.table_rows import TableRows

from conftest import AS_OF, bench_generator


def _portfolio(tmp_path, name: str = "clients.csv", rows: int = 300, seed: int = 5):
    src = tmp_path / name
    bench_generator().generate(rows, src, bad=0.03, missing=0.2, seed=seed)
    return src


def _stored(db) -> tuple[list[tuple], list[tuple]]:
    with sqlite3.connect(db) as con:
        results = con.execute("SELECT seq, row, input, client_key, statuses, error, line, sig FROM results "
                              "ORDER BY seq").fetchall()
        runs = con.execute("SELECT programs, rows_in, rows_ok, rows_error FROM runs").fetchall()
    return results, runs


@pytest.mark.parametrize("jobs", [1, 2])
def test_csv_rows_and_store_rows_over_columns_equal_the_row_path(tmp_path, monkeypatch, jobs) -> None:
    from zhice.batch import screen as screen_module

    monkeypatch.setattr(screen_module, "COLUMNAR_POOL_ROWS", 0)      # worker processes even for a small input
    inputs = [_portfolio(tmp_path, "a.csv", 260, 5), _portfolio(tmp_path, "b.csv", 140, 6)]
    got = {}
    for matcher in ("compiled", "columnar"):
        out = tmp_path / f"{matcher}.csv"
        res = screen(inputs, out, ScreenOptions(jobs=jobs, as_of=AS_OF, db=tmp_path / f"{matcher}.sqlite",
                                                matcher=matcher, chunk_size=70))
        got[matcher] = (res, out.read_bytes(), _stored(tmp_path / f"{matcher}.sqlite"))
    (a, out_a, store_a), (b, out_b, store_b) = got["compiled"], got["columnar"]
    assert b.rows_in == 400 and a.rows_in == b.rows_in and a.rows_error == b.rows_error > 0
    assert (a.errors, a.status_counts, a.leads) == (b.errors, b.status_counts, b.leads)
    assert out_a == out_b
    assert store_a == store_b
    assert len(store_b[0]) == 400


def test_names_that_need_quoting_or_neutralising_are_written_as_the_csv_writer_writes_them(tmp_path) -> None:
    rng = random.Random(18)
    pieces = ["企业", "a", ",", '"', "=", "+", "-", "@", " ", "'", ";", "，", "\t"]
    src = _portfolio(tmp_path, rows=200)
    with src.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("enterprise.name")
    for row in rows[1:]:
        if row[col]:
            row[col] = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) + row[col][-3:]
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    outs = {}
    for matcher in ("compiled", "columnar"):
        for codes in (False, True):
            out = tmp_path / f"{matcher}-{codes}.csv"
            screen([src], out, jobs=1, as_of=AS_OF, db=False, matcher=matcher, codes=codes)
            outs[matcher, codes] = out.read_bytes()
    assert outs["compiled", False] == outs["columnar", False]
    assert outs["compiled", True] == outs["columnar", True]
    assert b"\"'=" in outs["columnar", False] or b"'=" in outs["columnar", False]


def test_csv_quote_is_the_csv_writers_quoting() -> None:
    import io

    for text in ["", "a", "a,b", 'say "hi"', "line\nbreak", "cr\r", "tab\tonly", " lead", "企业，中文逗号"]:
        buf = io.StringIO()
        csv.writer(buf).writerow(["x", text])
        assert buf.getvalue() == f"x,{csv_quote(text)}\r\n"


def test_status_digests_over_columns_equal_status_sig() -> None:
    rng = random.Random(3)
    programs = ["b_prog", "a_prog", "c_prog"]
    choices = ["eligible", "gap", "not_applicable", "insufficient_data", "achieved"]
    n = 50
    statuses = [[rng.choice(choices) for _ in range(n)] for _ in programs]
    unmet = [[rng.randint(0, 4) for _ in range(n)] for _ in programs]
    decided = DecidedRows(list(range(n)), list(range(1, n + 1)), None, pl.Series(["x"] * n), pl.Series([None] * n,
                          dtype=pl.String), programs, [pl.Series(s, dtype=pl.String) for s in statuses],
                          [pl.Series(u, dtype=pl.Int64) for u in unmet])
    expected = [status_sig({pid: [statuses[k][j], unmet[k][j]] for k, pid in enumerate(programs)}) for j in range(n)]
    assert status_sigs(decided) == expected


def _pack(records):
    width = len(records[0].header.columns)
    texts = [TableRows.line(r.cells, width) for r in records]
    if any(t is None for t in texts):
        return None
    return TableRows.of(records[0].header, "f.csv", [r.row for r in records], [r.line for r in records], texts)


def test_table_rows_give_their_records_back(tmp_path) -> None:
    header = Header(["enterprise.name", None, "ip.invention_patents", "enterprise.revenue"])
    cells = [["甲", "x", "3", "1.5"], ["乙", "y", "", ""], ["丙"], ["丁", "z", "4", "2", ""], [" ", "", "NA", " 5 "]]
    records = [Record(i + 1, file="f.csv", cells=c, header=header, line=i + 2) for i, c in enumerate(cells)]
    table = _pack(records)
    assert table is not None and len(table) == 5
    for i, rec in enumerate(records):
        back = table.record(i)
        assert (back.row, back.line, back.file, back.header) == (rec.row, rec.line, rec.file, rec.header)
        assert back.typed() == rec.typed()          # the same data (or problem) as the row's own record
    assert [s.to_list() if s is not None else None for s in table.series()] == \
        [["甲", "乙", "丙", "丁", " "], None, ["3", None, None, "4", "NA"], ["1.5", None, None, "2", " 5 "]]
    more = _pack([Record(6, file="f.csv", cells=["戊", "", "5", "9"], header=header, line=7)])
    assert more is not None
    table.extend(more)
    assert len(table) == 6 and table.record(5).typed() == \
        Record(6, file="f.csv", cells=["戊", "", "5", "9"], header=header, line=7).typed()
    for odd in ["a\x1fb", "a\x1eb", "two\nlines", "cr\r"]:     # a separator or a line break: the row stays a record
        assert TableRows.line([odd, "", "1", "1"], 4) is None
    assert TableRows.line(["a", 1, "1", "1"], 4) is None           # not all text


def test_a_csv_with_nul_and_refused_rows_still_gives_the_row_paths_output(tmp_path) -> None:
    src = _portfolio(tmp_path, rows=120)
    text = src.read_text(encoding="utf-8").splitlines()
    text[5] = text[5].replace(",", ",\x00", 1)          # a NUL and a separator in two rows' cells
    text[9] = text[9].replace(",", ",\x1f", 1)
    src.write_text("\n".join(text) + "\n", encoding="utf-8")
    outs = []
    for matcher in ("compiled", "columnar"):
        out = tmp_path / f"{matcher}.csv"
        screen([src], out, jobs=1, as_of=AS_OF, db=False, matcher=matcher)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert len(list(open_input(src).records())) == 120


def test_table_rows_are_packed_for_worker_processes(tmp_path) -> None:
    """Rows screened and rendered over columns travel packed (a test that fails if packing stops)."""
    from zhice.batch.screen import _chunks

    src = _portfolio(tmp_path, rows=300)
    chunks = list(_chunks([open_input(src)], (), 0, 10_000, False, pack=True))
    packed = sum(len(item) for chunk in chunks for _, item, _ in chunk if isinstance(item, TableRows))
    loose = sum(1 for chunk in chunks for _, item, _ in chunk if not isinstance(item, TableRows))
    assert packed + loose == 300 and packed >= 250


def test_cells_over_columns_are_neutralised_and_quoted_as_the_row_path_does() -> None:
    from zhice.batch.rows import FORMULA_PREFIXES, csv_text, neutralise

    values = [p + "x" for p in FORMULA_PREFIXES] + ["ok", "a=b", "", None, "x,y", '"=q', "a\nb"]
    got = pl.DataFrame({"c": values}).select(csv_text(pl.col("c")).alias("o"))["o"].to_list()
    assert got == ["" if v is None else csv_quote(neutralise(v)) for v in values]
