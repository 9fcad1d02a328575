"""The agency workbook and CSV as a person reads them: headers that fit, chart colours that are the
status cells' colours, the input's own row number and the company name on every error row, Chinese
CSV headers and labels (codes on request); and the workbook as it prints (its page setup, read back
from the saved file: docs/screenshots.py shows LibreOffice's print of it)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import openpyxl
import pytest
from rich.cells import cell_len

from zhice.batch.screen import screen
from zhice.batch.writers import STATUS_COLOURS
from zhice.report import STATUS_LABELS, STATUS_ORDER

AS_OF = "2026-11-21"
HEADER = ["企业名称", "统一社会信用代码", "成立日期", "有效发明专利数", "职工总数"]
ROWS = [
    ["甲公司", "", "2015-03-01", "3", "40"],
    ["乙公司", "", "2019-13-45", "2", "30"],          # not a real date: an error row
    [],                                              # a blank line: skipped, but counted by the sheet
    ["丙公司", "", "2012-05-01", "三件", "20"],          # not a number: an error row
    ["", "", "2012-05-01", "1", "20"],               # no name: an error row without a name
]


@pytest.fixture(scope="module")
def clients(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wb") / "clients.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["客户名单（2026 年 11 月）"])            # a title line above the header
        w.writerow(HEADER)
        w.writerows(ROWS)
    return path


@pytest.fixture(scope="module")
def book(clients, tmp_path_factory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("wbout") / "o.xlsx"
    screen([clients], out, jobs=1, as_of=AS_OF, db=False)
    return openpyxl.load_workbook(out)


def test_every_header_fits_its_column(book):
    """A header is shown whole: its column is as wide as it (CJK as two columns), or it wraps and
    the header row is high enough for its lines (客户's program columns are narrow, so that a
    printed page holds several programs; a header past 60 columns always wraps)."""
    for ws in book.worksheets:
        height = ws.row_dimensions[1].height
        for cell in ws[1]:
            width = ws.column_dimensions[cell.column_letter].width
            need = cell_len(str(cell.value))
            assert cell.alignment.wrap_text, (ws.title, cell.value)
            if width < min(need + 2, 60):
                assert ws.title == "客户" and height >= 15 * math.ceil(need / (width - 1)), (ws.title, cell.value, width)
    programs = [c for c in book["客户"][1] if str(c.value).endswith((" 结论", " 差距数"))]
    assert programs and all(book["客户"].column_dimensions[c.column_letter].width <= 10 for c in programs)


def test_chart_colours_are_the_status_cell_colours(book):
    clients, summary = book["客户"], book["项目汇总"]
    cells = {r.formula[0].strip('"'): r.dxf.fill.fgColor.rgb[-6:] for cf in clients.conditional_formatting
             for r in cf.rules}
    (chart,) = summary._charts
    bars = [str(getattr(s.graphicalProperties.solidFill.srgbClr, "val", s.graphicalProperties.solidFill.srgbClr))
            for s in chart.series]
    assert bars == [STATUS_COLOURS[s] for s in STATUS_ORDER]
    assert bars == [cells[STATUS_LABELS[s]] for s in STATUS_ORDER]


def test_error_rows_name_the_spreadsheet_row_and_the_company(book):
    errors = book["错误"]
    head = [c.value for c in errors[1]]
    assert head[:3] == ["行号", "表格行号", "企业名称"]
    rows = {r[0]: r for r in errors.iter_rows(min_row=2, values_only=True)}
    # data rows 2, 4, 5 (the blank line counts as a data row); the sheet's own rows add the title
    # line and the header: 2 + 2 = 4, 6, 7
    assert {n: r[1] for n, r in rows.items()} == {2: 4, 4: 6, 5: 7}
    assert rows[2][2] == "乙公司" and rows[4][2] == "丙公司" and rows[5][2] is None
    assert "成立日期" in rows[2][4] or "registered_on" in (rows[2][3] or "")


def test_csv_headers_and_statuses_are_chinese_by_default_codes_on_request(clients, tmp_path):
    zh, codes = tmp_path / "zh.csv", tmp_path / "codes.csv"
    screen([clients], zh, jobs=1, as_of=AS_OF, db=False)
    screen([clients], codes, jobs=1, as_of=AS_OF, db=False, codes=True)
    with zh.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:4] == ["行号", "企业名称", "统一社会信用代码", "错误"]
    assert any(k.endswith(" 结论") for k in rows[0]) and any(k.endswith(" 差距数") for k in rows[0])
    labels = set(STATUS_LABELS.values())
    ok = [r for r in rows if not r["错误"]]
    assert ok and all(v in labels for r in ok for k, v in r.items() if k.endswith(" 结论"))
    bad = {r["行号"]: r for r in rows if r["错误"]}
    assert bad["2"]["企业名称"] == "乙公司" and bad["2"]["错误"].startswith("表格第 4 行：")
    with codes.open(encoding="utf-8-sig", newline="") as fh:
        coded = list(csv.DictReader(fh))
    assert list(coded[0])[:4] == ["row", "name", "credit_code", "error"]
    assert all(v in STATUS_LABELS for r in coded if not r["error"] for k, v in r.items() if k.endswith(".status"))
    assert len(coded) == len(rows)


# ---- printed ----------------------------------------------------------------------------------

def test_every_sheet_prints_on_a4_with_its_header_row_on_every_page(book):
    for ws in book.worksheets:
        assert ws.page_setup.paperSize in (9, "9"), ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text, ws.title


def test_clients_print_several_pages_wide_with_the_names_on_every_page(book):
    ws = book["客户"]
    setup = ws.page_setup
    assert setup.orientation == "landscape" and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert 60 <= setup.scale <= 100 and setup.pageOrder in ("overThenDown", "downThenOver")
    assert ws.print_title_cols == "$A:$C"
    assert [c.value for c in ws[1]][:3] == ["行号", "企业名称", "统一社会信用代码"]


def test_leads_print_with_company_and_programme_on_every_page(book):
    ws = book["线索"]
    assert ws.page_setup.orientation == "landscape" and 60 <= ws.page_setup.scale <= 100
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    last = ws.print_title_cols.split(":")[1].strip("$")
    assert ws[f"{last}1"].value == "项目名称" and ws["B1"].value == "企业名称"


def test_errors_and_summary_print_one_page_wide(book):
    for title, orientation in (("错误", "landscape"), ("项目汇总", "portrait")):
        ws = book[title]
        assert ws.sheet_properties.pageSetUpPr.fitToPage, title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), title
        assert ws.page_setup.orientation == orientation, title


def test_summary_titles_wrap_and_the_chart_prints_on_its_own_page(book):
    ws = book["项目汇总"]
    head = [c.value for c in ws[1]]
    col = head.index("项目名称") + 1
    titles = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=col).value]
    assert titles and all(c.alignment.wrap_text for c in titles)
    width = ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width
    assert width >= min(max(cell_len(c.value) for c in titles) + 2, 44)
    assert [b.id for b in ws.row_breaks.brk] == [len(titles) + 1]       # the table, then a page break
    (chart,) = ws._charts
    assert chart.anchor._from.row >= len(titles) + 1                   # the chart below the break
