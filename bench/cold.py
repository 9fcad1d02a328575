"""Cold start of ``zhice checkup``, beside its floor measured in the same run (interleaved, medians).

    python bench/cold.py [--repeat 5] [--source ENGINE_DIR ...] [--no-bytecode] [--breakdown]

Each round runs, one after the other, in fresh processes:

- the floor, ``python -c "import pydantic, yaml, click"``;
- for every source (default: this checkout's ``engine/``; ``--source`` adds others, e.g. an
  older commit unpacked with ``git archive <commit> engine rulebooks profiles | tar -x -C DIR``):
  ``python -m zhice checkup profiles/examples/micro_software_startup.yaml`` with ``--matcher
  compiled`` and with durable (the default), each with the rulebook cache warm (filled before the
  first round, as after a first run) and cold (an empty cache folder every run).

Prints the median wall time of each and its ratio to the floor's median, and the same for CPU
time (user + system of the process; on a host shared with other work the wall ratio swings with
the load, the CPU ratio much less). Bytecode: by default
``PYTHONDONTWRITEBYTECODE`` is removed, so every module runs from its ``__pycache__`` as in an
installed package (the first round writes them); ``--no-bytecode`` runs each source from a copy
of its ``engine/`` without ``__pycache__`` under ``PYTHONDONTWRITEBYTECODE=1``, so zhice's modules
are compiled from source every run (the third-party packages keep their installed bytecode), as
in a checkout where nothing ever wrote bytecode.

``--breakdown`` then prints, for this checkout, where one cold checkup's time goes (one process,
CPU time around each stage, the imports in the order a checkup needs them, then the interpreter's
start and end: the end was ~80 ms before ``zhice.cli.main()`` froze the objects at exit).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROFILE = "profiles/examples/micro_software_startup.yaml"
AS_OF = "2026-11-21"
FLOOR = "import pydantic, yaml, click"

BREAKDOWN = r'''
import atexit, gc, sys, time
T = time.process_time   # CPU time: the stages' shares hold on a loaded host
gc.set_threshold(10_000, 10, 10)    # as zhice.cli.main() runs a command (zhice.cli.GC_THRESHOLD)
atexit.register(gc.freeze)          # as zhice.cli.main() ends one (zhice.cli._freeze_at_exit)
marks = [("start", T())]
def mark(name): marks.append((name, T()))
import pydantic, yaml, click; mark("the floor's imports (pydantic, yaml, click)")
from pydantic import BaseModel; mark("pydantic's model machinery (`import pydantic` alone does not load it)")
import zhice.profile; mark("import zhice.profile (its models)")
import zhice.rulebook; mark("import zhice.rulebook (its models)")
import zhice.pipeline; mark("import zhice.pipeline (compiler, evaluate, report …)")
import zhice.cli, zhice.cli.checkup; mark("import zhice.cli + the checkup command")
import datetime as dt
from zhice.pipeline import Engine
from zhice.profile import load_profile
engine = Engine(); mark("rulebooks from the cache")
profile = load_profile(sys.argv[2]); mark("load the profile")
day = dt.date.fromisoformat(sys.argv[3])
engine.compiled(day); mark("compile the rulebooks")
engine.matcher(day, sys.argv[1]); mark(f"build the {sys.argv[1]} matcher")
findings = engine.findings(profile, as_of=day, matcher=sys.argv[1]); mark("match and evaluate")
report = findings.report(); mark("build the report models")
from zhice.renderers import render
from zhice.wording import derived_specs
render(report, "text", whatif=None, detail=False, lang="zh", statuses=(), derived=derived_specs(engine.compiled(day)))
mark("render the text report")
for (_, a), (name, b) in zip(marks, marks[1:]):
    print(f"{(b - a) * 1000:8.1f} ms CPU  {name}")
print(f"{(marks[-1][1] - marks[0][1]) * 1000:8.1f} ms CPU  in all (after the interpreter's start), {len(sys.modules)} modules loaded")
print(f"{marks[0][1] * 1000:8.1f} ms CPU  the interpreter's start (before the first stage)", flush=True)
'''


def _env(source: Path | None, cache: Path, bytecode: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ZHICE_NO_CACHE", "ZHICE_MATCHER", "ZHICE_RULEBOOKS")}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    if source is not None:
        env["PYTHONPATH"] = str(source)
    env["ZHICE_CACHE_DIR"] = str(cache)
    return env


def _run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="rounds (medians of this many runs)")
    ap.add_argument("--source", action="append", default=[], metavar="ENGINE_DIR",
                    help="another engine/ folder to measure beside this checkout's (its parent holds "
                         "its rulebooks/ and profiles/)")
    ap.add_argument("--no-bytecode", action="store_true", help="compile zhice's modules from source every run")
    ap.add_argument("--breakdown", action="store_true", help="then show where one checkup's time goes")
    a = ap.parse_args()
    bytecode = not a.no_bytecode
    work = Path(tempfile.mkdtemp(prefix="zhice-cold-"))
    sources = [REPO / "engine", *(Path(s).resolve() for s in a.source)]
    if not bytecode:    # copies without bytecode, beside links to the data folders they read
        copies = []
        for n, src in enumerate(sources):
            root = work / f"source{n}"
            shutil.copytree(src, root / "engine", ignore=shutil.ignore_patterns("__pycache__"))
            for data in ("rulebooks", "profiles", "features"):
                if (src.parent / data).exists():
                    (root / data).symlink_to(src.parent / data)
            copies.append(root / "engine")
        sources = copies
    py = sys.executable
    cases: dict[str, tuple[list[str], dict[str, str], Path, Path | None]] = {
        "floor": ([py, "-c", FLOOR], _env(None, work / "unused", bytecode), REPO, None)}
    for n, src in enumerate(sources):
        root = src.parent
        label = "this checkout" if n == 0 else str(Path(a.source[n - 1]).resolve().parent)
        for matcher in ("compiled", "durable"):
            cmd = [py, "-m", "zhice", "checkup", PROFILE, "--as-of", AS_OF, "--matcher", matcher]
            warm = work / f"warm{n}"
            cases[f"{label}: checkup --matcher {matcher}, cache warm"] = (cmd, _env(src, warm, bytecode), root, None)
            cases[f"{label}: checkup --matcher {matcher}, cache cold"] = (
                cmd, _env(src, work / f"cold{n}", bytecode), root, work / f"cold{n}")
    for cmd, env, cwd, _ in cases.values():     # fills the warm caches (and __pycache__ with bytecode)
        _run(cmd, env, cwd)
    walls: dict[str, list[float]] = {k: [] for k in cases}
    cpus: dict[str, list[float]] = {k: [] for k in cases}
    load = [os.getloadavg()[0]]
    for _ in range(a.repeat):
        for k, (cmd, env, cwd, emptied) in cases.items():
            if emptied is not None:
                shutil.rmtree(emptied, ignore_errors=True)
            wall, cpu = _run(cmd, env, cwd)
            walls[k].append(wall)
            cpus[k].append(cpu)
    load.append(os.getloadavg()[0])
    floor, floor_cpu = statistics.median(walls["floor"]), statistics.median(cpus["floor"])
    print(f"## cold checkup, medians of {a.repeat} interleaved runs ({'bytecode cached' if bytecode else 'no bytecode'}; "
          f"load average {load[0]:.2f} → {load[1]:.2f}; {time.strftime('%Y-%m-%d %H:%M')})")
    print("| run | wall median | ratio to the floor | wall min – max | CPU median | CPU ratio |")
    print("|---|---:|---:|---|---:|---:|")
    for k, v in walls.items():
        name = f'`python -c "{FLOOR}"` (the floor)' if k == "floor" else k
        cpu = statistics.median(cpus[k])
        print(f"| {name} | {statistics.median(v):.3f} s | {statistics.median(v) / floor:.2f}× | "
              f"{min(v):.3f} – {max(v):.3f} | {cpu:.3f} s | {cpu / floor_cpu:.2f}× |")
    if a.breakdown:
        for matcher in ("compiled", "durable"):
            print(f"\n## where a cold checkup's time goes (--matcher {matcher}, cache warm, this checkout)")
            env = _env(sources[0], work / "warm0", bytecode)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = subprocess.run([py, "-c", BREAKDOWN, matcher, PROFILE, AS_OF], env=env, cwd=sources[0].parent, check=True,
                                 capture_output=True, text=True).stdout
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            total = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            print(out, end="")
            stages = float(out.splitlines()[-2].split()[0]) + float(out.splitlines()[-1].split()[0])
            print(f"{total * 1000 - stages:8.1f} ms CPU  the interpreter's end (the process's CPU, {total * 1000:.1f} ms, "
                  f"less the above)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
