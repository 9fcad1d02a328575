"""Benchmark `zhice screen`: profiles/s and peak RSS by size, jobs and matcher, plus reference ceilings.

    python bench/run.py --sizes 10000 --jobs 1 2 --matchers compiled durable --output-format csv

For each size a seeded portfolio is generated (bench/generate.py, 1 % bad rows, 15 % blank
cells) and screened by ``python -m engine screen`` in a fresh process per configuration, so
the peak RSS (summed over the screen process and its workers, sampled with psutil) belongs to
that run alone. Reported per run: wall seconds, profiles/s by wall
clock, CPU seconds (all processes) and profiles per CPU-second — the last is the fair figure on
a shared machine. Two in-process references follow: ``checkup`` (Engine.checkup per profile,
no I/O), ``assess`` (Engine.assess: statuses and gap counts, the lean screening path),
``evaluation`` (match + statuses from normalized facts) and ``closures`` (a bare loop over the compiled condition closures,
CompiledMatcher.distinct — the ceiling for matching alone).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

AS_OF = "2026-11-21"


def _measure(cmd: list[str]) -> dict[str, float]:
    """Run ``cmd`` and return wall time, CPU time and peak RSS of its whole process tree.

    With psutil the tree (the screen process, its forkserver and pool workers) is sampled every
    0.1 s: CPU is the sum of every process's last-seen CPU time, peak RSS the largest summed
    RSS of the tree. Without psutil, ``getrusage(RUSAGE_CHILDREN)`` of a helper process is used
    (it misses forkserver workers, so only jobs=1 figures are complete).
    """
    env = {**os.environ, "PYTHONPATH": str(REPO / "engine"), "ZHICE_NO_PROGRESS": "1"}
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is None:
        helper = ("import json,resource,subprocess,sys,time\n"
                  "t=time.perf_counter(); rc=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,"
                  "stderr=subprocess.PIPE,text=True)\n"
                  "wall=time.perf_counter()-t; u=resource.getrusage(resource.RUSAGE_CHILDREN)\n"
                  "print(json.dumps({'rc':rc.returncode,'wall':wall,'cpu':u.ru_utime+u.ru_stime,"
                  "'maxrss_mb':u.ru_maxrss/1024,'stderr':rc.stderr[-400:]}))")
        out = subprocess.run([sys.executable, "-c", helper, *cmd], capture_output=True, text=True, env=env)
        return json.loads(out.stdout)
    with tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        root = psutil.Process(proc.pid)
        cpu: dict[int, float] = {}
        peak = 0
        while proc.poll() is None:
            try:
                tree = [root] + root.children(recursive=True)
            except psutil.NoSuchProcess:
                break
            total = 0
            for p in tree:
                try:
                    with p.oneshot():
                        c = p.cpu_times()
                        cpu[p.pid] = c.user + c.system
                        total += p.memory_info().rss
                except psutil.NoSuchProcess:
                    continue
            peak = max(peak, total)
            time.sleep(0.1)
        wall = time.perf_counter() - t
        err.seek(0)
        return {"rc": proc.returncode, "wall": wall, "cpu": sum(cpu.values()), "maxrss_mb": peak / 2**20,
                "stderr": err.read()[-400:]}


def _references(csv_path: Path, rulebooks: str | None, limit: int) -> dict[str, float]:
    from zhice.batch.readers import read_profiles
    from zhice.evaluate import verdicts
    from zhice.eval import normalize
    from zhice.matchers import CompiledMatcher
    from zhice.pipeline import Engine, default_rulebooks_dir, parse_as_of
    from zhice.profile import Profile

    engine = Engine(default_rulebooks_dir(rulebooks))
    day = parse_as_of(AS_OF)
    # the first ``limit`` good rows only (a 1M-row portfolio is not read whole)
    profiles = list(itertools.islice((p for _, p in read_profiles(csv_path) if isinstance(p, Profile)), limit))
    matcher = CompiledMatcher(engine.compiled(day))
    t = time.perf_counter()
    for p in profiles:
        engine.checkup(p, as_of=day, matcher="compiled")
    checkup = len(profiles) / (time.perf_counter() - t)
    facts = [normalize(p.facts(), day) for p in profiles]
    derive, closures = matcher.derive, matcher.distinct
    t = time.perf_counter()
    for f in facts:
        f, _ = derive(f)
        for fn in closures:
            fn(f)
    closures = len(facts) / (time.perf_counter() - t)
    # the evaluation alone, as screening runs it: match (derivations + every condition) and decide
    # every program's status and gap count, from the same normalized facts as the bare loop
    compiled = engine.compiled(day)
    t = time.perf_counter()
    for f in facts:
        verdicts(compiled, matcher.match(f))
    evaluation = len(facts) / (time.perf_counter() - t)
    t = time.perf_counter()
    for p in profiles:
        engine.assess(p, as_of=day, matcher="compiled")
    assess = len(profiles) / (time.perf_counter() - t)
    return {"profiles": len(profiles), "checkup_per_s": checkup, "closures_per_s": closures,
            "evaluation_per_s": evaluation, "assess_per_s": assess,
            "elements": sum(1 for _ in compiled.elements()), "programs": len(engine.program_ids())}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--matchers", nargs="+", default=["compiled", "durable"])
    ap.add_argument("--output-format", default="csv", choices=["csv", "jsonl", "xlsx"])
    ap.add_argument("--rulebooks", default=None, help="rulebook folder (default: the shipped rulebooks)")
    ap.add_argument("--workdir", default=None, help="where portfolios and outputs go (default: a temp dir)")
    ap.add_argument("--reference-rows", type=int, default=2000, help="profiles for the in-process references")
    ap.add_argument("--no-db", action="store_true", help="screen without the history store")
    a = ap.parse_args(argv)

    from zhice.matchers import durable_available

    work = Path(a.workdir or tempfile.mkdtemp(prefix="zhice-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate  # type: ignore[import-not-found]

    print(f"# zhice screen benchmark — {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    print("| rows | matcher | jobs | output | wall s | rows/s (wall) | CPU s | rows/CPU-s | peak RSS MB (tree) |")
    print("|---:|---|---:|---|---:|---:|---:|---:|---:|")
    first_csv = None
    for size in a.sizes:
        src = work / f"clients-{size}.csv"
        if not src.exists():
            generate(size, src, bad=0.01, missing=0.15, seed=1)
        first_csv = first_csv or src
        for matcher in a.matchers:
            if matcher == "durable" and not durable_available():
                print(f"| {size} | durable | – | – | skipped: durable-rules unavailable | | | | |")
                continue
            for jobs in a.jobs:
                out = work / f"out-{size}-{matcher}-{jobs}.{a.output_format}"
                cmd = [sys.executable, "-m", "zhice", "screen", str(src), "--output", str(out), "--as-of", AS_OF,
                       "--jobs", str(jobs), "--matcher", matcher]
                if a.rulebooks:
                    cmd += ["--rulebooks", a.rulebooks]
                if a.no_db:
                    cmd.append("--no-db")
                else:
                    cmd += ["--db", str(work / f"h-{size}-{matcher}-{jobs}.sqlite")]
                m = _measure(cmd)
                if m["rc"] != 0:
                    print(f"| {size} | {matcher} | {jobs} | failed rc={m['rc']}: {m['stderr'][-200:]!r} | | | | | |")
                    continue
                print(f"| {size} | {matcher} | {jobs} | {a.output_format} | {m['wall']:.1f} | {size / m['wall']:,.0f} | "
                      f"{m['cpu']:.1f} | {size / m['cpu']:,.0f} | {m['maxrss_mb']:.0f} |", flush=True)
                out.unlink(missing_ok=True)
    if first_csv is not None:
        ref = _references(first_csv, a.rulebooks, a.reference_rows)
        print(f"\nIn-process references ({ref['profiles']} profiles, {ref['programs']} programs, "
              f"{ref['elements']} compiled conditions, one process):")
        print(f"- Engine.checkup (match + evaluate + report, no I/O): {ref['checkup_per_s']:,.0f} profiles/s")
        print(f"- Engine.assess (profile → facts → match → every program's status and gap count): "
              f"{ref['assess_per_s']:,.0f} profiles/s")
        print(f"- evaluation alone (match + statuses from the same facts as the bare loop): "
              f"{ref['evaluation_per_s']:,.0f} profiles/s")
        print(f"- bare loop over CompiledMatcher closures (ceiling for matching): {ref['closures_per_s']:,.0f} profiles/s")
        print(f"- evaluation alone / bare loop: {ref['closures_per_s'] / ref['evaluation_per_s']:.2f}× slower")
    print(f"\nself peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; work dir {work}")


if __name__ == "__main__":
    main()
