"""The columnar matcher (polars over a chunk) agrees exactly with the compiled twin and durable.

Chunks of random profiles (hypothesis; values on and around every threshold the rulebooks use,
any field absent, so the Kleene unknown paths are exercised), chunks of extreme values (zero
denominators, integers at the 2^53 limit, huge and tiny numbers), the example profiles, and a
whole screening under ``--matcher columnar`` against the compiled one.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhice.eval import normalize
from zhice.matchers import CompiledMatcher, durable_available
from zhice.matchers.columnar import ColumnarMatcher
from zhice.profile import FIELDS

from conftest import AS_OF, bench_generator, EXAMPLES
from test_matchers_agree import _thresholds, profiles

EXTREMES = [0, 1, 2 ** 53 - 1, -(2 ** 53) + 1, 0.0001, 1e15, 99.9999, 100, 12.5]


@pytest.fixture(scope="module")
def matchers(engine):
    compiled = engine.compiled(AS_OF)
    durable = None
    if durable_available():
        from zhice.matchers.durable import DurableMatcher

        durable = DurableMatcher(compiled)
    return CompiledMatcher(compiled), ColumnarMatcher(compiled), durable, _thresholds(engine)


def _agree(compiled_m, columnar_m, chunk: list[dict], durable_m=None) -> None:
    facts = [normalize(f, AS_OF) for f in chunk]
    got = columnar_m.match_many(facts)
    assert len(got) == len(facts)
    for f, b in zip(facts, got):
        a = compiled_m.match(f)
        assert a.derived == b.derived
        diff = {k: (a.outcomes[k], b.outcomes[k]) for k in a.outcomes if a.outcomes[k] != b.outcomes.get(k)}
        assert not diff and set(a.outcomes) == set(b.outcomes), diff
        if durable_m is not None:
            assert durable_m.match(f) == a


def _columns(facts: list[dict]) -> dict:
    """Normalized facts as typed polars columns, as the columnar screening types a table."""
    import polars as pl

    dtypes = {"integer": pl.Int64, "number": pl.Float64, "date": pl.Int64, "boolean": pl.Boolean, "enum": pl.String,
              "string": pl.String, "list": pl.Object}
    paths = sorted({p for f in facts for p in f if p in FIELDS})
    return {p: pl.Series(p, [f.get(p) for f in facts], dtype=dtypes[FIELDS[p].type]) for p in paths}


def _agree_columns(compiled_m, columnar_m, chunk: list[dict]) -> None:
    """match_columns (typed columns; derived facts worked out over the columns) = compiled, row by row."""
    facts = [normalize(f, AS_OF) for f in chunk]
    values, derived = columnar_m.match_columns(_columns(facts), len(facts), {"var.as_of": AS_OF.toordinal()})
    values = [v if isinstance(v, list) else v.to_list() for v in values]
    for r, f in enumerate(facts):
        a = compiled_m.match(f)
        assert derived(r) == a.derived, r
        got = {key: values[i][r] for key, i in columnar_m.tree_of.items()}
        diff = {k: (a.outcomes[k], got[k]) for k in a.outcomes if a.outcomes[k] != got.get(k)}
        assert not diff and set(a.outcomes) == set(got), diff


def test_columnar_agrees_on_random_chunks(matchers) -> None:
    compiled_m, columnar_m, durable_m, near = matchers

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(profiles(near), min_size=1, max_size=30))
    def check(chunk: list[dict]) -> None:
        _agree(compiled_m, columnar_m, chunk, durable_m)
        _agree_columns(compiled_m, columnar_m, chunk)

    check()


def _extreme(spec) -> st.SearchStrategy:
    if spec.type == "integer":
        return st.sampled_from([v for v in EXTREMES if isinstance(v, int)])
    return st.sampled_from([float(v) for v in EXTREMES])


def test_columnar_agrees_on_extreme_values(matchers) -> None:
    """Numbers at the edges (0 as a denominator, 2^53, 1e15) in random places among ordinary draws."""
    compiled_m, columnar_m, _, near = matchers
    numeric = [p for p, spec in FIELDS.items() if spec.type in ("integer", "number")]
    extremes = st.fixed_dictionaries({p: st.one_of(st.none(), _extreme(FIELDS[p])) for p in numeric}).map(
        lambda d: {k: v for k, v in d.items() if v is not None})

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(st.tuples(profiles(near), extremes).map(lambda t: {**t[0], **t[1]}), min_size=1, max_size=20))
    def check(chunk: list[dict]) -> None:
        _agree(compiled_m, columnar_m, chunk)
        _agree_columns(compiled_m, columnar_m, chunk)

    check()


def test_columnar_agrees_on_the_example_profiles_one_by_one_and_together(matchers) -> None:
    from zhice.profile import load_profile

    compiled_m, columnar_m, durable_m, _ = matchers
    chunk = [load_profile(p).facts() for p in sorted(EXAMPLES.glob("*.yaml"))]
    _agree(compiled_m, columnar_m, chunk, durable_m)
    _agree_columns(compiled_m, columnar_m, chunk)
    for facts in chunk:
        f = normalize(facts, AS_OF)
        assert columnar_m.match(f) == compiled_m.match(f)


def test_a_columnar_screening_equals_the_compiled_one(tmp_path) -> None:
    from zhice.batch.screen import screen

    gen = bench_generator()
    src = tmp_path / "clients.csv"
    gen.generate(400, src, bad=0.02, missing=0.2, seed=5)
    for fmt in ("csv", "jsonl", "xlsx"):
        a = screen([src], tmp_path / f"compiled.{fmt}", jobs=1, as_of=AS_OF, db=False, matcher="compiled",
                   chunk_size=128)
        b = screen([src], tmp_path / f"columnar.{fmt}", jobs=1, as_of=AS_OF, db=False, matcher="columnar",
                   chunk_size=128)
        assert (a.rows_ok, a.rows_error, a.status_counts) == (b.rows_ok, b.rows_error, b.status_counts)
        if fmt != "xlsx":
            assert (tmp_path / f"compiled.{fmt}").read_bytes() == (tmp_path / f"columnar.{fmt}").read_bytes()
