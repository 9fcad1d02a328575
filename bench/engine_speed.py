"""Engine speed on one core: profiles per second for each matcher, match + evaluate + report.

    python bench/engine_speed.py [--rulebooks DIR] [--programs ID,ID…] [--n 2000]

Cycles the example profiles (profiles/examples/*.yaml) through ``Engine.checkup`` after a
warm-up; ``--programs`` keeps only those program rulebooks (plus every derivation) by copying
them into a temporary folder, to measure a subset such as the first issue's seven rulebooks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zhice import Engine, load_profile  # noqa: E402
from zhice.matchers import durable_available  # noqa: E402


def subset(rulebooks: Path, programs: list[str]) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="zhice-bench-"))
    for path in rulebooks.rglob("*.yaml"):
        if path.parent.name == "derivations" or path.stem in programs:
            (tmp / path.parent.name).mkdir(exist_ok=True)
            shutil.copy(path, tmp / path.parent.name / path.name)
    return tmp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rulebooks", type=Path, default=ROOT / "rulebooks")
    ap.add_argument("--programs", default="")
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    root = subset(args.rulebooks, args.programs.split(",")) if args.programs else args.rulebooks
    engine = Engine(root)
    day = dt.date(2026, 11, 21)
    profiles = [load_profile(p) for p in sorted((ROOT / "profiles" / "examples").glob("*.yaml"))]
    print(f"rulebooks: {root} ({len(engine.program_ids())} programs, "
          f"{sum(1 for _ in engine.compiled(day).elements())} compiled conditions)")
    for name in ("compiled", "durable"):
        if name == "durable" and not durable_available():
            print("durable: not available on this Python")
            continue
        for p in profiles:
            engine.checkup(p, as_of=day, matcher=name)
        t0 = time.process_time()
        for i in range(args.n):
            engine.checkup(profiles[i % len(profiles)], as_of=day, matcher=name)
        cpu = time.process_time() - t0
        m = engine.matcher(day, name)
        t0 = time.process_time()
        from zhice.eval import normalize

        facts = [normalize(p.facts(), day) for p in profiles]
        for i in range(args.n):
            m.match(facts[i % len(facts)])
        match_cpu = time.process_time() - t0
        print(f"{name:>9}: {args.n / cpu:8.0f} checkups per CPU-second; matching alone {args.n / match_cpu:8.0f}/s")


if __name__ == "__main__":
    main()
