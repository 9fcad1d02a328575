"""What the profile costs a cold start: ``python bench/profile_cold.py [RUNS]``.

Each run is a fresh interpreter that times, in order: the floor (``import pydantic, yaml, click``),
``import zhice.profile`` after it (the field catalogue is read; no pydantic model is built), the
first validated profile (the model is built then), and, separately, reading the catalogue and
building its model. Medians of RUNS runs (default 9), and the first two as a ratio to the floor.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CODE = """
import json, time
t0 = time.perf_counter()
import pydantic, yaml, click
t1 = time.perf_counter()
import zhice.profile
t2 = time.perf_counter()
zhice.profile.load_profile('profiles/examples/micro_software_startup.yaml').facts()
t3 = time.perf_counter()
from zhice.profile.catalogue import load_catalogue, shipped_catalogue_file
from zhice.profile.model import fast_model as build_model
cat = load_catalogue(shipped_catalogue_file())
t4 = time.perf_counter()
build_model(cat)
t5 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]))
"""

NAMES = ("floor: import pydantic, yaml, click", "import zhice.profile (after the floor)",
         "first validated profile (model built)", "read the catalogue", "build the model")


def main(runs: int = 9) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO / "engine"))
    rows = [json.loads(subprocess.run([sys.executable, "-c", CODE], env=env, cwd=REPO, check=True,
                                      capture_output=True, text=True).stdout) for _ in range(runs)]
    med = [statistics.median(r[i] for r in rows) * 1000 for i in range(len(NAMES))]
    for name, ms in zip(NAMES, med, strict=True):
        print(f"{name:40s} {ms:7.1f} ms")
    print(f"import + first validated profile: {med[1] + med[2]:.1f} ms = {(med[1] + med[2]) / med[0]:.2f}x the floor")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
