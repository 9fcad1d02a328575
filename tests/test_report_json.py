"""The JSON line screening writes (zhice.report_json) is, byte for byte, the checkup's Report as
pydantic serialises it: for every example profile at several dates, for generated portfolio
rows (blank cells included), and for random profiles (hypothesis)."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from zhice.batch.readers import read_profiles
from zhice.profile import Profile, load_profile, profile_from_data
from zhice.report_json import line, value_json

from conftest import AS_OF, EXAMPLES, bench_generator, profile_from_facts

# before the catalog's programs took effect, today, and after some of them have expired
DATES = [dt.date(2024, 3, 1), AS_OF, dt.date(2031, 1, 1)]


def expected_line(engine, profile: Profile, head: dict[str, Any] | None, **kw: Any) -> str:
    """What screening wrote before: the head's keys, then the checkup's Report through pydantic."""
    text = engine.checkup(profile, **kw).model_dump_json()
    return json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + "," + text[1:] if head else text


def assert_same_line(engine, profile: Profile, head: dict[str, Any] | None = None, **kw: Any) -> None:
    want = expected_line(engine, profile, head, **kw)
    got = line(engine.findings(profile, **kw), head)
    if got != want:
        at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        around = slice(max(0, at - 120), at + 120)
        pytest.fail(f"lines differ at {at}:\n fast: …{got[around]}\n model: …{want[around]}")


@pytest.mark.parametrize("day", DATES, ids=str)
def test_example_profiles_give_the_reports_bytes(engine, day) -> None:
    examples = sorted(EXAMPLES.glob("*.yaml"))
    assert len(examples) >= 10
    for i, path in enumerate(examples):
        profile = load_profile(path)
        if profile.enterprise.registered_on and profile.enterprise.registered_on > day:
            continue   # founded after the as-of date: refused (DESIGN)
        assert_same_line(engine, profile, {"row": i + 1, "input": path.name}, as_of=day, matcher="compiled")


def test_the_durable_matcher_and_a_program_filter_give_the_reports_bytes(engine) -> None:
    pytest.importorskip("durable.engine")
    profile = load_profile(sorted(EXAMPLES.glob("*.yaml"))[0])
    assert_same_line(engine, profile, {"row": 7}, as_of=AS_OF, matcher="durable")
    assert_same_line(engine, profile, None, as_of=AS_OF, matcher="compiled", programs=["jinzhongzi", "gbt29490"])


@pytest.mark.parametrize("missing", [0.15, 0.6])
def test_generated_rows_give_the_reports_bytes(engine, tmp_path, missing) -> None:
    src = tmp_path / "clients.csv"
    bench_generator().generate(120, src, bad=0.02, missing=missing, seed=11)
    checked = 0
    for row, profile in read_profiles(src):
        if isinstance(profile, Profile):
            assert_same_line(engine, profile, {"row": row, "input": "客户 \"A\"\n.csv"}, as_of=AS_OF,
                             matcher="compiled")
            checked += 1
    assert checked >= 100


@pytest.fixture(scope="module")
def strategy(engine):
    """Random profiles drawn near the rulebooks' thresholds, every field possibly absent."""
    agree = pytest.importorskip("test_matchers_agree")
    return agree.profiles(agree._thresholds(engine))


def test_random_profiles_give_the_reports_bytes(engine, strategy) -> None:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.data_too_large])
    @given(strategy, st.sampled_from(DATES), st.text(max_size=8))
    def check(facts: dict, day: dt.date, name: str) -> None:
        profile = profile_from_facts(facts, name or "某公司")
        assume(profile is not None)
        assume(profile.enterprise.registered_on is None or profile.enterprise.registered_on <= day)  # else refused
        assert_same_line(engine, profile, {"row": 1}, as_of=day, matcher="compiled")

    check()


class _Any(BaseModel):
    v: Any


class _Float(BaseModel):
    v: float | None
    r: list[float] | None = None


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3),
                    max_leaves=8))
def test_values_are_written_as_pydantic_writes_them(value) -> None:
    assert '{"v":' + value_json(value) + "}" == _Any(v=value).model_dump_json()


@given(st.floats() | st.sampled_from([1e16, 1e-5, 1e-4, 123456789012345680.0, -0.0, 0.1, 1e300, math.inf]))
def test_floats_are_written_as_pydantic_writes_them(value) -> None:
    assert '{"v":' + value_json(value) + ',"r":' + value_json([value, value]) + "}" == \
        _Float.model_construct(v=value, r=[value, value]).model_dump_json()


def test_remembered_outcomes_are_worked_out_again_alike(engine, strategy) -> None:
    """Criterion outcomes are remembered by the values of the facts they read (evaluate.criterion_outcome):
    each equals the outcome worked out afresh for the profile at hand."""
    from zhice.evaluate import context_of, static_of, _work_out, outcomes
    from zhice.eval import normalize

    compiled, matcher = engine.compiled(AS_OF), engine.matcher(AS_OF, "compiled")
    static = static_of(compiled)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.data_too_large])
    @given(strategy)
    def check(facts: dict) -> None:
        f = normalize(facts, AS_OF)
        result = matcher.match(f)
        ctx = context_of(compiled, result, f)
        for program in outcomes(compiled, result, f):
            for c in program.criteria + program.scope:
                assert c == _work_out(c.el, result.outcomes.get(c.el.key), ctx, static)

    check()
    assert static.outcomes, "nothing was remembered"


def test_a_remembered_outcome_tells_the_ranges_of_a_score_apart(engine) -> None:
    """A score known only as a range is absent from the facts: its range is part of what is remembered."""
    from zhice.evaluate import context_of, static_of, _work_out, outcomes
    from zhice.eval import normalize
    from zhice.matchers import MatchResult
    from zhice.scoring import range_key

    compiled = engine.compiled(AS_OF)
    static = static_of(compiled)
    ranged = {o.fact for o in compiled.outputs if o.ranged}
    el = next(el for el in compiled.elements() if el.element is not None and el.part == "criteria"
              and len(static.fields[el.key]) == 1 and static.fields[el.key][0] in ranged)
    fact = static.fields[el.key][0]
    f = normalize({"enterprise.name": "甲"}, AS_OF)
    gaps = []
    for bounds in [(7.0, 8.0), (35.5, 36.5), (7.0, 8.0)]:
        result = MatchResult({el.key: False}, {range_key(fact): bounds})
        [c] = [c for p in outcomes(compiled, result, f) for c in p.criteria if c.el is el]
        assert c == _work_out(el, False, context_of(compiled, result, f), static)
        gaps.append(c.gap)
    assert gaps[0] != gaps[1] and gaps[0] == gaps[2], gaps


def test_remembered_outcomes_tell_minus_zero_ints_and_absent_facts_apart(engine) -> None:
    """-0.0 and 0.0, 0 and 0.0 are equal keys of a dict: the outcomes must not be mixed up."""
    written = []
    for value in [0.0, -0.0, 0, None, 0.0]:
        data = {"enterprise": {"name": "甲", "debt_ratio": value, "revenue": 100.0}}
        profile = profile_from_data({k: {f: v for f, v in d.items() if v is not None} for k, d in data.items()})
        text = line(engine.findings(profile, as_of=AS_OF, matcher="compiled"))
        written.append(text.count('"enterprise.debt_ratio":-0.0') and "-0.0" or
                       text.count('"enterprise.debt_ratio":0.0') and "0.0" or
                       text.count('"enterprise.debt_ratio":null') and "null" or "?")
    assert written == ["0.0", "-0.0", "0.0", "null", "0.0"]


def test_reports_do_not_share_the_remembered_outcomes_lists(engine) -> None:
    """Outcomes are shared between profiles; the Reports made of them are each a copy."""
    changed = 0
    for path in sorted(EXAMPLES.glob("*.yaml")):
        profile = load_profile(path)
        first = engine.checkup(profile, as_of=AS_OF, matcher="compiled")
        want = first.model_dump_json()
        for p in first.programs:
            for c in p.criteria + p.scope:
                c.next_steps.append("改")
                c.missing_fields.append("改")
                for value in c.actual.values():
                    if isinstance(value, list):
                        value.append("改")
                        changed += 1
        assert engine.checkup(profile, as_of=AS_OF, matcher="compiled").model_dump_json() == want
        assert line(engine.findings(profile, as_of=AS_OF, matcher="compiled")) == want
    assert changed, "no example shows a list value"
