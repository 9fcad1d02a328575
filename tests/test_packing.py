"""What the history store keeps of a JSONL row (zhice.batch.packing) gives back, byte for byte,
the line the worker wrote: for every example profile at several dates, generated portfolio rows
and random profiles; error lines and lines from an earlier version's store read back as they were."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings

from zhice.batch.packing import pack_findings, pack_line, unpack_line
from zhice.batch.readers import read_profiles
from zhice.profile import Profile, load_profile
from zhice.report_json import line

from conftest import AS_OF, EXAMPLES, bench_generator, profile_from_facts

DATES = [dt.date(2024, 3, 1), AS_OF, dt.date(2031, 1, 1)]


def round_trip(engine, profile: Profile, head: dict[str, Any], day: dt.date) -> bytes:
    findings = engine.findings(profile, as_of=day, matcher="compiled")
    text = line(findings, head)
    blob = pack_findings(findings, text)
    assert unpack_line(blob, engine.compiled(day), head) == text
    return blob


@pytest.mark.parametrize("day", DATES, ids=str)
def test_example_profiles_are_stored_as_findings_and_give_their_lines_back(engine, day) -> None:
    for i, path in enumerate(sorted(EXAMPLES.glob("*.yaml"))):
        profile = load_profile(path)
        if profile.enterprise.registered_on and profile.enterprise.registered_on > day:
            continue   # founded after the as-of date: refused (DESIGN)
        blob = round_trip(engine, profile, {"row": i + 1, "input": path.name}, day)
        assert blob[:1] == b"F", path.name


def test_generated_rows_give_their_lines_back_from_a_fraction_of_the_bytes(engine, tmp_path) -> None:
    src = tmp_path / "clients.csv"
    bench_generator().generate(120, src, bad=0.02, missing=0.3, seed=5)
    stored = whole = 0
    for row, profile in read_profiles(src):
        if isinstance(profile, Profile):
            blob = round_trip(engine, profile, {"row": row}, AS_OF)
            assert blob[:1] == b"F"
            stored += len(blob)
            whole += len(pack_line(line(engine.findings(profile, as_of=AS_OF), {"row": row})))
    assert stored * 5 < whole, (stored, whole)


def test_random_profiles_give_their_lines_back(engine) -> None:
    agree = pytest.importorskip("test_matchers_agree")
    strategy = agree.profiles(agree._thresholds(engine))

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.data_too_large])
    @given(strategy)
    def check(facts: dict) -> None:
        profile = profile_from_facts(facts)
        assume(profile is not None)
        assume(profile.enterprise.registered_on is None or profile.enterprise.registered_on <= AS_OF)  # else refused
        round_trip(engine, profile, {"row": 3, "input": "b.csv"}, AS_OF)

    check()


def test_findings_json_would_change_are_stored_as_the_line(engine) -> None:
    """A dict with non-text keys comes back from JSON with text keys: such a row keeps its line."""
    profile = load_profile(sorted(EXAMPLES.glob("*.yaml"))[0])
    findings = engine.findings(profile, as_of=AS_OF)
    odd = dataclasses.replace(findings, fields={**findings.fields, "derived": {**findings.fields["derived"],
                                                                                "x": {1: 2}}})
    text = line(odd, {"row": 1})
    blob = pack_findings(odd, text)
    assert blob[:1] == b"L"
    assert unpack_line(blob, engine.compiled(AS_OF), {"row": 1}) == text


def test_error_lines_and_an_earlier_stores_lines_read_back(engine) -> None:
    text = json.dumps({"row": 4, "error": {"path": "enterprise.name", "message": "缺少"}}, ensure_ascii=False)
    compiled = engine.compiled(AS_OF)
    assert unpack_line(pack_line(text), compiled, {"row": 4}) == text
    assert unpack_line(zlib.compress(text.encode("utf-8")), compiled, {"row": 4}) == text   # before findings


def test_findings_of_other_rulebooks_are_refused(engine) -> None:
    profile = load_profile(sorted(EXAMPLES.glob("*.yaml"))[0])
    findings = engine.findings(profile, as_of=AS_OF)
    data = json.loads(zlib.decompress(pack_findings(findings, "")[1:]))
    active = next(p for p in data[2] if p[5])
    active[5].pop()
    blob = b"F" + zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    with pytest.raises(ValueError, match="do not fit these rulebooks"):
        unpack_line(blob, engine.compiled(AS_OF), {"row": 1})
