"""How many JSONL lines a second this machine can write at all: the ceiling of CSV → JSONL.

    python bench/write_ceiling.py [--dir /tmp] [--gb 10] [--rows 200]

1. Sizes a JSONL line: the mean UTF-8 length of the reports of ``--rows`` generated clients
   (bench/generate.py, the whole shipped catalog), both as ``zhice screen`` writes them and cut
   down to the keys of DESIGN's result contract alone (no extensions).
2. Writes ``--gb`` of ready-made lines of that size to a file in ``--dir`` and fsyncs it: no
   engine, no JSON, one process. The first gigabytes go to the page cache at memory speed; a run
   larger than the cache settles at what the disk takes. The file is removed afterwards.

Whatever the engine does, a screening cannot write JSONL lines faster than this.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

AS_OF = "2026-11-21"
# DESIGN's result contract: the keys a report must have (the rest are zhice's extensions)
TOP = ("schema_version", "engine_version", "rulebooks_digest", "as_of", "profile", "derived", "summary",
       "programs", "roadmap")
PROGRAM = ("id", "title", "kind", "status", "confidence", "score", "criteria", "missing_fields", "next_steps",
           "sources")
CRITERION = ("id", "title", "status", "actual", "expected", "gap")


def line_sizes(rows: int) -> tuple[float, float]:
    """Mean bytes of a report line, as written and with the contract's keys only."""
    from zhice.batch.readers import open_input, record_profile
    from zhice.pipeline import Engine
    from zhice.profile import Profile
    from zhice.report_json import line
    from generate import generate  # type: ignore[import-not-found]

    src = Path(tempfile.mkdtemp(prefix="zhice-ceiling-")) / "clients.csv"
    generate(rows, src, bad=0.0, missing=0.15, seed=7)
    engine = Engine()
    full: list[int] = []
    lean: list[int] = []
    for record in open_input(src).records():
        profile = record_profile(record)
        if not isinstance(profile, Profile):
            continue
        text = line(engine.findings(profile, as_of=AS_OF, matcher="compiled"), {"row": record.row})
        full.append(len(text.encode()))
        report = json.loads(text)
        cut = {k: report[k] for k in TOP}
        cut["programs"] = [{**{k: p[k] for k in PROGRAM}, "criteria": [{k: c[k] for k in CRITERION}
                                                                      for c in p["criteria"]]}
                           for p in report["programs"]]
        lean.append(len(json.dumps(cut, ensure_ascii=False, separators=(",", ":")).encode()))
    return sum(full) / len(full), sum(lean) / len(lean)


def write_rate(directory: Path, size: int, total: float) -> tuple[float, float]:
    """(lines/s, GB/s) writing ``total`` bytes of ``size``-byte lines, fsync included."""
    line = b"x" * (size - 1) + b"\n"
    n = int(total // size)
    fd, name = tempfile.mkstemp(dir=directory, prefix="zhice-ceiling-", suffix=".jsonl")
    t0 = time.perf_counter()
    try:
        with os.fdopen(fd, "wb") as fh:
            for i in range(1, n + 1):
                fh.write(line)
                if i % max(n // 10, 1) == 0:
                    el = time.perf_counter() - t0
                    print(f"  {i * size / 1e9:5.1f} GB: {i / el:8,.0f} lines/s so far", flush=True)
            fh.flush()
            os.fsync(fh.fileno())
        el = time.perf_counter() - t0
    finally:
        os.unlink(name)
    return n / el, n * size / el / 1e9


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", default=tempfile.gettempdir(), help="a folder on the disk outputs go to")
    ap.add_argument("--gb", type=float, default=10.0, help="how much to write (more than the page cache)")
    ap.add_argument("--rows", type=int, default=200, help="generated clients to size a line by")
    a = ap.parse_args(argv)
    full, lean = line_sizes(a.rows)
    print(f"JSONL line: {full / 1024:,.0f} KB as written; {lean / 1024:,.0f} KB with the contract's keys only")
    print(f"writing {a.gb:g} GB of {full / 1024:,.0f} KB lines to {a.dir}:")
    rate, gbs = write_rate(Path(a.dir), int(full), a.gb * 1e9)
    print(f"ceiling: {rate:,.0f} lines/s ({gbs:.2f} GB/s, fsync included); "
          f"{rate * full / lean:,.0f} lines/s if lines held the contract's keys only")
    print(f"10,000 lines/s would take {10_000 * full / 1e9:.2f} GB/s ({10_000 * lean / 1e9:.2f} GB/s contract-only)")


if __name__ == "__main__":
    main()
