"""The scored programs reproduce their scoring tables: worked examples computed by hand, and the
engine checked against an independent reference written here from the research notes
(/work/shared/domain/criteria.md §5a, §5b, §8a, §8b) — not from the rulebooks.

Each reference takes a complete profile (every input known) and returns the points; the
engine's derived scores must equal it, under both matchers for the worked examples and under the
compiled matcher for random profiles drawn around every band edge.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.matcher import durable_available, normalize

from conftest import AS_OF

MATCHERS = ["compiled"] + (["durable"] if durable_available() else [])


def first(bands: list[tuple[bool, float]], otherwise: float = 0) -> float:
    """The points of the first band that holds."""
    return next((pts for holds, pts in bands if holds), otherwise)


def share_at_least(part: float, whole: float, percent: float) -> bool:
    """part is at least ``percent`` % of whole (a zero whole has no share). Written as a product,
    the way a 万元 ledger check is done, so that exact band edges are not lost to rounding."""
    return whole > 0 and part >= whole * (percent / 100)


# ---- 创新型中小企业 (§5a) ---------------------------------------------------------------------------

def innovative_reference(e: dict, ip: dict) -> dict[str, float]:
    """Categories and total of the 2022 创新型中小企业 table. Stand-ins as the rulebook states them:
    营业收入 growth for 主营业务收入 growth; invention-patent flags for the main product's Ⅰ类."""
    class1 = ip["class1_main_product"] >= 1
    ip_points = first([(class1 and ip["high_value_invention_patents"] >= 1, 20),
                       (class1 and ip["invention_patents_self_developed"] >= 1, 15),
                       (class1, 10),
                       (ip["utility_models"] + ip["designs"] + ip["software_copyrights"] >= 1, 5)])
    rd_points = first([(share_at_least(e["rd_expense"], e["revenue"], pct), pts) for pct, pts in ((5, 20), (3, 15), (2, 10), (1, 5))])
    # growth ≥ 15 % ⇔ revenue ≥ 1.15 × last year's (a zero last year: any revenue is full growth)
    growth_points = first([(e["revenue"] >= e["revenue_prev"] * k, pts) for k, pts in ((1.15, 20), (1.10, 15), (1.05, 10), (1.0, 5))])
    debt_points = first([(e["debt_ratio"] < 55, 10), (e["debt_ratio"] <= 75, 5)])
    field_points = 10 if e["in_strategic_emerging"] else 5
    main = e["main_business_share"]
    share_points = first([(main >= 70, 20), (main >= 60, 15), (main >= 55, 10), (main >= 50, 5)])
    out = {"innovation": ip_points + rd_points, "growth": growth_points + debt_points,
           "specialization": field_points + share_points}
    out["total"] = sum(out.values())
    return out


def innovative_facts(e: dict, ip: dict) -> dict:
    facts = {f"enterprise.{k}": v for k, v in e.items()}
    facts.update({f"ip.{k}": v for k, v in ip.items()})
    facts.update({"enterprise.industry": "C34", "enterprise.employees": 120})  # a small industrial SME
    facts.update(NO_DIRECT_PASS)
    return facts


NO_DIRECT_PASS = {"qualifications.high_tech_enterprise": False, "qualifications.ip_advantage_enterprise": False,
                  "qualifications.ip_demonstration_enterprise": False, "qualifications.rd_institution": "none",
                  "qualifications.science_award_3y": False, "enterprise.equity_financing_2y": 0.0}


def test_innovative_sme_worked_example(engine) -> None:
    """By hand, from the table:
    知识产权: main-product Ⅰ类 1, self-developed, not high-value → 15
    研发: 45 / 1200 = 3.75 %  → 3–5 % → 15            创新能力 30
    增长: 1200 / 1100 = 9.1 % → 5–10 % → 10
    负债: 58 %                 → 55–75 % → 5            成长性 15
    领域: not 战略性新兴产业    → 5
    主营: 66 %                 → 60–70 % → 15           专业化 20
    total 65 ≥ 60, and 30 ≥ 20, 15 ≥ 15, 20 ≥ 15 → every criterion met."""
    e = {"revenue": 1200.0, "revenue_prev": 1100.0, "rd_expense": 45.0, "debt_ratio": 58.0,
         "in_strategic_emerging": False, "main_business_share": 66.0}
    ip = {"class1_main_product": 1, "high_value_invention_patents": 0, "invention_patents_self_developed": 1,
          "utility_models": 0, "designs": 0, "software_copyrights": 0}
    assert innovative_reference(e, ip) == {"innovation": 30, "growth": 15, "specialization": 20, "total": 65}
    for m in MATCHERS:
        r = engine.matcher(AS_OF, m).match(normalize(innovative_facts(e, ip), AS_OF))
        assert [r.derived[f"derived.innovative_sme_{k}"] for k in ("innovation", "growth", "specialization", "total")] \
            == [30, 15, 20, 65], m
        assert all(r.outcomes[f"innovative_sme/criteria/{c}"] is True
                   for c in ("score_total", "innovation_min", "growth_min", "specialization_min")), m
    # one more point of debt ratio past 75 % drops 成长性 to 10 < 15: a gap, though the total is 60
    e["debt_ratio"] = 75.5
    r = engine.matcher(AS_OF, "compiled").match(normalize(innovative_facts(e, ip), AS_OF))
    assert r.derived["derived.innovative_sme_total"] == 60
    assert r.outcomes["innovative_sme/criteria/growth_min"] is False
    assert r.outcomes["innovative_sme/criteria/score_total"] is True


def near(*edges: float) -> st.SearchStrategy[float]:
    return st.sampled_from(sorted({max(0.0, x + d) for x in edges for d in (-0.01, 0, 0.01)}))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rd=near(0, 10, 20, 30, 50, 80), revenue_prev=st.sampled_from([0.0, 900.0, 1000.0]),
       revenue=near(0, 1000, 1050, 1100, 1150), debt=near(0, 55, 75, 100),
       strategic=st.booleans(), main=near(0, 50, 55, 60, 70, 100),
       ip=st.fixed_dictionaries({k: st.integers(0, 2) for k in (
           "class1_main_product", "high_value_invention_patents", "invention_patents_self_developed",
           "utility_models", "designs", "software_copyrights")}))
def test_innovative_sme_matches_the_reference(engine, rd, revenue_prev, revenue, debt, strategic, main, ip) -> None:
    e = {"revenue": revenue, "revenue_prev": revenue_prev, "rd_expense": rd, "debt_ratio": debt,
         "in_strategic_emerging": strategic, "main_business_share": main}
    expected = innovative_reference(e, ip)
    r = engine.matcher(AS_OF, "compiled").match(normalize(innovative_facts(e, ip), AS_OF))
    got = {k: r.derived[f"derived.innovative_sme_{k}"] for k in expected}
    assert got == expected
    verdicts = {k: r.outcomes[f"innovative_sme/criteria/{k}"]
                for k in ("score_total", "innovation_min", "growth_min", "specialization_min")}
    assert verdicts == {"score_total": expected["total"] >= 60, "innovation_min": expected["innovation"] >= 20,
                        "growth_min": expected["growth"] >= 15, "specialization_min": expected["specialization"] >= 15}


# ---- 科技型中小企业 (§8b) -----------------------------------------------------------------------------

def tech_sme_reference(e: dict, ip: dict) -> int:
    """科技人员 20 + 研发投入 50 (the better of two measures) + 科技成果 30."""
    staff = first([(share_at_least(e["tech_staff"], e["employees"], pct), pts)
                   for pct, pts in ((30, 20), (25, 16), (20, 12), (15, 8), (10, 4))])
    by_sales = first([(share_at_least(e["rd_expense"], e["revenue"], pct), pts)
                      for pct, pts in ((6, 50), (5, 40), (4, 30), (3, 20), (2, 10))])
    by_costs = first([(share_at_least(e["rd_expense"], e["total_costs"], pct), pts)
                      for pct, pts in ((30, 50), (25, 40), (20, 30), (15, 20), (10, 10))])
    class1 = ip["invention_patents"] + ip["ic_layouts"] + ip["plant_varieties"]
    class2 = ip["utility_models"] + ip["designs"] + ip["software_copyrights"]
    results = 30 if class1 >= 1 else first([(class2 >= n, pts) for n, pts in ((4, 24), (3, 18), (2, 12), (1, 6))])
    return staff + max(by_sales, by_costs) + results


def tech_sme_facts(e: dict, ip: dict) -> dict:
    facts = {f"enterprise.{k}": v for k, v in e.items()}
    facts.update({f"ip.{k}": v for k, v in ip.items()})
    return facts


def test_tech_sme_worked_example(engine) -> None:
    """By hand, from the table:
    科技人员 22 / 130 = 16.9 %            → 15–20 % → 8
    研发 / 销售收入 90 / 2500 = 3.6 %      → 3–4 %  → 20
    研发 / 成本费用 90 / 400 = 22.5 %      → 20–25 % → 30   the better: 30
    Ⅰ类 0; Ⅱ类 2 utility models + 1 software copyright = 3 → 18
    score 8 + 30 + 18 = 56 < 60: a gap of 4 points, though the tech-staff points are not 0."""
    e = {"employees": 130, "tech_staff": 22, "revenue": 2500.0, "rd_expense": 90.0, "total_costs": 400.0}
    ip = {"invention_patents": 0, "ic_layouts": 0, "plant_varieties": 0, "utility_models": 2, "designs": 0,
          "software_copyrights": 1}
    assert tech_sme_reference(e, ip) == 56
    facts = dict(tech_sme_facts(e, ip), **{"qualifications.high_tech_enterprise": False,
                                           "qualifications.rd_institution": "none"})
    for m in MATCHERS:
        r = engine.matcher(AS_OF, m).match(normalize(facts, AS_OF))
        assert r.derived["derived.tech_sme_score"] == 56, m
        assert r.outcomes["tech_sme/criteria/score_or_direct"] is False, m
        assert r.outcomes["tech_sme/criteria/tech_staff_or_direct"] is True, m
    # a fourth Ⅱ类 item: 18 → 24, score 62
    facts["ip.designs"] = 1
    assert engine.matcher(AS_OF, "compiled").match(normalize(facts, AS_OF)).derived["derived.tech_sme_score"] == 62


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(staff=st.sampled_from([0, 9, 10, 14, 15, 19, 20, 24, 25, 29, 30, 100]), employees=st.sampled_from([0, 100]),
       rd=near(0, 20, 30, 40, 50, 60), revenue=st.sampled_from([0.0, 1000.0]),
       costs=st.sampled_from([0.0, 60.0, 100.0, 200.0, 1000.0]),
       ip=st.fixed_dictionaries({k: st.integers(0, 5) if k == "utility_models" else st.integers(0, 1) for k in (
           "invention_patents", "ic_layouts", "plant_varieties", "utility_models", "designs", "software_copyrights")}))
def test_tech_sme_matches_the_reference(engine, staff, employees, rd, revenue, costs, ip) -> None:
    e = {"employees": employees, "tech_staff": min(staff, employees), "revenue": revenue, "rd_expense": rd,
         "total_costs": costs}
    r = engine.matcher(AS_OF, "compiled").match(normalize(tech_sme_facts(e, ip), AS_OF))
    assert r.derived["derived.tech_sme_score"] == tech_sme_reference(e, ip)
