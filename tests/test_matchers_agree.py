"""The durable matcher and its compiled twin agree exactly, on random profiles (hypothesis).

Values are drawn near the thresholds the rulebooks use, and every field may be absent, so
the Kleene "unknown" paths are exercised as much as the met and unmet ones.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("durable.engine")

from zhice.ir import Agg, Bands, Calc, Const, leaves  # noqa: E402
from zhice.eval import normalize  # noqa: E402
from zhice.matchers import CompiledMatcher  # noqa: E402
from zhice.matchers.durable import DurableMatcher  # noqa: E402
from zhice.profile import FIELDS  # noqa: E402

from conftest import AS_OF  # noqa: E402

INDUSTRIES = ["A01", "B06", "C27", "C34", "C39", "D44", "E47", "F51", "F52", "G54", "G59", "G60", "H62", "I63",
              "I65", "K701", "K702", "K70", "L72", "M73", "C"]


def _thresholds(engine) -> dict[str, list]:
    """Every constant a rule compares a field with, so draws land on and around them."""
    out: dict[str, list] = {}
    compiled = engine.compiled(AS_OF)
    nodes = [e.node for e in compiled.elements()] + [n for o in compiled.outputs if o.cases for _, n in o.cases]
    nodes += [n for o in compiled.outputs if o.compute is not None for n in band_conditions(o.compute)]
    for node in nodes:
        for leaf in leaves(node):
            if isinstance(leaf.right, Const) and isinstance(leaf.right.value, (int, float)) and not isinstance(leaf.right.value, bool):
                out.setdefault(leaf.left, []).append(leaf.right.value)
    return out


def band_conditions(op) -> list:
    """The conditions of every band of a score, so that draws land on the band edges too."""
    if isinstance(op, Bands):
        return [c for c, _ in op.cases] + [n for _, pts in op.cases for n in band_conditions(pts)]
    if isinstance(op, Agg):
        return [n for item in op.items for n in band_conditions(item)]
    if isinstance(op, Calc):
        return band_conditions(op.left) + band_conditions(op.right)
    return []


def field_strategy(path: str, spec, near: list) -> st.SearchStrategy:
    if spec.type == "boolean":
        return st.booleans()
    if spec.type == "enum":
        return st.sampled_from(spec.choices)
    if spec.type == "date":
        return st.dates(dt.date(1990, 1, 1), dt.date(2027, 12, 31))
    if spec.type == "list":
        return st.lists(st.sampled_from(["US", "EU", "SE", "GR", "GB", "JP", "KR", "BR"]), max_size=3, unique=True)
    if path == "enterprise.industry":
        return st.sampled_from(INDUSTRIES)
    if spec.type == "string":
        return st.sampled_from(["浙江省", "江苏省", "杭州市", "宁波市", "某地"])
    hi = spec.maximum if spec.maximum is not None else 10**6
    base = [max(0, v + d) for v in near for d in (-1, 0, 1)]
    if spec.type == "integer":
        pool = st.sampled_from([int(b) for b in base]) if base else st.integers(0, 50)
        return st.one_of(pool, st.integers(0, int(min(hi, 2000))))
    pool = st.sampled_from([float(b) for b in base]) if base else st.floats(0, 100)
    return st.one_of(pool, st.floats(0, float(min(hi, 10**6)), allow_nan=False, allow_infinity=False))


@pytest.fixture(scope="module")
def matchers(engine):
    compiled = engine.compiled(AS_OF)
    return CompiledMatcher(compiled), DurableMatcher(compiled), _thresholds(engine)


def profiles(near: dict) -> st.SearchStrategy:
    items = {path: st.one_of(st.none(), field_strategy(path, spec, near.get(path, []))) for path, spec in FIELDS.items()}
    return st.fixed_dictionaries(items).map(lambda d: {k: v for k, v in d.items() if v is not None})


def test_matchers_agree_on_random_profiles(matchers) -> None:
    compiled_m, durable_m, near = matchers

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(profiles(near))
    def check(facts: dict) -> None:
        f = normalize(facts, AS_OF)
        a, b = compiled_m.match(f), durable_m.match(f)
        assert a.derived == b.derived
        diff = {k: (a.outcomes[k], b.outcomes[k]) for k in a.outcomes if a.outcomes[k] != b.outcomes[k]}
        assert not diff, diff

    check()


def test_matchers_agree_on_the_example_profiles(matchers) -> None:
    from conftest import EXAMPLES
    from zhice.profile import load_profile

    compiled_m, durable_m, _ = matchers
    for path in sorted(EXAMPLES.glob("*.yaml")):
        f = normalize(load_profile(path).facts(), AS_OF)
        assert compiled_m.match(f) == durable_m.match(f), path.name
