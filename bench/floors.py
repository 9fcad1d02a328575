"""Every figure beside its floor, measured in the same run (interleaved, medians), for a noisy host.

    python bench/floors.py [--rows 20000] [--repeat 3] [--jobs 2] [--workdir W] [--skip-screen] [--skip-cold] [--skip-polars]
                           [--formats csv jsonl xlsx] [--matchers default compiled columnar] [--no-bytecode]

- cold start: ``python -c "import pydantic, yaml, click"`` (the floor) against ``zhice checkup
  profiles/examples/micro_software_startup.yaml`` with ``--matcher compiled`` and with durable
  (medians of 5, interleaved; the loaded-rulebooks cache warm, as after a first run);
- screening ``rows`` rows CSV → CSV, → JSONL (compact lines) and → XLSX with ``--jobs``, against
  the pure-Python floor: the same CSV read with the csv module and written again (wall seconds);
- polars alone on the same conditions: the columnar matcher's polars expressions over the same
  rows' facts (no Python per row), against the compiled matcher's closures per row.

Prints a table of medians and ratios (``bench/README.md`` records them with the date): wall
time, and for the screenings CPU time too (user + system of the process tree; the floor's own
process time), whose ratio swings much less with the load of a shared host. Bytecode: as in
``bench/cold.py``, ``PYTHONDONTWRITEBYTECODE`` is removed, so zhice's modules run from their
``__pycache__`` as in an installed package (the first run writes them); ``--no-bytecode`` keeps
it, and a checkout's modules are compiled from source every run (~0.2 s of a screening).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "engine"))
sys.path.insert(0, str(REPO / "bench"))
AS_OF = "2026-11-21"
ENV = {**os.environ, "PYTHONPATH": str(REPO / "engine"), "ZHICE_NO_PROGRESS": "1"}


def wall(cmd: list[str]) -> float:
    return timed(cmd)[0]


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system of the process and its children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def csv_floor(src: Path, out: Path) -> tuple[float, float]:
    """The floor's wall and CPU seconds: the CSV read with the csv module and written again."""
    t, c = time.perf_counter(), time.process_time()
    with src.open(encoding="utf-8", newline="") as fh, out.open("w", encoding="utf-8", newline="") as dst:
        w = csv.writer(dst)
        for row in csv.reader(fh):
            w.writerow(row)
    return time.perf_counter() - t, time.process_time() - c


def cold(repeat: int) -> dict[str, float]:
    profile = str(REPO / "profiles" / "examples" / "micro_software_startup.yaml")
    zhice = [sys.executable, "-m", "zhice", "checkup", profile, "--as-of", AS_OF]
    cmds = {"import pydantic, yaml, click": [sys.executable, "-c", "import pydantic, yaml, click"],
            "checkup --matcher compiled": zhice + ["--matcher", "compiled"],
            "checkup (durable)": zhice + ["--matcher", "durable"]}
    wall(cmds["checkup --matcher compiled"])          # the cache warm, as after a first run
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(repeat):
        for k, cmd in cmds.items():
            times[k].append(wall(cmd))
    return {k: statistics.median(v) for k, v in times.items()}


def polars_alone(src: Path, rows: int) -> dict[str, float]:
    import itertools

    from zhice.batch.readers import open_input, record_profile
    from zhice.eval import normalize
    from zhice.matchers import CompiledMatcher
    from zhice.matchers.columnar import ColumnarMatcher
    from zhice.pipeline import Engine, parse_as_of
    from zhice.profile import Profile

    day = parse_as_of(AS_OF)
    compiled = Engine().compiled(day)
    profiles = [p for p in (record_profile(r) for r in itertools.islice(open_input(src).records(), rows))
                if isinstance(p, Profile)]
    facts = [normalize(p.facts(), day) for p in profiles]
    cm, col = CompiledMatcher(compiled), ColumnarMatcher(compiled)
    derived = [cm.derive(f)[0] for f in facts]
    import polars as pl

    trees = [t for t in col.trees if t.expr is not None]
    paths = sorted({p for t in trees for p in t.columns})
    frame = pl.DataFrame({p: [f.get(p) for f in derived] for p in paths}, strict=False)
    exprs = [t.expr.alias(f"t{i}") for i, t in enumerate(trees)]
    out: dict[str, float] = {}
    t = time.process_time()
    frame.select(exprs)
    out["polars: the trees over the chunk (rows/CPU-s)"] = len(facts) / (time.process_time() - t)
    fns = [t.fn for t in trees]
    t = time.process_time()
    for f in derived:
        for fn in fns:
            fn(f)
    out["closures: the same trees per row (rows/CPU-s)"] = len(facts) / (time.process_time() - t)
    t = time.process_time()
    for f in facts:
        cm.match(f)
    out["compiled match, derived facts included (rows/CPU-s)"] = len(facts) / (time.process_time() - t)
    t = time.process_time()
    for i in range(0, len(facts), 500):
        col.match_many(facts[i:i + 500])
    out["columnar match_many, derived facts per row in Python (rows/CPU-s)"] = len(facts) / (time.process_time() - t)
    from zhice.batch.check_columns import type_columns

    records = [r for r in itertools.islice(open_input(src).records(), rows) if r.cells is not None]
    typed = type_columns([r.cells for r in records], records[0].header, day)
    t = time.process_time()
    col.match_columns(typed.columns, len(typed.index), {"var.as_of": day.toordinal()})
    out["columnar match_columns over typed columns, derived facts over columns (rows/CPU-s)"] = \
        len(typed.index) / (time.process_time() - t)
    t = time.process_time()
    type_columns([r.cells for r in records], records[0].header, day)
    out["typing and validating the rows per column (rows/CPU-s)"] = len(records) / (time.process_time() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--skip-screen", action="store_true")
    ap.add_argument("--skip-cold", action="store_true")
    ap.add_argument("--skip-polars", action="store_true")
    ap.add_argument("--formats", nargs="+", default=["csv", "jsonl", "xlsx"], choices=["csv", "jsonl", "xlsx"])
    ap.add_argument("--matchers", nargs="+", default=["default"],
                    help="matchers to screen with (default: each output's default; e.g. compiled columnar)")
    ap.add_argument("--no-bytecode", action="store_true",
                    help="keep PYTHONDONTWRITEBYTECODE: zhice's modules compiled from source every run")
    a = ap.parse_args()
    if a.no_bytecode:
        ENV["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    work = Path(a.workdir or tempfile.mkdtemp(prefix="zhice-floors-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / f"clients-{a.rows}.csv"
    if not src.exists():
        from generate import generate

        generate(a.rows, src, bad=0.01, missing=0.15, seed=1)

    if not a.skip_cold:
        print(f"## cold start (medians of {max(5, a.repeat)}, interleaved)")
        c = cold(max(5, a.repeat))
        floor = c["import pydantic, yaml, click"]
        for k, v in c.items():
            print(f"| {k} | {v:.3f} s | {v / floor:.1f}× |")

    if not a.skip_screen:
        print(f"\n## screening {a.rows:,} rows, --jobs {a.jobs} (medians of {a.repeat}, interleaved)")
        base = [sys.executable, "-m", "zhice", "screen", str(src), "--as-of", AS_OF, "--jobs", str(a.jobs), "--no-db"]
        configs = [(fmt, m) for m in a.matchers for fmt in a.formats]
        label = {(fmt, m): fmt if m == "default" else f"{fmt} --matcher {m}" for fmt, m in configs}
        runs: dict[str, list[float]] = {"csv floor": [], **{label[c]: [] for c in configs}}
        cpus: dict[str, list[float]] = {k: [] for k in runs}
        timed(base + ["--output", str(work / "warm.csv")])      # bytecode written, caches warm
        for _ in range(a.repeat):
            w, c = csv_floor(src, work / "floor.csv")
            runs["csv floor"].append(w)
            cpus["csv floor"].append(c)
            for fmt, m in configs:
                extra = [] if m == "default" else ["--matcher", m]
                w, c = timed(base + extra + ["--output", str(work / f"out.{fmt}")])
                runs[label[fmt, m]].append(w)
                cpus[label[fmt, m]].append(c)
        med = {k: statistics.median(v) for k, v in runs.items()}
        cpu = {k: statistics.median(v) for k, v in cpus.items()}
        print(f"(bytecode: {'compiled from source every run' if a.no_bytecode else 'from __pycache__'})")
        for k, v in med.items():
            print(f"| {k} | {v:.2f} s | {a.rows / v:,.0f} rows/s | {v / med['csv floor']:.1f}× the floor | "
                  f"CPU {cpu[k]:.2f} s = {cpu[k] / cpu['csv floor']:.1f}× |")
        if "csv" in med and "jsonl" in med:
            print(f"JSONL rows/s ÷ CSV rows/s: {med['csv'] / med['jsonl']:.2f}")
        if (work / "out.jsonl").exists() and "jsonl" in a.formats:
            sizes = sorted(len(line.encode("utf-8")) for line in (work / "out.jsonl").open(encoding="utf-8"))
            print(f"JSONL line: median {statistics.median(sizes):,.0f} B, p90 {sizes[len(sizes) * 9 // 10]:,} B")

    if not a.skip_polars:
        print("\n## polars alone on the same conditions (one process)")
        for k, v in polars_alone(src, min(a.rows, 5000)).items():
            print(f"| {k} | {v:,.0f} |")


if __name__ == "__main__":
    main()
