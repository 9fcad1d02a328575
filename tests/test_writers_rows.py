"""XLSX rows rendered from what they repeat (zhice.batch.rows.XlsxRows) equal the rows cell by cell.

A lead row's client cells are rendered once per client and its program cells once per (program,
unmet criteria): the rendering must be the row one would write cell by cell, formula-like texts
neutralised and the workbook's shared strings used, whatever was rendered before it.
"""

from __future__ import annotations

from zhice.batch.model import RowResult
from zhice.batch.rows import XlsxRows, neutralise
from zhice.batch.xlsx_rows import row_xml

PROGRAMS = [("p1", "项目一"), ("p2", "=项目二")]
TEXTS = ["条件甲", "差距甲", "下一步甲"]


def _result(seq: int, name: str, gaps: dict) -> RowResult:
    statuses = {"p1": ["gap", len(gaps.get("p1", [])) or 2], "p2": ["gap", len(gaps.get("p2", [])) or 3]}
    return RowResult(seq, seq + 1, "", {"name": name, "credit_code": None, "statuses": statuses, "gaps": gaps})


def _by_hand(fmt: XlsxRows, r: RowResult) -> list[str]:
    lead = [r.row, neutralise(r.summary["name"]), None]
    out = []
    for pid, unmet in r.summary["gaps"].items():
        if 0 < len(unmet) <= fmt.near:
            out.append(row_xml(lead + [pid, neutralise(fmt.titles[pid]), len(unmet),
                                       neutralise("；".join(u[0] for u in unmet)),
                                       neutralise("；".join(u[1] for u in unmet if u[1])),
                                       neutralise("；".join(u[2] for u in unmet if u[2]))], "", fmt.shared.cells))
    return out


def test_lead_rows_are_the_rows_written_cell_by_cell() -> None:
    fmt = XlsxRows(PROGRAMS, near=2, texts=TEXTS)
    one = [["条件甲", "差距甲", "下一步甲"]]
    two = [["条件甲", "差距：还差 3 件", None], ["=条件乙", "-差距乙", "+下一步"]]
    results = [_result(0, "甲公司", {"p1": one, "p2": two}),
               _result(1, "@乙公司", {"p1": one}),                    # the same program cells, another client
               _result(2, "丙公司", {"p2": two + one}),                # more than near: no lead row
               _result(3, "甲公司", {"p2": [["条件甲", "差距：还差 4 件", None]]})]
    rendered = fmt.render(results)["线索"].decode("utf-8")
    again = fmt.render(results)["线索"].decode("utf-8")              # from the cache this time
    expected = "".join(x for r in results for x in _by_hand(fmt, r))
    assert rendered == again == expected
    assert rendered.count("<row>") == 4 and "'+下一步" in rendered      # a joined text a formula would start


def test_crc32_of_two_parts_combines_as_zlib_computes_the_whole() -> None:
    import os
    import zlib

    from zhice.batch.xlsx_rows import crc32_combine

    for n in (0, 1, 2, 3, 31, 32, 33, 1000, 65_537, 1 << 20):
        a, b = os.urandom(17), os.urandom(n)
        assert crc32_combine(zlib.crc32(a), zlib.crc32(b), n) == zlib.crc32(a + b)


def test_rows_deflated_as_they_come_read_back_whole_across_sheets_of_the_row_limit(tmp_path, monkeypatch) -> None:
    """The rows are compressed as they are written and copied into the workbook as they are: the
    file tests clean (every CRC) and every row reads back, a sheet past the row limit too."""
    import zipfile

    import openpyxl

    from zhice.batch import writers
    from zhice.batch.rows import Tally

    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 30)
    out = tmp_path / "o.xlsx"
    tally = Tally(PROGRAMS, 2)
    w = writers.open_writer(out, PROGRAMS, 2, False, tally, texts=TEXTS)
    rows = [_result(i, f"企业{i} & <{i}>", {"p1": [["条件甲", f"差 {i}", "下一步甲"]]}) for i in range(70)]
    for start in range(0, 70, 9):
        w.write(w.rows.render(rows[start:start + 9]))
    w.close()
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
    wb = openpyxl.load_workbook(out, read_only=True)
    clients = [r for title in ("客户", "客户 (2)", "客户 (3)") for r in list(wb[title].iter_rows(values_only=True))[1:]]
    assert [r[1] for r in clients] == [f"企业{i} & <{i}>" for i in range(70)]
    leads = [r for title in wb.sheetnames if title.startswith("线索") for r in list(wb[title].iter_rows(values_only=True))[1:]]
    assert [r[7] for r in leads] == [f"差 {i}" for i in range(70)]
