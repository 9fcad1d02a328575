"""Compact JSONL lines built over columns (zhice.batch.columnar_lines) are the row path's, byte for byte.

The row path (``--matcher compiled``) works out each line from a checkup of the row's profile; the
columnar path (the default for tables into JSONL) from the outcomes it decided over the chunk's
columns. Every line must be the same: on a generated portfolio with missing cells and bad rows,
on extremes (a name alone, numbers the typed columns round, lists, dates, XLSX cells that are not
text), in worker processes, and after ``kill -9`` and ``--resume``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from zhice.batch import columnar_lines
from zhice.batch.screen import screen

from conftest import AS_OF, bench_generator, killed_then_resumed

GOOD = "91350100M000100Y43"


@pytest.fixture
def built(monkeypatch) -> list[int]:
    """The rows each call of LineBuilder.lines built (so a test knows the columns built them)."""
    rows: list[int] = []
    real = columnar_lines.LineBuilder.lines

    def counting(self, truths, *args):
        rows.append(truths.height)
        return real(self, truths, *args)

    monkeypatch.setattr(columnar_lines.LineBuilder, "lines", counting)
    return rows


def _both(tmp_path: Path, src: Path, **options) -> tuple[bytes, bytes]:
    a, b = tmp_path / "row-path.jsonl", tmp_path / "columnar.jsonl"
    ra = screen([src], a, jobs=1, as_of=AS_OF, db=False, matcher="compiled")
    rb = screen([src], b, **{"jobs": 1, "as_of": AS_OF, "db": False, **options})
    assert (ra.rows_in, ra.rows_ok, ra.rows_error, ra.errors, ra.status_counts) == \
        (rb.rows_in, rb.rows_ok, rb.rows_error, rb.errors, rb.status_counts)
    return a.read_bytes(), b.read_bytes()


def _differences(a: bytes, b: bytes) -> list[str]:
    out = []
    for x, y in zip(a.decode().splitlines(), b.decode().splitlines()):
        if x != y:
            out.append(f"{x[:200]}\n  ≠ {y[:200]}")
    return out[:3]


def test_every_line_of_a_portfolio_with_missing_cells_and_bad_rows_is_the_row_paths(tmp_path, built) -> None:
    src = tmp_path / "clients.csv"
    bench_generator().generate(200, src, bad=0.05, missing=0.15, seed=29)
    a, b = _both(tmp_path, src)                       # the default matcher for a table into JSONL
    assert sum(built) >= 180                          # nearly every row's line came from the columns
    assert a.count(b"\n") == b.count(b"\n") == 200
    assert a == b, _differences(a, b)


def test_every_line_with_many_missing_cells_is_the_row_paths(tmp_path, built) -> None:
    src = tmp_path / "sparse.csv"
    bench_generator().generate(150, src, bad=0.02, missing=0.6, seed=5)
    a, b = _both(tmp_path, src)
    assert sum(built) >= 140
    assert a == b, _differences(a, b)


_EXTREMES: list[dict[str, str]] = [
    {},                                                                         # a name alone
    {"enterprise.credit_code": GOOD},
    {"enterprise.revenue": "0.123456789", "enterprise.employees": "3"},        # rounded by the typed column
    {"enterprise.revenue": "1,234.5", "enterprise.total_assets": "12.3万"},    # numbers the row path spells out
    {"enterprise.revenue": "-0", "enterprise.debt_ratio": "0.0001", "ip.invention_patents": "0"},
    {"enterprise.revenue": "999999999999999", "enterprise.employees": "9007199254740992"},
    {"enterprise.registered_on": "1900-01-01", "ip_management.gbt29490_valid_until": "9999-12-31"},
    {"enterprise.registered_on": "2026-11-21", "overseas.markets": "US,JP,DE"},
    {"overseas.markets": "us, jp、EU", "enterprise.province": " 浙江省\t"},
    {"ip_management.gbt29490": "certified_2023", "ip_management.gbt29490_valid_until": "2026-11-20",
     "qualifications.high_tech_enterprise": "是", "ip.invention_patents": "40"},
    {"enterprise.name": "=HYPERLINK(\"x\")", "enterprise.employees": "-1"},    # a bad row among them
    {"enterprise.registered_on": "2030-01-01"},                                 # founded after the as-of date
]


def _extremes_csv(path: Path) -> list[str]:
    head = sorted({"enterprise.name"} | {k for row in _EXTREMES for k in row})
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        for i, cells in enumerate(_EXTREMES):
            row = {"enterprise.name": f"极端企业{i}", **cells}
            w.writerow([row.get(h, "") for h in head])
    return head


def test_extremes_give_the_row_paths_lines(tmp_path, built) -> None:
    src = tmp_path / "extremes.csv"
    _extremes_csv(src)
    a, b = _both(tmp_path, src)
    assert sum(built) >= 8
    assert a == b, _differences(a, b)


def test_xlsx_cells_that_are_not_text_give_the_row_paths_lines(tmp_path, built) -> None:
    import openpyxl

    src = tmp_path / "clients.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["enterprise.name", "enterprise.revenue", "enterprise.employees", "enterprise.registered_on",
               "ip.invention_patents", "enterprise.main_business_share"])
    import datetime as dt

    for i, row in enumerate([[1234.5, 30, dt.date(2015, 3, 1), 4, 80],
                             [0.1 + 0.2, 31.0, dt.datetime(2010, 1, 2), 5.0, 99.99999],   # floats a sheet computed
                             [1e-7, 2, "2019-07-01", "6", "85"],
                             [None, None, None, None, None]]):
        ws.append([f"表格企业{i}", *row])
    wb.save(src)
    a, b = _both(tmp_path, src)
    assert sum(built) >= 3
    assert a == b, _differences(a, b)


def test_lines_built_in_worker_processes_are_the_row_paths(tmp_path, monkeypatch) -> None:
    from zhice.batch import screen as screen_module

    monkeypatch.setattr(screen_module, "COLUMNAR_POOL_ROWS", 0)      # a pool even for a small input
    monkeypatch.setattr(screen_module, "LINES_POOL_ROWS", 0)
    src = tmp_path / "clients.csv"
    bench_generator().generate(300, src, bad=0.02, missing=0.2, seed=7)
    a, b = _both(tmp_path, src, jobs=2, chunk_size=70)
    assert a == b, _differences(a, b)


def test_kill_9_then_resume_gives_the_whole_runs_lines(tmp_path) -> None:
    src = tmp_path / "clients.csv"
    bench_generator().generate(300, src, bad=0.02, missing=0.2, seed=3)
    out = tmp_path / "k.jsonl"
    args = ["screen", str(src), "--output", str(out), "--as-of", AS_OF.isoformat(), "--chunk-size", "60", "--jobs", "2"]
    killed_then_resumed(tmp_path, args, out)
    whole = tmp_path / "whole.jsonl"
    screen([src], whole, jobs=1, as_of=AS_OF, db=False, matcher="compiled")
    assert out.read_bytes() == whole.read_bytes(), _differences(whole.read_bytes(), out.read_bytes())


def test_two_inputs_with_other_columns_and_texts_json_escapes_give_the_row_paths_lines(tmp_path, built) -> None:
    # the columns of a chunk differ from table to table (which facts a row has is kept as one bit
    # per column, the same bit in every chunk), and a profile's digest is written from each
    # value's JSON text: quotes, backslashes, non-ASCII and float zeros of either sign
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    bench_generator().generate(60, first, bad=0.0, missing=0.3, seed=11)
    with second.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ip.invention_patents", "enterprise.name", "enterprise.revenue", "enterprise.city"])
        w.writerow(["3", '企业"甲"\\乙', "-0", "杭州市"])
        w.writerow(["", "B&C <公司>", "0", 'x"y'])
        w.writerow(["7", "第三家", "12.5", ""])
    a, b = tmp_path / "row-path.jsonl", tmp_path / "columnar.jsonl"
    screen([first, second], a, jobs=1, as_of=AS_OF, db=False, matcher="compiled")
    screen([second, first, second], b.with_suffix(".x.jsonl"), jobs=1, as_of=AS_OF, db=False, matcher="compiled")
    screen([first, second], b, jobs=1, as_of=AS_OF, db=False, chunk_size=25)
    assert sum(built) >= 60
    assert a.read_bytes() == b.read_bytes(), _differences(a.read_bytes(), b.read_bytes())
    c = tmp_path / "c.jsonl"
    screen([second, first, second], c, jobs=1, as_of=AS_OF, db=False)
    assert c.read_bytes() == b.with_suffix(".x.jsonl").read_bytes(), \
        _differences(b.with_suffix(".x.jsonl").read_bytes(), c.read_bytes())


def test_caches_bounded_small_forget_and_still_give_the_row_paths_lines(tmp_path, monkeypatch) -> None:
    """A worker's caches (entries by outcome code, summaries, roadmap unlocks) are cleared between
    chunks once over their bounds (memory flat over millions of rows); what is forgotten is worked
    out again, to the same lines."""
    monkeypatch.setattr(columnar_lines, "_ENTRIES_KEPT", 3)
    monkeypatch.setattr(columnar_lines, "_TEXTS_KEPT", 5)
    columnar_lines._BUILDERS.clear()
    src = tmp_path / "clients.csv"
    bench_generator().generate(300, src, bad=0.02, missing=0.3, seed=31)
    a, b = _both(tmp_path, src, chunk_size=50)
    assert a == b, _differences(a, b)
    (_, builder), = columnar_lines._BUILDERS.values()
    assert max(len(got) for got in builder.entries) <= 3 + 50 * 2     # cleared at the last chunk's start
    assert len(builder.summaries) <= 5 + 50
    columnar_lines._BUILDERS.clear()
