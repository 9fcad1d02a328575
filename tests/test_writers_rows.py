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
