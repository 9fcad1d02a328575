"""sme_size reproduces the 2011 classification notice: the worked readings and every sector's
boundaries, checked against an independent table kept here in the test (not the rulebook)."""

from __future__ import annotations

import pytest

from zhice.eval import normalize

from conftest import AS_OF

# sector: (industry codes, upper bounds (any one below → 中小微), medium lower bounds, small lower bounds)
# bounds are {field: value}; fields: employees (人), revenue (万元), total_assets (万元)
TABLE = {
    "agriculture": (["A01"], {"revenue": 20000}, {"revenue": 500}, {"revenue": 50}),
    "industry": (["B06", "C39", "D44"], {"employees": 1000, "revenue": 40000}, {"employees": 300, "revenue": 2000},
                 {"employees": 20, "revenue": 300}),
    "construction": (["E47"], {"revenue": 80000, "total_assets": 80000}, {"revenue": 6000, "total_assets": 5000},
                     {"revenue": 300, "total_assets": 300}),
    "wholesale": (["F51"], {"employees": 200, "revenue": 40000}, {"employees": 20, "revenue": 5000},
                  {"employees": 5, "revenue": 1000}),
    "retail": (["F52"], {"employees": 300, "revenue": 20000}, {"employees": 50, "revenue": 500},
               {"employees": 10, "revenue": 100}),
    # 交通运输业 excludes 铁路运输业 G53 (300号 三); 装卸搬运 G591 (GB/T 4754-2017) is 交通运输业, not 仓储业
    "transport": (["G54", "G58", "G591"], {"employees": 1000, "revenue": 30000}, {"employees": 300, "revenue": 3000},
                  {"employees": 20, "revenue": 200}),
    "warehousing": (["G592", "G599"], {"employees": 200, "revenue": 30000}, {"employees": 100, "revenue": 1000},
                    {"employees": 20, "revenue": 100}),
    "postal": (["G60"], {"employees": 1000, "revenue": 30000}, {"employees": 300, "revenue": 2000},
               {"employees": 20, "revenue": 100}),
    "hospitality": (["H61", "H62"], {"employees": 300, "revenue": 10000}, {"employees": 100, "revenue": 2000},
                    {"employees": 10, "revenue": 100}),
    "telecom": (["I63", "I64"], {"employees": 2000, "revenue": 100000}, {"employees": 100, "revenue": 1000},
                {"employees": 10, "revenue": 100}),
    "software": (["I65"], {"employees": 300, "revenue": 10000}, {"employees": 100, "revenue": 1000},
                 {"employees": 10, "revenue": 50}),
    "real_estate": (["K701"], {"revenue": 200000, "total_assets": 10000}, {"revenue": 1000, "total_assets": 5000},
                    {"revenue": 100, "total_assets": 2000}),
    "property": (["K702"], {"employees": 1000, "revenue": 5000}, {"employees": 300, "revenue": 1000},
                 {"employees": 100, "revenue": 500}),
    "leasing": (["L72"], {"employees": 300, "total_assets": 120000}, {"employees": 100, "total_assets": 8000},
                {"employees": 10, "total_assets": 100}),
    "other": (["M73", "K70", "P83", "G53"], {"employees": 300}, {"employees": 100}, {"employees": 10}),
}


def reference(upper: dict, medium: dict, small: dict, values: dict) -> str:
    if all(values[f] >= v for f, v in upper.items()):
        return "large"
    if all(values[f] >= v for f, v in medium.items()):
        return "medium"
    if all(values[f] >= v for f, v in small.items()):
        return "small"
    return "micro"


@pytest.fixture(scope="module", params=["compiled", "durable"])
def size_of(request, derivations_engine):
    if request.param == "durable":
        pytest.importorskip("durable.engine")
    matcher = derivations_engine.matcher(AS_OF, request.param)

    def size(industry: str, **values: float) -> str | None:
        facts = {"enterprise.industry": industry}
        facts.update({f"enterprise.{k}": v for k, v in values.items()})
        return matcher.match(normalize(facts, AS_OF)).derived.get("derived.sme_size")
    return size


@pytest.mark.parametrize(("industry", "employees", "revenue", "expected"), [
    ("C39", 1500, 30000, "medium"),  # 工业, below the revenue bound → 中小微; both medium bounds met
    ("C39", 500, 1000, "small"),     # not medium (revenue < 2000); small (≥20, ≥300)
    ("I65", 8, 5000, "micro"),       # 软件, staff < 10
    ("C39", 1200, 50000, "large"),
])
def test_worked_readings(size_of, industry, employees, revenue, expected) -> None:
    assert size_of(industry, employees=employees, revenue=revenue, total_assets=0) == expected


def _cases():
    """For every sector and tier: exactly on the bounds, and just below each bound in turn."""
    for sector, (codes, upper, medium, small) in TABLE.items():
        for tier_bounds in (upper, medium, small):
            on = {"employees": 0, "revenue": 0, "total_assets": 0}
            on.update(tier_bounds)
            variants = [("on", on)] + [(f"{f}-1", dict(on, **{f: v - 1})) for f, v in tier_bounds.items()]
            for label, values in variants:
                for code in codes:
                    yield pytest.param(code, values, reference(upper, medium, small, values),
                                       id=f"{sector}-{code}-{'/'.join(f'{k}{v}' for k, v in tier_bounds.items())}-{label}")


@pytest.mark.parametrize(("industry", "values", "expected"), list(_cases()))
def test_sector_boundaries(size_of, industry, values, expected) -> None:
    assert size_of(industry, **values) == expected


def test_unknown_inputs_give_unknown_size(size_of) -> None:
    assert size_of("C39", employees=500) is None          # revenue unknown: medium or small undecided
    assert size_of("C39", employees=5) == "micro"         # fewer than 20 staff: micro whatever the revenue
    assert size_of("C39", employees=1500, revenue=1000) == "small"


def test_missing_industry_gives_unknown(derivations_engine) -> None:
    m = derivations_engine.matcher(AS_OF, "compiled")
    assert "derived.sme_size" not in m.match(normalize({"enterprise.employees": 5}, AS_OF)).derived
