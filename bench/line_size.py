"""Where the bytes of compact (v2) JSONL lines go: the contract's skeleton against what is per client.

    python bench/line_size.py OUT.jsonl

OUT.jsonl is the output of ``zhice screen … --output OUT.jsonl`` (e.g. ``bench/floors.py`` leaves
one in its work folder). For every result line (error lines skipped) it measures, in UTF-8 bytes
of the compact JSON the line is written in:

- the line itself;
- its *skeleton*: the same line with every program entry's lists emptied (``unmet``, ``unknown``,
  ``gaps``, ``missing_fields``) and no roadmap — what DESIGN's keys, the program ids and statuses,
  the profile, ``derived`` and ``summary`` cost whatever the client lacks;
- the per-client parts: the roadmap, the gap texts, the unmet and unknown criterion ids, the
  missing fields (each with its key);

and prints the median of each (and the p90 of the line), so a change to the line or to the
catalog can be weighed against the ~8 KB that DESIGN asks of a line.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

EMPTY: dict[str, Any] = {"unmet": [], "unknown": [], "gaps": {}, "missing_fields": []}


def size(value: Any) -> int:
    """Bytes of ``value`` as the line writes it: compact separators, UTF-8, no ASCII escapes."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def parts(line: dict[str, Any]) -> dict[str, int]:
    """The sizes of one result line and of its parts (see the module)."""
    skeleton = {**line, "programs": [{**p, **EMPTY} for p in line["programs"]], "roadmap": []}
    programs = line["programs"]
    return {
        "line": size(line),
        "skeleton (keys, ids, statuses, profile, derived, summary)": size(skeleton),
        "roadmap": size(line["roadmap"]),
        "gap texts": sum(size(p["gaps"]) for p in programs),
        "unmet + unknown criterion ids": sum(size(p["unmet"]) + size(p["unknown"]) for p in programs),
        "missing fields": sum(size(p["missing_fields"]) for p in programs),
        "programs": len(programs),
        "roadmap steps": len(line["roadmap"]),
    }


def main(path: Path) -> None:
    measured = [parts(json.loads(text)) for text in path.open(encoding="utf-8") if '"error"' not in text[:40]]
    if not measured:
        raise SystemExit(f"{path}: no result lines")
    lines = sorted(m["line"] for m in measured)
    print(f"{len(measured):,} result lines in {path}")
    for key in measured[0]:
        print(f"  {key:<58} median {statistics.median(m[key] for m in measured):>8,.0f}")
    print(f"  {'line p90':<58}        {lines[len(lines) * 9 // 10]:>8,}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
