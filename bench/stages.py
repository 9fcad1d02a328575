"""Where a screened row's time goes: CPU microseconds per row for each stage, in one process.

    python bench/stages.py [--rows 3000] [--csv clients.csv] [--matcher compiled]

Stages, in the order a row flows (engine/batch): split the CSV line (parent process), type the
cells by the profile schema and validate the profile (worker), profile → matcher facts,
match, decide statuses and gap counts (together: the lean evaluation), gap texts of the leads
(XLSX only), the row summary as JSON (history store), and for JSONL the full report's line
(Engine.findings + zhice.report_json, one pass over every row, so that the outcomes a worker
remembers warm up as in a run), its encoding as UTF-8, and what the history store keeps of it
(its findings, packed: engine/batch/packing.py). Each other figure is
the best of 3 passes of CPU time (``time.process_time``), so other load on the machine inflates
it less than wall time.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

AS_OF = "2026-11-21"


def best(fn: Callable[[], Any], n: int, passes: int = 3) -> float:
    """Best CPU microseconds per item over ``passes`` runs of ``fn`` (which handles ``n`` items)."""
    out = float("inf")
    for _ in range(passes):
        t = time.process_time()
        fn()
        out = min(out, time.process_time() - t)
    return out / n * 1e6


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--csv", default=None, help="portfolio to read (default: a generated one)")
    ap.add_argument("--matcher", default="compiled")
    ap.add_argument("--near", type=int, default=1)
    a = ap.parse_args(argv)

    from zhice.batch.readers import open_input, record_profile
    from zhice.evaluate import verdicts
    from zhice.eval import normalize
    from zhice.pipeline import Engine, parse_as_of
    from zhice.profile import Profile
    from zhice.batch.packing import pack_findings, pack_line
    from zhice.report_json import line

    src = Path(a.csv) if a.csv else Path(tempfile.mkdtemp(prefix="zhice-stages-")) / "clients.csv"
    if not a.csv:
        from generate import generate  # type: ignore[import-not-found]
        generate(a.rows, src, bad=0.01, missing=0.15, seed=1)

    def read() -> list[Any]:
        out = []
        for rec in open_input(src).records():
            out.append(rec)
            if len(out) >= a.rows:
                break
        return out

    records = read()
    n = len(records)
    engine, day = Engine(), parse_as_of(AS_OF)
    compiled, matcher = engine.compiled(day), engine.matcher(day, a.matcher)
    typed = [r.typed() for r in records]
    profiles = [p for p in (record_profile(r) for r in typed) if isinstance(p, Profile)]
    m = len(profiles)
    facts = [normalize(p.facts(), day) for p in profiles]
    results = [matcher.match(f) for f in facts]
    assessed = [engine.assess(p, as_of=day, matcher=a.matcher) for p in profiles]

    def leads() -> None:
        for x in assessed:
            x.unmet({pid for pid, st, k in x.verdicts if st == "gap" and k <= a.near})

    def summary_json() -> None:
        for x in assessed:
            json.dumps({"name": "x", "credit_code": None, "statuses": {pid: [st, k] for pid, st, k in x.verdicts},
                        "gaps": {}}, ensure_ascii=False, separators=(",", ":"))

    def jsonl() -> None:
        # a worker freezes what lives as long as it does (zhice.batch.executors), so the cyclic
        # collector does not rescan it while rows are screened: so do the rows kept here
        gc.collect()
        gc.freeze()
        for p in profiles:
            line(engine.findings(p, as_of=day, matcher=a.matcher), {"row": 1})

    rows = [
        ("split CSV rows (parent)", best(read, n), n),
        ("type cells (worker)", best(lambda: [r.typed() for r in records], n), n),
        ("validate profile (pydantic)", best(lambda: [record_profile(r) for r in typed], n), n),
        ("profile → matcher facts", best(lambda: [normalize(p.facts(), day) for p in profiles], m), m),
        (f"match ({a.matcher})", best(lambda: [matcher.match(f) for f in facts], m), m),
        ("statuses and gap counts (decide)", best(lambda: [verdicts(compiled, r) for r in results], m), m),
        (f"gap texts of the leads (≤{a.near}; XLSX only)", best(leads, m), m),
        ("row summary as JSON (history store)", best(summary_json, m), m),
        ("full report as its JSON line (JSONL only)", best(jsonl, m, passes=1), m),
    ]
    found = [engine.findings(p, as_of=day, matcher=a.matcher) for p in profiles[:300]]
    lines = [line(f, {"row": 1}) for f in found]
    rows.append(("line encoded as UTF-8 (JSONL only)", best(lambda: [x.encode() for x in lines], len(lines)), len(lines)))
    rows.append(("findings packed for the history store (JSONL only)",
                 best(lambda: [pack_findings(f, x) for f, x in zip(found, lines)], len(lines)), len(lines)))
    print(f"# CPU µs per row, {a.matcher} matcher, {len(compiled.programs)} programs, {n} rows ({m} valid)")
    print("| stage | µs/row |")
    print("|---|---:|")
    for name, us, _ in rows:
        print(f"| {name} | {us:,.1f} |")
    size = sum(len(x.encode()) for x in lines) / len(lines)
    kept = sum(len(pack_findings(f, x)) for f, x in zip(found, lines)) / len(lines)
    print(f"\nJSONL line of one report: {size / 1024:,.0f} KB ({sum(map(len, map(pack_line, lines))) / len(lines) / 1024:,.0f} KB"
          f" compressed); the history store keeps {kept / 1024:,.1f} KB of it (its findings)")


if __name__ == "__main__":
    main()
