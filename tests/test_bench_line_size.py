"""bench/line_size.py (where a compact JSONL line's bytes go) measures what its docstring says."""

from __future__ import annotations

import json

from zhice.batch.screen import screen

from conftest import bench_generator, bench_module


def test_the_parts_add_up_to_the_line(tmp_path, capsys):
    src = tmp_path / "clients.csv"
    bench_generator().generate(40, src, bad=0.05, missing=0.15, seed=5)
    out = tmp_path / "o.jsonl"
    screen([src], out, jobs=1, as_of="2026-11-21", db=False)
    mod = bench_module("line_size")
    texts = out.read_text(encoding="utf-8").splitlines()
    results = [json.loads(t) for t in texts if "error" not in json.loads(t)]
    assert results and len(results) < len(texts)              # error lines are in the file, and skipped
    for text, line in zip([t for t in texts if "error" not in json.loads(t)], results):
        p = mod.parts(line)
        assert p["line"] == len(text.encode("utf-8"))          # the line as written: compact, UTF-8
        # the skeleton holds each emptied list's brackets; the parts hold them again with their content
        brackets = sum(mod.size(v) for q in line["programs"] for v in mod.EMPTY.values()) + mod.size([])
        assert p["line"] == (p["skeleton (keys, ids, statuses, profile, derived, summary)"] - brackets
                             + p["roadmap"] + p["gap texts"] + p["unmet + unknown criterion ids"] + p["missing fields"])
        assert p["programs"] == len(line["programs"]) and p["roadmap steps"] == len(line["roadmap"])
    mod.main(out)
    printed = capsys.readouterr().out
    assert f"{len(results):,} result lines" in printed and "line p90" in printed
