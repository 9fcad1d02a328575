"""The issue's acceptance runs at scale: every row accounted for, and kill -9 + --resume equal to
an uninterrupted run.

    python bench/scale_check.py --rows 100000 [--jobs 2] [--output-format csv] [--kill-after 20]

1. Generates a seeded portfolio with 1 % bad rows (bench/generate.py) and the list of bad rows.
2. Screens it uninterrupted; checks output rows + error rows = input rows and that the error
   rows are exactly the generated bad rows, each naming its field.
3. Screens it again, sends SIGKILL to the whole process tree after ``--kill-after`` seconds,
   then runs ``--resume``; checks the resumed run took rows from the store and that its output
   is byte-identical to the uninterrupted one (for XLSX: the same cell values on every sheet).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
AS_OF = "2026-11-21"

EXPECTED_PATH = {"text_in_number": "ip.invention_patents", "bad_credit_code": "enterprise.credit_code",
                 "no_name": "enterprise.name", "bad_enum": "ip_management.gbt29490",
                 "bad_date": "enterprise.registered_on"}


def _screen(src: Path, out: Path, db: Path, jobs: int, resume: bool = False,
            kill_after: float | None = None) -> tuple[int, float, str]:
    cmd = [sys.executable, "-m", "zhice", "screen", str(src), "--output", str(out), "--as-of", AS_OF,
           "--jobs", str(jobs), "--matcher", "compiled", "--db", str(db)] + (["--resume"] if resume else [])
    env = {**os.environ, "PYTHONPATH": str(REPO / "engine"), "ZHICE_NO_PROGRESS": "1"}
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    if kill_after is not None:
        try:
            proc.wait(kill_after)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)     # the screen process and its workers, like a crash
    _out, err = proc.communicate()
    return proc.returncode, time.perf_counter() - t, err


def _rows(path: Path) -> list[list[str]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.reader(fh))
    if path.suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        return [[ws.title, *map(repr, r)] for ws in wb.worksheets for r in ws.iter_rows(values_only=True)]
    return [[line] for line in path.read_text(encoding="utf-8").splitlines()]


def _errors(path: Path) -> dict[int, str]:
    """{row: error field} of an output."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return {int(r["row"]): r["error"].split(":", 1)[0] for r in csv.DictReader(fh) if r["error"]}
    if path.suffix == ".xlsx":
        import openpyxl

        ws = openpyxl.load_workbook(path, read_only=True)["错误"]
        return {int(r[0]): r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if "error" in d:
            out[d["row"]] = d["error"]["path"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--output-format", default="csv", choices=["csv", "xlsx", "jsonl"])
    ap.add_argument("--kill-after", type=float, default=None, help="seconds before the kill (default: half a run)")
    ap.add_argument("--workdir", default=None)
    a = ap.parse_args(argv)
    from generate import generate  # type: ignore[import-not-found]

    work = Path(a.workdir or tempfile.mkdtemp(prefix="zhice-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / f"clients-{a.rows}.csv"
    bad = generate(a.rows, src, bad=0.01, missing=0.15, seed=1)
    ext = a.output_format
    full, part = work / f"full.{ext}", work / f"resumed.{ext}"
    ok = True

    rc, wall, err = _screen(src, full, work / "full.sqlite", a.jobs)
    counts = err.strip().splitlines()[-1] if err.strip() else ""
    print(f"uninterrupted: rc={rc}, {wall:.1f} s ({a.rows / wall:,.0f} rows/s); {counts}")
    errors = _errors(full)
    data_rows = len(_rows(full)) - 1 if ext == "csv" else None
    named = all(errors.get(b["row"]) == EXPECTED_PATH[b["kind"]] for b in bad)
    print(f"  bad rows generated {len(bad)}, error rows {len(errors)}, same rows: {set(errors) == {b['row'] for b in bad}}, "
          f"each names its field: {named}" + (f"; output rows {data_rows}" if data_rows is not None else ""))
    ok &= rc == 0 and set(errors) == {b["row"] for b in bad} and named
    if data_rows is not None:
        ok &= data_rows == a.rows
    ok &= f"输入 {a.rows} 行 = 结果 {a.rows - len(bad)} + 错误 {len(bad)}" in counts

    kill_after = a.kill_after if a.kill_after is not None else wall / 2
    rc, wall1, _ = _screen(src, part, work / "killed.sqlite", a.jobs, kill_after=kill_after)
    print(f"killed run: rc={rc} after {wall1:.1f} s (SIGKILL to the process tree); output exists: {part.exists()}")
    ok &= rc == -signal.SIGKILL and not part.exists()
    rc, wall2, err = _screen(src, part, work / "killed.sqlite", a.jobs, resume=True)
    resumed = [ln for ln in err.splitlines() if "resum" in ln.lower() or "续" in ln]
    print(f"resumed run: rc={rc}, {wall2:.1f} s; {' / '.join(resumed[:2])}")
    same = _rows(part) == _rows(full)
    if ext != "xlsx":
        same = same and part.read_bytes() == full.read_bytes()
    print(f"resumed output identical to the uninterrupted one: {same}")
    ok &= rc == 0 and same
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
