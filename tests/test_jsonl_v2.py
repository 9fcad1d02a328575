"""The compact JSONL line (contract v2), `--full-reports` (v1) and the static catalog it joins to.

A v2 line is what differs from client to client; every value in it must be the one the full
checkup report gives (it is a projection of that report), and everything it leaves out must be
in `zhice programs --format json`, keyed by the same rulebooks digest.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from click.testing import CliRunner

from zhice.batch.readers import read_profiles
from zhice.batch.screen import screen
from zhice.profile import Profile

from conftest import bench_generator

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-21"
KEYS = ["row", "schema_version", "engine_version", "rulebooks_digest", "as_of", "profile", "derived", "summary",
        "programs", "roadmap"]
PROGRAM_KEYS = ["id", "status", "score", "unmet", "unknown", "gaps", "missing_fields"]
APPLICABLE = ("eligible", "gap", "insufficient_data")


def _generate(rows: int, path: Path, seed: int) -> Path:
    mod = bench_generator()
    mod.generate(rows, path, bad=0.02, missing=0.15, seed=seed)
    return path


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Path:
    return _generate(200, tmp_path_factory.mktemp("v2") / "clients.csv", seed=23)


@pytest.fixture(scope="module")
def lines(portfolio, tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("v2out") / "o.jsonl"
    screen([portfolio], out, jobs=1, as_of=AS_OF, db=False)
    return [json.loads(t) for t in out.read_text(encoding="utf-8").splitlines()]


def reduced(report: dict) -> dict:
    """What a v2 line says, read off the full report (DESIGN: CLI, the JSONL line): details for
    the applicable programs (every unmet criterion's gap text), roadmap steps as texts."""
    programs = []
    for p in report["programs"]:
        unmet = [c for c in p["criteria"] if c["status"] == "unmet"]
        if p["status"] not in APPLICABLE:
            programs.append({"id": p["id"], "status": p["status"], "score": p["score"], "unmet": [], "unknown": [],
                             "gaps": {}, "missing_fields": []})
            continue
        programs.append({"id": p["id"], "status": p["status"], "score": p["score"],
                         "unmet": [c["id"] for c in unmet],
                         "unknown": [c["id"] for c in p["criteria"] + p["scope"] if c["status"] == "unknown"],
                         "gaps": {c["id"]: c["gap"] for c in unmet}, "missing_fields": p["missing_fields"]})
    return {"schema_version": 2, "engine_version": report["engine_version"],
            "rulebooks_digest": report["rulebooks_digest"], "as_of": report["as_of"], "profile": report["profile"],
            "derived": report["derived"], "summary": report["summary"], "programs": programs,
            "roadmap": [{"step": s["step"], "unlocks": s["unlocks"]} for s in report["roadmap"]]}


def joined(line: dict, catalog: dict) -> dict:
    """A v2 line joined back to the catalog of its digest, as README shows: a gap the line leaves
    out is the catalog criterion's ``gap``, a roadmap step id the catalog step's text."""
    programs = []
    assert [p["id"] for p in line["programs"]] == [p["id"] for p in catalog["programs"]]
    for p, entry in zip(line["programs"], catalog["programs"]):
        crit = {c["id"]: c for c in entry["criteria"] if c["part"] == "criteria"}
        for cid, text in p["gaps"].items():
            assert cid in p["unmet"] and text != crit[cid]["gap"], (p["id"], cid)   # only the client's own
        programs.append({**p, "gaps": {cid: p["gaps"].get(cid, crit[cid]["gap"]) for cid in p["unmet"]}})
    return {**{k: v for k, v in line.items() if k not in ("row", "programs", "roadmap")}, "programs": programs,
            "roadmap": [{"step": catalog["steps"].get(s["step"], s["step"]), "unlocks": s["unlocks"]}
                        for s in line["roadmap"]]}


def catalog_of(engine) -> dict:
    from zhice.catalog import program_catalog

    return program_catalog(engine.compiled(__import__("datetime").date.fromisoformat(AS_OF)))


def test_a_line_has_exactly_the_contracts_keys_in_input_order(lines, portfolio):
    assert [d["row"] for d in lines] == [row for row, _ in read_profiles(portfolio)]
    errors = [d for d in lines if "error" in d]
    assert errors, "the portfolio has bad rows"
    for d in errors:
        assert list(d) == ["row", "error"] and {"path", "message"} <= set(d["error"])
    for d in lines:
        if "error" in d:
            continue
        assert list(d) == KEYS
        assert list(d["profile"]) == ["name", "credit_code", "digest"]
        assert all(list(p) == PROGRAM_KEYS for p in d["programs"])
        assert all(list(s) == ["step", "unlocks"] for s in d["roadmap"])


@pytest.mark.parametrize("matcher", ["compiled", "durable"])
def test_every_value_is_the_full_reports(engine, lines, portfolio, matcher):
    """The compact line of a row equals the projection of that profile's checkup report."""
    from zhice.matchers import durable_available

    if matcher == "durable" and not durable_available():
        pytest.skip("durable-rules is not available on this Python")
    by_row = {d["row"]: d for d in lines}
    catalog = catalog_of(engine)
    checked = 0
    for row, prof in read_profiles(portfolio):
        if not isinstance(prof, Profile):
            continue
        report = engine.checkup(prof, as_of=AS_OF, matcher=matcher).to_json_dict()
        assert joined(by_row[row], catalog) == reduced(report), row
        checked += 1
        if matcher == "durable" and checked >= 40:
            break
    assert checked >= 40


def test_example_profiles_compact_equals_their_reports(engine):
    from zhice import __version__
    from zhice.profile import load_profile
    from zhice.report_json import compact, compact_line

    for path in sorted((REPO / "profiles" / "examples").glob("*.yaml")):
        prof = load_profile(path)
        report = engine.checkup(prof, as_of=AS_OF, matcher="compiled").to_json_dict()
        a = engine.assess(prof, as_of=AS_OF, matcher="compiled")
        who = {"name": prof.enterprise.name, "credit_code": prof.enterprise.credit_code, "digest": prof.digest()}
        fields, statuses, _ = compact(a.compiled, a.result, a.facts, a.verdicts, who,
                                      engine._roadmap_links(a.compiled.as_of), __version__)
        assert joined(json.loads(compact_line(fields)), catalog_of(engine)) == reduced(report), path.name
        assert statuses == {p["id"]: [p["status"], sum(c["status"] == "unmet" for c in p["criteria"])]
                            for p in report["programs"]}


def test_full_reports_writes_the_v1_checkup_line(engine, portfolio, tmp_path):
    out = tmp_path / "full.jsonl"
    r = CliRunner().invoke(__import__("zhice.cli", fromlist=["cli"]).cli,
                           ["screen", str(portfolio), "-o", str(out), "--full-reports", "--as-of", AS_OF, "--no-db",
                            "-j", "1"])
    assert r.exit_code == 0, r.output
    full = [json.loads(t) for t in out.read_text(encoding="utf-8").splitlines()]
    profiles = dict(read_profiles(portfolio))
    for d in full[:30]:
        if "error" in d:
            assert list(d) == ["row", "error"]
            continue
        expected = engine.checkup(profiles[d["row"]], as_of=AS_OF, matcher="compiled").to_json_dict()
        assert d["schema_version"] == 1 and {k: v for k, v in d.items() if k != "row"} == expected


def _median_size(lines: list[dict]) -> float:
    return statistics.median(len(json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
                             for d in lines if "error" not in d)


def test_a_line_is_a_few_kb_with_the_whole_catalog(lines):
    """The median line of this portfolio (its clients miss 15 % of their values) with the 44
    programs of the catalog is ~12.7 KB (288 B a program: each program's entry with its keys and
    ids, the gap texts that name the client's shortfall, the roadmap's step ids and the programs
    each unlocks), against ~5 KB a program for the whole report. Held to 300 B a program (it was
    320), so a regression to report-sized lines fails."""
    programs = max(len(d["programs"]) for d in lines if "error" not in d)
    assert _median_size(lines) <= 300 * programs, (_median_size(lines), programs)


@pytest.mark.xfail(strict=True, reason="DESIGN's ~8 KB is not reached with the contract's keys and ids (~12.7 KB "
                                       "at 44 programs): the entries' keys and ids alone are ~5 KB, the roadmap ~3 KB")
def test_a_line_is_at_most_8_kb_with_the_whole_catalog(lines):
    assert _median_size(lines) <= 8 * 1024, _median_size(lines)


def test_a_line_joins_back_to_the_catalog_of_its_digest(lines):
    from zhice.cli import cli

    r = CliRunner().invoke(cli, ["programs", "--format", "json", "--as-of", AS_OF])
    assert r.exit_code == 0, r.output
    catalog = json.loads(r.output)
    assert set(catalog) >= {"rulebooks_digest", "engine_version", "programs"}
    programs = {p["id"]: p for p in catalog["programs"]}
    for p in programs.values():
        assert p["title"] and p["sources"] is not None and "how_to_apply" in p
        assert all(c["title"] and c["expected"] and c["part"] in ("criteria", "scope") for c in p["criteria"])
    for d in lines:
        if "error" in d:
            continue
        assert d["rulebooks_digest"] == catalog["rulebooks_digest"]
        for p in d["programs"]:
            criteria = {c["id"] for c in programs[p["id"]]["criteria"]}
            assert set(p["unmet"]) | set(p["unknown"]) | set(p["gaps"]) <= criteria, p["id"]
        for s in d["roadmap"]:
            assert s["step"] in catalog["steps"] or s["step"].startswith("补充信息："), s["step"]
            assert set(s["unlocks"]) <= set(programs)


def test_the_catalogs_texts_are_the_reports(engine):
    """The catalog's titles, expected values and next steps are the texts a full report gives."""
    from zhice.catalog import program_catalog
    from zhice.profile import load_profile

    catalog = program_catalog(engine.compiled(__import__("datetime").date.fromisoformat(AS_OF)))
    programs = {p["id"]: p for p in catalog["programs"]}
    report = engine.checkup(load_profile(REPO / "profiles" / "examples" / "half_missing_data.yaml"), as_of=AS_OF)
    for p in report.programs:
        entry = programs[p.id]
        assert entry["title"] == p.title and entry["sources"] == p.sources
        texts = {c["id"]: c for c in entry["criteria"]}
        for c in p.criteria + p.scope:
            assert texts[c.id]["title"] == c.title and texts[c.id]["expected"] == c.expected
            if c.status == "unmet":
                assert texts[c.id]["next_steps"] == c.next_steps
                # the catalog's gap is what a client gets unless its own shortfall is worded
                assert texts[c.id]["gap"] is None or texts[c.id]["gap"] == c.gap or any(
                    ch.isdigit() for ch in c.gap), (p.id, c.id)
