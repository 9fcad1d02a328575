"""Columnar screening (the default for CSV/XLSX → CSV/XLSX) gives the row path's output, error rows included.

The column checks (zhice.batch.check_columns) take only what the row path takes, with the same
value; every bad cell sends its row to the row path, so both paths give identical error rows
(row number, field, message). Checked on a file with bad cells of every kind, on random cells
(hypothesis), on XLSX cells that are not text, and against the row path's typed facts.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhice.batch.check_columns import type_columns
from zhice.batch.readers import Header, Record, open_input, record_profile
from zhice.batch.screen import ScreenOptions, screen
from zhice.eval import normalize
from zhice.profile import FIELDS, Profile

from conftest import AS_OF, bench_generator, killed_then_resumed

GOOD = "91350100M000100Y43"
HEAD = ["enterprise.name", "enterprise.credit_code", "enterprise.registered_on", "enterprise.industry",
        "enterprise.employees", "enterprise.revenue", "enterprise.main_business_share", "ip.invention_patents",
        "ip_management.policy_documented", "ip_management.gbt29490", "overseas.markets", "enterprise.province"]
# (what the row's cells are, {column: cell}); every kind of bad cell, and spellings the row path takes
ROWS = [
    ("plain", {}),
    ("text in a count", {"ip.invention_patents": "三"}),
    ("negative count", {"enterprise.employees": "-3"}),
    ("fraction in a count", {"ip.invention_patents": "3.5"}),
    ("boolean in a count", {"enterprise.employees": "是"}),
    ("not finite", {"enterprise.revenue": "inf"}),
    ("overflowing number", {"enterprise.revenue": "1e400"}),
    ("beyond 2^53", {"ip.invention_patents": "9007199254740993"}),
    ("count at 2^53", {"ip.invention_patents": "9007199254740992"}),
    ("huge number of digits", {"ip.invention_patents": "9" * 5000}),
    ("impossible date", {"enterprise.registered_on": "2021-02-30"}),
    ("not a date", {"enterprise.registered_on": "去年"}),
    ("date after the as-of date", {"enterprise.registered_on": "2030-01-01"}),
    ("year zero", {"enterprise.registered_on": "0000-01-01"}),
    ("Chinese date", {"enterprise.registered_on": "2016年5月8日"}),
    ("slashed date", {"enterprise.registered_on": "2016/5/8"}),
    ("date with a time", {"enterprise.registered_on": "2016-05-08T00:00:00"}),
    ("not a boolean", {"ip_management.policy_documented": "maybe"}),
    ("number as boolean", {"ip_management.policy_documented": "1"}),
    ("boolean spellings", {"ip_management.policy_documented": " TRUE "}),
    ("没有", {"ip_management.policy_documented": "没有"}),
    ("bad enum", {"ip_management.gbt29490": "certified"}),
    ("padded enum", {"ip_management.gbt29490": " none "}),
    ("bad check digit", {"enterprise.credit_code": "91350100M000100Y44"}),
    ("short credit code", {"enterprise.credit_code": "913501"}),
    ("lower-case credit code", {"enterprise.credit_code": GOOD.lower()}),
    ("padded credit code", {"enterprise.credit_code": f" {GOOD} "}),
    ("bad industry code", {"enterprise.industry": "Z99"}),
    ("percent over 100", {"enterprise.main_business_share": "100.5"}),
    ("percent sign", {"enterprise.main_business_share": "85%"}),
    ("bad market", {"overseas.markets": "USA"}),
    ("markets", {"overseas.markets": "us, jp、EU"}),
    ("no name", {"enterprise.name": ""}),
    ("blank name", {"enterprise.name": "   "}),
    ("several bad cells", {"ip.invention_patents": "x", "enterprise.employees": "-1", "enterprise.industry": "1"}),
    ("unknown words", {"ip.invention_patents": "不知道", "enterprise.revenue": "未知", "enterprise.province": "-"}),
    ("thousands and units", {"enterprise.revenue": "1,234.5", "ip.invention_patents": "3件", "enterprise.employees": "1，200"}),
    ("padded numbers", {"enterprise.employees": " 12 ", "enterprise.revenue": "+5.25"}),
    ("many decimals", {"enterprise.revenue": "0.123456789"}),
    ("exponent", {"enterprise.revenue": "1e3"}),
    ("leading zeros", {"ip.invention_patents": "007"}),
    ("padded text", {"enterprise.province": " 浙江省\t"}),
    ("formula-like name", {"enterprise.name": "=1+1"}),
]


def _base(i: int) -> dict[str, str]:
    return {"enterprise.name": f"测试企业{i}", "enterprise.credit_code": GOOD, "enterprise.registered_on": "2015-06-01",
            "enterprise.industry": "I65", "enterprise.employees": "80", "enterprise.revenue": "5200.5",
            "enterprise.main_business_share": "90", "ip.invention_patents": "4",
            "ip_management.policy_documented": "是", "ip_management.gbt29490": "implementing",
            "overseas.markets": "", "enterprise.province": "浙江省"}


def _bad_cells_csv(path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEAD)
        for i, (_, cells) in enumerate(ROWS):
            row = {**_base(i), **cells}
            w.writerow([row[h] for h in HEAD])
        w.writerow([f"多一列{len(ROWS)}", GOOD, "", "", "", "", "", "", "", "", "", "", "extra"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_both_paths_give_identical_rows_and_error_rows_on_bad_cells_of_every_kind(tmp_path, fmt) -> None:
    src = tmp_path / "bad.csv"
    _bad_cells_csv(src)
    runs = {}
    for matcher in ("compiled", "columnar"):
        out = tmp_path / f"{matcher}.{fmt}"
        res = screen([src], out, ScreenOptions(jobs=1, as_of=AS_OF, db=False, matcher=matcher, near=2))
        runs[matcher] = (res, out)
    a, b = runs["compiled"][0], runs["columnar"][0]
    assert a.rows_in == b.rows_in == len(ROWS) + 1
    assert a.errors == b.errors and (a.rows_ok, a.rows_error, a.status_counts, a.leads) == \
        (b.rows_ok, b.rows_error, b.status_counts, b.leads)
    assert {e["row"] for e in a.errors} >= {2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14}
    if fmt == "csv":
        assert runs["compiled"][1].read_bytes() == runs["columnar"][1].read_bytes()
    else:
        import openpyxl

        books = [openpyxl.load_workbook(runs[m][1], read_only=True) for m in ("compiled", "columnar")]
        for name in books[0].sheetnames:
            assert [list(r) for r in books[0][name].iter_rows(values_only=True)] == \
                [list(r) for r in books[1][name].iter_rows(values_only=True)], name


def test_the_columns_take_exactly_the_rows_the_row_path_takes_with_the_same_facts(tmp_path) -> None:
    """The bad-cells file's valid rows are typed over columns (not all sent to the row path), with
    the row path's facts; every row sent back is one the row path refuses."""
    src = tmp_path / "bad.csv"
    _bad_cells_csv(src)
    records = [r for r in open_input(src).records() if r.cells is not None]    # the extra-cells row: an error already
    assert len(records) == len(ROWS)
    typed = type_columns([r.cells for r in records], records[0].header, AS_OF)
    _agree(records, typed)
    kinds = {ROWS[pos][0] for pos in typed.index}
    assert {"plain", "Chinese date", "markets", "lower-case credit code", "thousands and units"} <= kinds


def _agree(records: list[Record], typed) -> None:
    profiles = [record_profile(r) for r in records]
    lists = {p: s.to_list() for p, s in typed.columns.items()}
    for j, pos in enumerate(typed.index):
        p = profiles[pos]
        assert isinstance(p, Profile), (pos, p)
        want = normalize(p.facts(), AS_OF)
        want.pop("var.as_of")
        got = {k: v[j] for k, v in lists.items() if v[j] is not None}
        assert got == want, (pos, {k: (want.get(k), got.get(k)) for k in set(want) | set(got)
                                   if want.get(k) != got.get(k)})
    for pos in typed.fallback:
        p = profiles[pos]
        founded = p.enterprise.registered_on if isinstance(p, Profile) else None
        # refused by the row path (or founded after the as-of date, which the evaluation refuses)
        assert not isinstance(p, Profile) or (founded is not None and founded > AS_OF), (pos, p)


# spellings per field type: plain ones, ones the row path types another way, and refused ones
SPELLINGS = {
    "integer": ["0", "3", "12", "-1", "007", "3.0", "3.5", "1e2", " 4 ", "+5", "1,000", "2件", "是", "inf", "nan",
                "9007199254740992", "9007199254740993", "١٢", "不知道", "-", "x", "٣", "1_000"],
    "number": ["0", "12.5", "-0.0", "99.9999", "100", "100.0001", "0.123456", "1e3", "1E-5", "inf", "-inf", "nan",
               "1,234.5", "85%", "5万元", "  7.25", "true", "否", "未知", "1e400", "0x10"],
    "boolean": ["是", "否", "有", "无", "没有", "true", "false", "TRUE", "False", "tRuE", " 是", "1", "0", "yes",
                "不知道", "n/a"],
    "date": ["2015-06-01", "2015-6-1", "2015/06/01", "2015.06.01", "2015年6月1日", "2015年6月1", "2021-02-30",
             "2015-06-01T08:00:00", "2015-06-01 ", "0999-01-01", "20150601", "2030-01-01", "不知道"],
    "enum": ["none", "implementing", "certified_2013", " none", "NONE", "其他", "-"],
    "list": ["US", "NA", "na,US", "us,jp", "US, JP", "USA", "U1,JP", "CN、EU", "-", ""],
    "string": ["浙江省", " 浙江省", "浙江省 ", "\u3000杭州", "a\x1fb", "\x1c", "null", "-", "=SUM(A1)", "中\n文"],
}
PATHS = {"integer": "ip.invention_patents", "number": "enterprise.main_business_share", "boolean": "record.serious_dishonesty",
         "date": "enterprise.registered_on", "enum": "ip_management.gbt29490", "string": "enterprise.city",
         "list": "overseas.markets"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({kind: st.one_of(st.just(""), st.sampled_from(cells))
                                       for kind, cells in SPELLINGS.items()}), min_size=1, max_size=12),
       st.lists(st.text(max_size=6), min_size=1, max_size=12))
def test_random_cells_are_typed_as_the_row_path_types_them(rows, noise) -> None:
    names = ["enterprise.name"] + [PATHS[k] for k in SPELLINGS] + ["enterprise.province"]
    header = Header.parse(names, "random.csv")
    cells = [[f"企业{i}"] + [r[k] for k in SPELLINGS] + [noise[i % len(noise)]] for i, r in enumerate(rows)]
    records = [Record(i + 1, file="random.csv", cells=c, header=header) for i, c in enumerate(cells)]
    _agree(records, type_columns(cells, header, AS_OF))


def test_xlsx_cells_that_are_not_text_are_typed_as_the_row_path_types_them(tmp_path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "有效发明专利数", "主营业务收入占比", "成立日期", "列入严重违法失信名单", "注册城市"])
    ws.append(["甲", 3, 85, dt.datetime(2015, 6, 1), True, 330100])
    ws.append(["乙", 3.0, 85.5, dt.date(2015, 6, 1), False, 3301.5])
    ws.append(["丙", 3.5, 101, "2015年6月1日", "是", "杭州市"])
    ws.append(["丁", True, 12.123456, dt.datetime(2031, 1, 1), 1, None])
    ws.append(["戊", "4", "12.5", "2015-06-01", "否", "宁波市"])
    src = tmp_path / "cells.xlsx"
    wb.save(src)
    records = list(open_input(src).records())
    typed = type_columns([r.cells for r in records], records[0].header, AS_OF)
    _agree(records, typed)
    assert typed.index and typed.fallback
    a = screen([src], tmp_path / "a.csv", jobs=1, as_of=AS_OF, db=False, matcher="compiled")
    b = screen([src], tmp_path / "b.csv", jobs=1, as_of=AS_OF, db=False, matcher="columnar")
    assert a.errors == b.errors and (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_columnar_is_the_default_for_tables_into_csv_xlsx_and_compact_jsonl_only(tmp_path, monkeypatch) -> None:
    from zhice.batch import screen as screen_module

    monkeypatch.delenv("ZHICE_MATCHER", raising=False)
    src = tmp_path / "bad.csv"
    _bad_cells_csv(src)
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text(json.dumps({"enterprise": {"name": "甲"}}, ensure_ascii=False) + "\n", encoding="utf-8")
    pick = screen_module._default_matcher
    assert pick([open_input(src)], tmp_path / "o.csv") == "columnar"
    assert pick([open_input(src)], tmp_path / "o.xlsx") == "columnar"
    assert pick([open_input(src)], tmp_path / "o.jsonl") == "columnar"                      # compact lines
    assert pick([open_input(src)], tmp_path / "o.jsonl", full_reports=True) == "compiled"  # whole reports
    assert pick([open_input(src), open_input(jsonl)], tmp_path / "o.csv") == "compiled"
    monkeypatch.setenv("ZHICE_MATCHER", "compiled")
    assert pick([open_input(src)], tmp_path / "o.csv") == "compiled"


def test_screen_takes_options_and_refuses_unknown_ones(tmp_path) -> None:
    src = tmp_path / "bad.csv"
    _bad_cells_csv(src)
    a = screen([src], tmp_path / "a.csv", ScreenOptions(jobs=1, as_of=AS_OF, db=False))
    b = screen([src], tmp_path / "b.csv", ScreenOptions(jobs=1, db=False), as_of=AS_OF)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes() and a.rows_in == b.rows_in
    with pytest.raises(TypeError, match="jobz"):
        screen([src], tmp_path / "c.csv", jobz=2)


def _portfolio(tmp_path, rows: int = 400):
    gen = bench_generator()
    src = tmp_path / "clients.csv"
    gen.generate(rows, src, bad=0.02, missing=0.2, seed=11)
    return src


def _sheets(path) -> dict:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    return {name: [list(r) for r in wb[name].iter_rows(values_only=True)] for name in wb.sheetnames}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_columnar_screening_in_worker_processes_equals_the_row_path(tmp_path, monkeypatch, fmt) -> None:
    from zhice.batch import screen as screen_module

    monkeypatch.setattr(screen_module, "COLUMNAR_POOL_ROWS", 0)      # a pool even for a small input
    src = _portfolio(tmp_path)
    a = screen([src], tmp_path / f"a.{fmt}", jobs=1, as_of=AS_OF, db=False, matcher="compiled")
    b = screen([src], tmp_path / f"b.{fmt}", jobs=2, as_of=AS_OF, db=False, chunk_size=90)
    assert (a.errors, a.status_counts, a.leads, a.rows_ok) == (b.errors, b.status_counts, b.leads, b.rows_ok)
    if fmt == "csv":
        assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    else:
        assert _sheets(tmp_path / "a.xlsx") == _sheets(tmp_path / "b.xlsx")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_kill_9_then_resume_gives_identical_csv_and_xlsx(tmp_path, fmt) -> None:
    src = _portfolio(tmp_path)
    out = tmp_path / f"k.{fmt}"
    args = ["screen", str(src), "--output", str(out), "--as-of", AS_OF.isoformat(), "--chunk-size", "60", "--jobs", "2"]
    killed_then_resumed(tmp_path, args, out)
    whole = tmp_path / f"whole.{fmt}"
    screen([src], whole, jobs=1, as_of=AS_OF, db=False, matcher="compiled")
    if fmt == "csv":
        assert out.read_bytes() == whole.read_bytes()
    else:
        assert _sheets(out) == _sheets(whole)


def test_jsonl_lines_under_columnar_equal_compiled_on_bad_cells_of_every_kind(tmp_path) -> None:
    """The chunk matching of JSONL lines (match_many) refuses what the row path refuses, too (a
    成立日期 after the as-of date included)."""
    src = tmp_path / "bad.csv"
    _bad_cells_csv(src)
    for matcher in ("compiled", "columnar"):
        screen([src], tmp_path / f"{matcher}.jsonl", jobs=1, as_of=AS_OF, db=False, matcher=matcher)
    assert (tmp_path / "compiled.jsonl").read_bytes() == (tmp_path / "columnar.jsonl").read_bytes()
