"""The scoring operand (points / sum / max / min): bands, boundaries, ranges while data is missing,
dated thresholds, a score on a criterion's right side, gap texts, and identical results in both
matchers. The rulebook is tests/fixtures/rulebooks_score/demo/score_demo.yaml; every expected
number below is worked out by hand from that file's bands, not computed by the engine.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhice import Engine
from zhice.ir import NEGATED_OP
from zhice.eval import normalize
from zhice.matchers import durable_available
from zhice.profile import profile_from_data
from zhice.scoring import compare_ranges, range_key, range_text

from conftest import AS_OF, RULEBOOKS

FIXTURE = Path(__file__).parent / "fixtures" / "rulebooks_score" / "demo"
MATCHERS = ["compiled"] + (["durable"] if durable_available() else [])
INF = math.inf


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Engine:
    root = tmp_path_factory.mktemp("rulebooks_score")
    shutil.copytree(RULEBOOKS / "derivations", root / "derivations")
    shutil.copytree(FIXTURE, root / "demo")
    return Engine(root)


@pytest.fixture(scope="module", params=MATCHERS)
def match(request, demo):
    matcher = demo.matcher(AS_OF, request.param)

    def run(facts: dict, as_of: dt.date = AS_OF):
        m = matcher if as_of == AS_OF else demo.matcher(as_of, request.param)
        return m.match(normalize(facts, as_of))
    return run


def score(result, fact: str):
    """(value or None, range or None) of a derived score."""
    return result.derived.get(f"derived.{fact}"), result.derived.get(range_key(f"derived.{fact}"))


def outcome(result, criterion: str):
    return result.outcomes[f"score_demo/criteria/{criterion}"]


# ---- bands ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("debt", "points"), [
    (0, 30), (49.99, 30),   # debt < 50 → 30
    (50, 10), (69.99, 10),  # 50 is not < 50: the next band, debt < 70 → 10
    (70, 0), (120, 0),      # no band holds: else, default 0
])
def test_the_first_band_that_holds_gives_its_points(match, debt, points) -> None:
    value, rng = score(match({"enterprise.debt_ratio": debt}), "demo_debt")
    assert value == points and rng == (points, points)


@pytest.mark.parametrize(("rd", "revenue", "points"), [
    (60, 1000, 40),      # 6 % → 40; amount < 500 → else 5; the better: 40
    (50, 1000, 40),      # exactly 5 % → 40
    (30, 1000, 20),      # exactly 3 % → 20 (better than 5)
    (29.9, 1000, 5),     # 2.99 % → 0; the amount measure's else: 5
    (600, 100000, 40),   # 0.6 % → 0, but ≥ 500 万元 → 40
])
def test_max_takes_the_better_of_two_measures(match, rd, revenue, points) -> None:
    value, _ = score(match({"enterprise.rd_expense": rd, "enterprise.revenue": revenue}), "demo_rd")
    assert value == points


@pytest.mark.parametrize(("self_score", "expected"), [(0, 0), (12.5, 12.5), (30, 30), (80, 30)])
def test_min_caps_a_value(match, self_score, expected) -> None:
    assert score(match({"enterprise.specialized_sme_score": self_score}), "demo_self")[0] == expected


@pytest.mark.parametrize(("patents", "utility", "expected"), [
    (1, 0, (7, 8)), (1, None, (7, 8)),   # [7, 8]: awarded within the range by the assessors
    (0, 3, (1, 2)), (0, 0, (0, 0)), (None, 0, (0, 8)),
])
def test_points_written_as_a_range_are_that_range(match, patents, utility, expected) -> None:
    facts = {k: v for k, v in (("ip.invention_patents", patents), ("ip.utility_models", utility)) if v is not None}
    value, rng = score(match(facts), "demo_expert")
    assert rng == expected and value == (expected[0] if expected[0] == expected[1] else None)


# ---- missing data: a range, never zero ------------------------------------------------------------

def test_an_unknown_band_input_leaves_every_band_possible(match) -> None:
    r = match({})
    assert score(r, "demo_debt") == (None, (0, 30))  # 30, 10 or 0: unknown, not 0
    assert outcome(r, "debt_scored") is None         # "≠ 0" is undecided while 0 is possible


def test_the_better_measure_decides_even_when_the_other_is_unknown(match) -> None:
    # revenue unknown: the share measure is 0–40; the amount measure is 40 → the better is 40
    assert score(match({"enterprise.rd_expense": 600}), "demo_rd") == (40, (40, 40))
    # amount 100 (< 500 → 5), revenue unknown: the share measure is 0–40 → the better is 5–40
    assert score(match({"enterprise.rd_expense": 100}), "demo_rd") == (None, (5, 40))


def test_an_unknown_numeric_field_counts_for_every_value_its_schema_allows(match) -> None:
    # specialized_sme_score is 0–100 in the profile schema; capped at 30 → 0–30
    assert score(match({}), "demo_self") == (None, (0, 30))


def test_a_score_is_met_when_even_its_lowest_total_reaches_the_line(match) -> None:
    # debt 40 → 30; 6 % → 40; self-score unknown → 0–30: total 70–100 ≥ 60 whatever it is
    r = match({"enterprise.debt_ratio": 40, "enterprise.rd_expense": 60, "enterprise.revenue": 1000})
    assert score(r, "demo_total") == (None, (70, 100))
    assert outcome(r, "total_pass") is True


def test_a_score_is_unmet_when_even_its_highest_total_falls_short(match) -> None:
    # debt 80 → 0; 1 % → 0 and amount 10 → 5; self unknown 0–30: total 5–35 < 60
    r = match({"enterprise.debt_ratio": 80, "enterprise.rd_expense": 10, "enterprise.revenue": 1000})
    assert score(r, "demo_total") == (None, (5, 35))
    assert outcome(r, "total_pass") is False


def test_a_range_across_the_line_is_unknown(match) -> None:
    # debt 60 → 10; 4 % → 20; self unknown 0–30: total 30–60, reaches 60 only at its top
    r = match({"enterprise.debt_ratio": 60, "enterprise.rd_expense": 40, "enterprise.revenue": 1000})
    assert score(r, "demo_total") == (None, (30, 60))
    assert outcome(r, "total_pass") is None


@pytest.mark.parametrize(("self_score", "total", "met"), [(30, 60, True), (29, 59, False), (29.5, 59.5, False)])
def test_the_pass_line_itself(match, self_score, total, met) -> None:
    r = match({"enterprise.debt_ratio": 60, "enterprise.rd_expense": 40, "enterprise.revenue": 1000,
               "enterprise.specialized_sme_score": self_score})
    assert score(r, "demo_total") == (total, (total, total))
    assert outcome(r, "total_pass") is met


def test_thresholds_are_dated_parameters(match) -> None:
    facts = {"enterprise.debt_ratio": 60, "enterprise.rd_expense": 40, "enterprise.revenue": 1000,
             "enterprise.specialized_sme_score": 30}
    assert outcome(match(facts), "total_pass") is True                              # 60 ≥ 60
    assert outcome(match(facts, dt.date(2027, 1, 2)), "total_pass") is False        # 60 < 70 from 2027


def test_an_unknown_derived_input_makes_the_score_unknown(match) -> None:
    # derived.ip_class1_count is unknown while ic_layouts is unknown: the score is unknown, not 2–10
    r = match({"ip.invention_patents": 1, "ip.plant_varieties": 0})
    assert score(r, "demo_ip") == (None, None)
    assert outcome(r, "ip_points") is None
    known = {"ip.invention_patents": 0, "ip.plant_varieties": 0, "ip.ic_layouts": 0}
    assert score(match(known), "demo_ip")[0] == 2
    assert score(match(dict(known, **{"ip.ic_layouts": 1})), "demo_ip")[0] == 10


# ---- a score on a criterion's right side ------------------------------------------------------------

@pytest.mark.parametrize(("debt", "employees", "expected"), [
    (40, 35, True), (40, 34, False),        # needs 30 + 5
    (55, 5, True), (55, 4, False),          # needs 0 + 5
    (None, 40, True), (None, 4, False),     # needs 5–35: 40 is enough for any, 4 for none
    (None, 20, None),                       # 20 is enough only if the debt band gives 0
])
def test_a_score_on_the_right_side_of_a_comparison(match, debt, employees, expected) -> None:
    facts = {"enterprise.employees": employees}
    if debt is not None:
        facts["enterprise.debt_ratio"] = debt
    assert outcome(match(facts), "staff_vs_score") is expected


# ---- both matchers, everywhere ----------------------------------------------------------------------

@pytest.mark.skipif(not durable_available(), reason="durable-rules is not installed")
def test_both_matchers_agree_on_a_grid_of_known_and_unknown_inputs(demo) -> None:
    compiled, durable = demo.matcher(AS_OF, "compiled"), demo.matcher(AS_OF, "durable")
    grid = {
        "enterprise.debt_ratio": [None, 49.99, 50, 70],
        "enterprise.rd_expense": [None, 30, 600],
        "enterprise.revenue": [None, 0, 1000],
        "enterprise.specialized_sme_score": [None, 0, 29.5, 100],
        "enterprise.employees": [None, 4, 20, 35],
        "ip.ic_layouts": [None, 0, 2],
    }
    base = {"ip.invention_patents": 0, "ip.plant_varieties": 0}
    for values in itertools.product(*grid.values()):
        facts = dict(base, **{k: v for k, v in zip(grid, values) if v is not None})
        f = normalize(facts, AS_OF)
        assert compiled.match(f) == durable.match(f), facts


# ---- reports: gaps stay quantified; unknowns name their inputs ---------------------------------------

def checkup(engine: Engine, **enterprise):
    profile = profile_from_data({"enterprise": dict(name="测试企业", **enterprise),
                                 "ip": {"invention_patents": 1, "ic_layouts": 0, "plant_varieties": 0}})
    return engine.checkup(profile, as_of=AS_OF, matcher="compiled").program("score_demo")


def test_the_gap_of_an_exact_score_says_how_many_points_are_missing(demo) -> None:
    prog = checkup(demo, debt_ratio=60, rd_expense=40, revenue=1000, specialized_sme_score=22, employees=50)
    total = next(c for c in prog.criteria if c.id == "total_pass")
    assert total.status == "unmet" and total.gap == "总分 52 分，低于 60 分，还差 8 分"  # 10 + 20 + 22


def test_the_gap_of_a_range_counts_from_its_best_total(demo) -> None:
    prog = checkup(demo, debt_ratio=80, rd_expense=10, revenue=1000, employees=50)
    total = next(c for c in prog.criteria if c.id == "total_pass")
    assert total.status == "unmet" and total.gap == "总分 5–35 分，低于 60 分，还差 25 分"


def test_an_undecided_score_lists_the_missing_inputs(demo) -> None:
    prog = checkup(demo, debt_ratio=60, rd_expense=40, revenue=1000, employees=50)
    total = next(c for c in prog.criteria if c.id == "total_pass")
    assert total.status == "unknown"
    assert "enterprise.specialized_sme_score" in total.missing_fields
    assert prog.status == "insufficient_data"
    assert any("专精特新中小企业评价得分" in s for s in prog.next_steps)


def test_describe_spells_out_a_score_operand(demo) -> None:
    prog = checkup(demo, debt_ratio=60, employees=1)
    rhs = next(c for c in prog.criteria if c.id == "staff_vs_score")
    assert rhs.status == "unmet"
    assert "分档得分（资产负债率 < 50% 时得30分；否则得0分）" in rhs.expected and "合计" in rhs.expected
    assert "还差 4 人" in rhs.gap  # needs 0 + 5, has 1


# ---- ranges compared ----------------------------------------------------------------------------------

def test_range_text() -> None:
    show = lambda v: f"{v:g} 分"  # noqa: E731
    assert range_text((52, 67), show) == "52–67 分"
    assert range_text((52, 52), show) == "52 分"
    assert range_text((52, INF), show) == "至少 52 分"
    assert range_text((-INF, INF), show) == "未知"


@pytest.mark.parametrize(("op", "left", "right", "expected"), [
    ("gte", (60, 70), (60, 60), True), ("gte", (50, 59), (60, 60), False), ("gte", (50, 60), (60, 60), None),
    ("gt", (60, 70), (60, 60), None), ("gt", (61, 70), (60, 60), True), ("lt", (50, 59.5), (60, 60), True),
    ("lte", (60, 60), (60, 60), True), ("eq", (60, 60), (60, 60), True), ("eq", (50, 70), (60, 60), None),
    ("eq", (61, 70), (60, 60), False), ("ne", (0, 30), (0, 0), None), ("ne", (10, 30), (0, 0), True),
    ("gte", (40, 40), (5, 35), True), ("gte", (20, 20), (5, 35), None), ("gte", (-INF, INF), (0, 0), None),
])
def test_compare_ranges(op, left, right, expected) -> None:
    assert compare_ranges(op, left, right) is expected


ends = st.one_of(st.integers(-5, 5).map(float), st.just(-INF), st.just(INF))


@given(st.sampled_from(["eq", "ne", "gt", "gte", "lt", "lte"]), ends, ends, ends, ends)
def test_a_negated_comparison_on_ranges_is_the_kleene_negation(op, a, b, c, d) -> None:
    """What lets the durable matcher test met and unmet with two rules (lo for one, hi for the other)."""
    left, right = (min(a, b), max(a, b)), (min(c, d), max(c, d))
    truth, negated = compare_ranges(op, left, right), compare_ranges(NEGATED_OP[op], left, right)
    assert negated is (None if truth is None else not truth)
