"""A CSV read by polars a block at a time (zhice.batch.csv_blocks) gives exactly the records the
csv module's reading gives (InputSource.records): the same rows, row numbers, cells, warnings and
error rows, for every case where the two could part — quoting, line breaks inside quotes, a BOM,
CRLF and lone carriage returns, rows with too few or too many cells, blank rows, NUL and separator
characters, text that is not UTF-8 (GB18030, bad bytes in a later block), duplicate and unknown
headers, a header under title rows, a field past the csv module's size limit, stray quotes, no
final line end — at block sizes that cut the file anywhere. And a screening reading that way
writes the row path's bytes, with worker processes and when resumed inside a block.
"""

from __future__ import annotations

import csv
import io

import pytest

from zhice.batch import csv_blocks as blocks_module
from zhice.batch.csv_blocks import csv_blocks
from zhice.batch.readers import Record, open_input
from zhice.batch.table_rows import TableRows

from conftest import AS_OF, bench_generator

HEAD = "enterprise.name,enterprise.credit_code,ip.invention_patents,enterprise.revenue,enterprise.export_markets"


def _records(items) -> list[Record]:
    out: list[Record] = []
    for item in items:
        if isinstance(item, TableRows):
            out += [item.record(i) for i in range(len(item))]
        else:
            out.append(item)
    return out


def _norm(rec: Record, width: int) -> tuple:
    cells = None
    if rec.cells is not None:
        c = ["" if x is None else x for x in rec.cells]
        cells = tuple(c + [""] * (width - len(c)))
    return rec.row, rec.line, rec.file, rec.problem, cells, rec.typed()


def _same(path, block_bytes: int | None = None, encoding: str | None = None) -> list:
    """Both readings of ``path``, compared; the polars reading's items."""
    old_src, new_src = open_input(path, encoding), open_input(path, encoding)
    try:
        old = list(old_src.records())
    except Exception as exc:          # noqa: BLE001 - the same failure both ways
        with pytest.raises(type(exc)) as got:
            list(csv_blocks(new_src, block_bytes))
        assert str(got.value) == str(exc)
        return []
    items = list(csv_blocks(new_src, block_bytes))
    new = _records(items)
    width = max((len(r.header.columns) for r in old + new if r.header is not None), default=0)
    assert [_norm(r, width) for r in new] == [_norm(r, width) for r in old]
    assert new_src.warnings == old_src.warnings
    return items


def _write(tmp_path, text: str | bytes, name: str = "c.csv"):
    p = tmp_path / name
    if isinstance(text, str):
        p.write_text(text, encoding="utf-8", newline="")
    else:
        p.write_bytes(text)
    return p


def _rows(n: int, start: int = 1) -> list[str]:
    return [f"企业{i},,{i % 7},{i * 1.5},\"US,JP\"" if i % 3 else f"企业{i},,{i % 5},{i}.25," for i in range(start, start + n)]


CASES = {
    "plain": HEAD + "\n" + "\n".join(_rows(40)) + "\n",
    "quoting": HEAD + "\n" + "\n".join(_rows(5)) + '\n"甲,""乙""",,"3","",""\n" 丙 ",""," ",,"US"\n'
    '"""",,1,,\n"a""",,"",,\n' + "\n".join(_rows(5, 9)) + "\n",
    "newline inside quotes": HEAD + "\n" + "\n".join(_rows(12)) + '\n"two\nlines",,1,2,\n"cr\r\nlf",,1,,\n'
    + "\n".join(_rows(8, 20)) + "\n",
    "newline inside quotes in the header rows": HEAD + '\n"a\nb",,1,,\n' + "\n".join(_rows(20)) + "\n",
    "bom and crlf": "\ufeff" + HEAD + "\r\n" + "\r\n".join(_rows(30)) + "\r\n",
    "mixed line ends": HEAD + "\n" + "\r\n".join(_rows(10)) + "\n" + "\n".join(_rows(10, 30)) + "\r\n",
    "lone carriage return": HEAD + "\n" + "\n".join(_rows(10)) + "\n甲,,1\r乙,,2,,\n" + "\n".join(_rows(10, 40)) + "\n",
    "carriage returns before a line end": HEAD + "\n" + "\n".join(_rows(12)) + "\n甲,,1,,\r\r\n" + "\n".join(_rows(6, 9)) + "\n",
    "ragged rows": HEAD + "\n" + "\n".join(_rows(6)) + "\n短,,1\n长,,1,2,,,\n太长,,1,2,US,x\n\n,,,,\n  ,\t, ,,\n"
    '"",""\n,,,,,,\n只有名字\n' + "\n".join(_rows(6, 30)) + "\n",
    "nul and separators": HEAD + "\n" + "\n".join(_rows(4)) + "\n甲\x00,,1,,\n乙\x1f,,\x1e2,,\n丙\x1c,,3,,\n"
    + "\n".join(_rows(4, 20)) + "\n",
    "whitespace only cells": HEAD + "\n" + "\n".join(_rows(4)) + "\n\u3000,\xa0,,,\n\x1c,\x1d\x1e,\x1f,,\n\x85,,,,\n"
    + "\n".join(_rows(4, 20)) + "\n",
    "duplicate and unknown headers": "enterprise.name,企业名称,ip.invention_patents,营收额,unknown_col\n"
    + "\n".join(_rows(12)) + "\n",
    "title rows over the header": "客户名单,,,,\n2026 年,,,,\n\n" + HEAD + "\n" + "\n".join(_rows(12)) + "\n",
    "stray quotes": HEAD + "\n" + "\n".join(_rows(12)) + '\nab"c,,1,,\n"x"y,,2,,\n' + "\n".join(_rows(6, 30)) + "\n",
    "an unterminated quote": HEAD + "\n" + "\n".join(_rows(12)) + '\n"open,,1,,\n' + "\n".join(_rows(6, 30)) + "\n",
    "no final line end": HEAD + "\n" + "\n".join(_rows(9)),
    "header only": HEAD + "\n",
    "empty": "",
    "blank lines only": "\n\n\n",
    "one column": "enterprise.name\n甲\n\n乙\n\"\"\n丙\n",
    "a header naming nothing": "a,b,c\n1,2,3\n4,5,6\n",
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("block", [None, 64, 333])
def test_both_readings_give_the_same_records(tmp_path, case, block) -> None:
    items = _same(_write(tmp_path, CASES[case]), block)
    if case not in ("empty", "header only", "blank lines only", "newline inside quotes in the header rows"):
        assert any(isinstance(i, TableRows) for i in items)      # polars read (some of) it


def test_a_generated_portfolio_is_read_by_polars_in_blocks(tmp_path) -> None:
    src = tmp_path / "p.csv"
    bench_generator().generate(500, src, bad=0.03, missing=0.2, seed=11)
    for block in (None, 20_000):
        items = _same(src, block)
        tables = [i for i in items if isinstance(i, TableRows)]
        assert sum(len(t) for t in tables) >= 480
        assert len(tables) >= (1 if block is None else 5)


def test_text_in_another_encoding_is_read_by_the_csv_module(tmp_path) -> None:
    text = HEAD + "\n" + "\n".join(_rows(30)) + "\n"
    src = _write(tmp_path, text.encode("gb18030"))
    assert not any(isinstance(i, TableRows) for i in _same(src))
    assert not any(isinstance(i, TableRows) for i in _same(src, encoding="gb18030"))


def test_bad_bytes_in_a_later_block_are_error_rows_as_ever(tmp_path) -> None:
    head = (HEAD + "\n" + "\n".join(_rows(60)) + "\n").encode("utf-8")
    tail = ("\n".join(_rows(20, 100)) + "\n").encode("utf-8")
    src = _write(tmp_path, head + "坏".encode("gb18030") + b",,1,,\n" + tail)
    items = _same(src, 1000)
    assert any(isinstance(i, TableRows) for i in items)
    assert any(isinstance(i, Record) and i.problem is not None for i in items)


def test_a_field_past_the_size_limit_is_an_error_row_as_ever(tmp_path) -> None:
    limit = csv.field_size_limit()
    text = HEAD + "\n" + "\n".join(_rows(5)) + "\n" + "长" * (limit + 5) + ",,1,,\n" + "\n".join(_rows(5, 9)) + "\n"
    items = _same(_write(tmp_path, text))
    assert any(isinstance(i, Record) and i.problem is not None for i in items)


def test_the_checks_send_odd_lines_to_the_csv_module(tmp_path) -> None:
    """The line classes themselves: a test that fails if a check stops telling them apart."""
    import polars as pl

    lines = ['a,b,c', '"a,b",c,d', 'a,"b""c",d', 'a,b', 'a,b,c,d', ',,', ' , ,', '""""', 'a"b,c,d', '"a,b,c',
             'a,b,c\r', 'a\rb,c,d', '"x""",y,z']
    doubtful, special, pad = blocks_module._classify([x.encode() for x in lines], pl.Series(lines), 3, 100)
    assert doubtful.to_list() == [False, False, False, False, False, False, False, False, True, True, False, True,
                                  False]
    # (a doubtful line's other classes do not matter: the csv module reads from it on)
    assert [s for s, d in zip(special.to_list(), doubtful.to_list()) if not d] == \
        [False, False, False, False, True, True, True, True, False, False]
    assert pad.to_list()[:4] == [0, 0, 0, 1]


def _screen_bytes(tmp_path, src, name: str, **kw) -> bytes:
    from zhice.batch.screen import screen

    out = tmp_path / f"{name}.csv"
    screen([src], out, as_of=AS_OF, db=False, **kw)
    return out.read_bytes()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_screening_reading_in_blocks_writes_the_row_paths_bytes(tmp_path, monkeypatch, jobs) -> None:
    from zhice.batch import screen as screen_module

    monkeypatch.setattr(screen_module, "COLUMNAR_POOL_ROWS", 0)      # worker processes even for a small input
    monkeypatch.setattr(blocks_module, "BLOCK_BYTES", 5_000)
    src = tmp_path / "p.csv"
    bench_generator().generate(300, src, bad=0.03, missing=0.2, seed=12)
    text = src.read_text(encoding="utf-8").splitlines()
    text[40] = text[40] + ",,,"                           # extra blank cells
    text[41] = text[41].rsplit(",", 5)[0]                 # too few cells
    text[90] = text[90] + ",多余"                          # an extra cell: an error row
    text.insert(150, "")                                  # a blank line
    text[200] = '"' + text[200]                           # an unterminated quote: the csv module reads on
    _write(tmp_path, "\r\n".join(text) + "\r\n", "p.csv")
    want = _screen_bytes(tmp_path, src, "compiled", matcher="compiled", jobs=1)
    assert _screen_bytes(tmp_path, src, "columnar", matcher="columnar", jobs=jobs, chunk_size=70) == want


def test_a_screening_resumed_inside_a_block_writes_the_same_bytes(tmp_path, monkeypatch) -> None:
    from zhice.batch.screen import screen

    src = tmp_path / "p.csv"
    bench_generator().generate(400, src, bad=0.03, missing=0.2, seed=13)
    whole = tmp_path / "whole.csv"
    screen([src], whole, as_of=AS_OF, db=tmp_path / "w.sqlite", matcher="columnar", chunk_size=90)
    out, db = tmp_path / "cut.csv", tmp_path / "c.sqlite"

    def stop(done: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        screen([src], out, as_of=AS_OF, db=db, matcher="columnar", chunk_size=90, after_chunk=stop)
    res = screen([src], out, as_of=AS_OF, db=db, matcher="columnar", chunk_size=90, resume=True)
    assert res.resumed == 180 and res.rows_in == 400
    assert out.read_bytes() == whole.read_bytes()


def test_slices_and_joins_of_read_blocks_keep_their_rows(tmp_path) -> None:
    items = _same(_write(tmp_path, CASES["plain"]))
    [table] = items
    assert isinstance(table, TableRows) and len(table) == 40
    head, rest = table.slice(0, 15), table.slice(15, 40)
    head.extend(rest)
    assert [head.record(i).typed() for i in range(40)] == [table.record(i).typed() for i in range(40)]
    import pickle

    back = pickle.loads(pickle.dumps(table))
    assert back.frame().equals(table.frame()) and back.rows == table.rows and back.lines == table.lines
    assert io is not None


def test_csv_lines_polars_would_not_read_as_one_row_each_are_read_by_the_csv_module(monkeypatch) -> None:
    import polars as pl

    from zhice.batch import table_rows

    data = b'a,"b,c",\r\n"x""y",,z\n,"",q'
    want = [list(r) for r in table_rows._csv_frame(data, 3, 3).rows()]
    assert want == [["a", "b,c", None], ['x"y', None, "z"], [None, "", "q"]]

    def refuse(*args, **kwargs):
        raise pl.exceptions.ComputeError("refused")

    monkeypatch.setattr(pl, "read_csv", refuse)
    got = [list(r) for r in table_rows._csv_frame(data, 3, 3).rows()]
    assert [[c or None for c in r] for r in got] == [[c or None for c in r] for r in want]


def test_blocks_of_one_table_are_decided_together_with_error_rows_between_them(tmp_path, monkeypatch) -> None:
    """An error row between two runs of plain rows does not split their decision (each costs
    ~0.2 s of polars plans): one decision a table and chunk, and the row path's bytes."""
    from zhice.batch import check_chunk

    src = tmp_path / "p.csv"
    bench_generator().generate(200, src, bad=0.0, missing=0.2, seed=14)
    text = src.read_text(encoding="utf-8").splitlines()
    for i in range(15, 200, 20):
        text[i] = text[i] + ",多余"                      # an extra cell: an error row every 20 rows
    _write(tmp_path, "\n".join(text) + "\n", "p.csv")
    calls = []
    real = check_chunk.decide_table_rows

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(check_chunk, "decide_table_rows", counted)
    got = _screen_bytes(tmp_path, src, "columnar", matcher="columnar", jobs=1)
    assert len(calls) == 1
    assert got == _screen_bytes(tmp_path, src, "compiled", matcher="compiled", jobs=1)
