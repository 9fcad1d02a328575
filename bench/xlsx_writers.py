"""XLSX writers compared on the client sheet's rows: xlsxwriter (constant_memory), openpyxl
(write-only) and zhice's SpreadsheetML rows (engine/zhice/batch/xlsx_rows.py), one process.

    python bench/xlsx_writers.py [--rows 20000] [--repeat 3]

Each writes ``rows`` rows of the 客户 sheet's shape (row number, name, credit code, two counts,
then a status label and a gap count for each of 28 programs: 61 cells) and saves the file.
Printed: rows per CPU second, best of ``repeat``; for zhice's rows, rendering (done by the
workers in a screening) and appending plus splicing (the writing process) apart.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "engine"))

LABELS = ["符合", "存在差距", "不适用", "信息不足", "已获得"]


def rows(n: int) -> list[list[object]]:
    rnd = random.Random(1)
    return [[i + 1, f"杭州某某科技有限公司{i}", f"91330106MA2{i:07d}", rnd.randint(0, 20), rnd.randint(0, 8)]
            + [x for _ in range(28) for x in (rnd.choice(LABELS), rnd.randint(0, 4))] for i in range(n)]


def with_xlsxwriter(data: list[list[object]], out: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    ws = wb.add_worksheet("客户")
    ws.write_row(0, 0, [f"c{i}" for i in range(len(data[0]))])
    for r, row in enumerate(data, 1):
        ws.write_row(r, 0, row)
    wb.close()


def with_openpyxl(data: list[list[object]], out: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("客户")
    ws.append([f"c{i}" for i in range(len(data[0]))])
    for row in data:
        ws.append(row)
    wb.save(out)


def render_zhice(data: list[list[object]]) -> bytes:
    from zhice.batch.xlsx_rows import row_xml

    return "".join(row_xml(row) for row in data).encode("utf-8")


def write_zhice(text: bytes, out: Path, width: int) -> None:
    import openpyxl

    from zhice.batch.xlsx_rows import RowStream, splice

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append([f"c{i}" for i in range(width)])
    stream = RowStream(out.parent, width)
    stream.write(text)
    stream.close()
    base = out.with_suffix(".base.xlsx")
    wb.save(base)
    splice(base, out, {"客户": stream})


def best(fn, repeat: int) -> float:
    out = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        out = min(out, time.process_time() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    data = rows(a.rows)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        xw = best(lambda: with_xlsxwriter(data, d / "a.xlsx"), a.repeat)
        op = best(lambda: with_openpyxl(data, d / "b.xlsx"), a.repeat)
        text = render_zhice(data)
        rz = best(lambda: render_zhice(data), a.repeat)
        wz = best(lambda: write_zhice(text, d / "c.xlsx", len(data[0])), a.repeat)
    n = a.rows
    print(f"rows: {n:,} × {len(data[0])} cells")
    print(f"xlsxwriter constant_memory: {n / xw:10,.0f} rows/CPU-s")
    print(f"openpyxl write-only:        {n / op:10,.0f} rows/CPU-s")
    print(f"zhice rows, render (workers):       {n / rz:10,.0f} rows/CPU-s")
    print(f"zhice rows, append + splice (writer): {n / wz:10,.0f} rows/CPU-s")
    print(f"zhice rows, both in one process:    {n / (rz + wz):10,.0f} rows/CPU-s")


if __name__ == "__main__":
    main()
