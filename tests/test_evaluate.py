"""Program status precedence, gap sizes, next steps, dated thresholds, checklists and the roadmap,
on the demo rulebooks of tests/fixtures/rulebooks_core (so the catalog may change freely)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhice.profile import profile_from_data


def make(**sections) -> object:
    data = {"enterprise": {"name": "测试企业", "province": "浙江省", "industry": "C39", "employees": 50,
                           "revenue": 1000.0, "rd_expense": 40.0}}
    for section, values in sections.items():
        data.setdefault(section, {}).update(values)
    return profile_from_data(data)


@pytest.fixture(params=["compiled", "durable"])
def run(request, core_engine):
    if request.param == "durable":
        pytest.importorskip("durable.engine")

    def go(profile, as_of="2026-11-21", **kw):
        return core_engine.checkup(profile, as_of=as_of, matcher=request.param, **kw)
    return go


def test_eligible_when_every_criterion_met(run) -> None:
    r = run(make(ip={"invention_patents": 3}, qualifications={"tech_sme": True}))
    p = r.program("demo_grant")
    assert p.status == "eligible"
    assert p.next_steps == ["向测试机关提交申请"]
    assert [c.status for c in p.criteria] == ["met", "met", "met"]


def test_gap_is_quantified(run) -> None:
    r = run(make(ip={"invention_patents": 1}, qualifications={"tech_sme": True}))
    p = r.program("demo_grant")
    assert p.status == "gap"
    gap = next(c for c in p.criteria if c.id == "patents")
    assert gap.status == "unmet"
    assert gap.gap == "还差 2 件发明专利（当前 1 件，需 3 件）"
    assert gap.actual == {"ip.invention_patents": 1}
    assert "申请发明专利并请求优先审查" in p.next_steps


def test_ratio_gap_names_the_share_and_the_amount(run) -> None:
    r = run(make(ip={"invention_patents": 3}, qualifications={"tech_sme": True}, enterprise={"rd_expense": 21.0}))
    c = next(c for c in r.program("demo_grant").criteria if c.id == "rd_ratio")
    assert c.status == "unmet"
    assert c.gap == "研发费用占比 2.1%，需达到 3%（还需增加约 9 万元）"


def test_scope_failure_is_not_applicable_even_with_gaps(run) -> None:
    r = run(make(enterprise={"province": "江苏省"}, ip={"invention_patents": 0}))
    assert r.program("demo_grant").status == "not_applicable"


def test_large_enterprise_out_of_scope_through_derived_size(run) -> None:
    r = run(make(enterprise={"employees": 5000, "revenue": 90000.0}, ip={"invention_patents": 9}))
    assert r.derived["sme_size"] == "large"
    assert r.program("demo_grant").status == "not_applicable"


def test_held_title_is_achieved(run) -> None:
    r = run(make(qualifications={"jinzhongzi": True}))
    assert r.program("demo_grant").status == "achieved"


def test_unknown_is_insufficient_data_and_lists_missing_fields(run) -> None:
    r = run(make(qualifications={"tech_sme": True}))  # invention_patents unknown
    p = r.program("demo_grant")
    assert p.status == "insufficient_data"
    assert p.missing_fields == ["ip.invention_patents"]
    assert any("有效发明专利数" in s for s in p.next_steps)


def test_unmet_wins_over_unknown_and_unknowns_are_still_listed(run) -> None:
    r = run(make(qualifications={"tech_sme": False}))
    p = r.program("demo_grant")
    assert p.status == "gap"
    assert "ip.invention_patents" in p.missing_fields


def test_missing_size_inputs_leave_scope_unknown_not_false(run) -> None:
    data = {"enterprise": {"name": "X", "province": "浙江省"}, "ip": {"invention_patents": 5},
            "qualifications": {"tech_sme": True}, }
    r = run(profile_from_data(data))
    p = r.program("demo_grant")
    assert p.status == "insufficient_data"
    assert "enterprise.industry" in p.missing_fields


def test_dated_threshold_follows_as_of(run) -> None:
    prof = make(ip={"invention_patents": 4}, qualifications={"tech_sme": True})
    assert run(prof, as_of="2026-12-31").program("demo_grant").status == "eligible"
    later = run(prof, as_of="2027-01-01").program("demo_grant")
    assert later.status == "gap"
    assert "还差 1 件" in next(c.gap for c in later.criteria if c.id == "patents")


def test_outside_the_effective_window_says_so(run) -> None:
    p = run(make(), as_of="2031-01-01").program("demo_grant")
    assert p.status == "not_applicable"
    assert "有效期" in p.notice


def test_inferred_program_needs_verification(run) -> None:
    p = run(make(ip={"invention_patents": 2})).program("demo_other")
    assert p.status == "eligible" and p.confidence == "inferred" and p.needs_verification
    assert "核实" in p.notice


def test_checklist_score_grade_and_range(run) -> None:
    full = run(make(trade_secrets={"staff_nda": True, "secure_zones": True, "emergency_plan": False}))
    c = full.program("demo_checklist")
    assert (c.status, c.score, c.grade) == ("eligible", 75.0, "合格")
    assert "制定应急预案" in c.next_steps
    partial = run(make(trade_secrets={"staff_nda": False})).program("demo_checklist")
    assert partial.status == "gap" and partial.score is None and partial.score_range == [0.0, 50.0]
    open_ = run(make(trade_secrets={"staff_nda": True})).program("demo_checklist")
    assert open_.status == "insufficient_data" and open_.score_range == [50.0, 100.0]


def test_roadmap_merges_steps_and_counts_unlocks(run) -> None:
    r = run(make(ip={"invention_patents": 0}, qualifications={"tech_sme": False}))
    first = r.roadmap[0]
    # the shared step id merges the two programs' patent steps; demo_grant also waits on demo_other
    assert first.step == "申请发明专利并请求优先审查"
    assert set(first.unlocks) == {"demo_grant", "demo_other"}
    assert all(len(a.unlocks) >= len(b.unlocks) for a, b in zip(r.roadmap, r.roadmap[1:]) if a.kind == b.kind)


def test_summary_counts_every_program(run) -> None:
    r = run(make())
    assert sum(r.summary.values()) == len(r.programs) == 3


def test_program_filter_and_unknown_program(run, core_engine) -> None:
    r = run(make(), programs=["demo_other"])
    assert [p.id for p in r.programs] == ["demo_other"]
    from zhice.errors import UsageError

    with pytest.raises(UsageError, match="demo_grant"):
        core_engine.checkup(make(), programs=["demo_grnt"])


def test_as_of_default_is_today(core_engine) -> None:
    assert core_engine.checkup(make(), matcher="compiled").as_of == dt.date.today().isoformat()


def test_before_the_window_compiles_and_says_so(run) -> None:
    """demo_grant's parameters start in 2024: an evaluation in 2023 still compiles."""
    p = run(make(), as_of="2023-06-01").program("demo_grant")
    assert p.status == "not_applicable" and "有效期" in p.notice


@pytest.mark.parametrize("matcher", ["compiled", "durable"])
def test_assess_gives_the_statuses_and_gap_counts_of_the_full_checkup(engine, matcher):
    """Engine.assess (the screening path) decides exactly what checkup reports, for every example
    profile of the shipped catalog, also for checklists, held titles and programs out of force."""
    from pathlib import Path

    from zhice.profile import load_profile

    if matcher == "durable":
        pytest.importorskip("durable.engine")
    examples = sorted((Path(__file__).parent.parent / "profiles" / "examples").glob("*.yaml"))
    assert len(examples) >= 6
    seen: set[str] = set()
    for path in examples:
        profile = load_profile(path)
        founded = profile.enterprise.registered_on
        # a profile founded after the as-of date is refused (DESIGN: 成立日期 after as-of is an error)
        for as_of in [d for d in ("2026-11-21", "2019-01-01") if founded is None or founded.isoformat() <= d]:
            report = engine.checkup(profile, as_of=as_of, matcher=matcher)
            full = [(p.id, p.status, sum(1 for c in p.criteria if c.status == "unmet")) for p in report.programs]
            assert engine.assess(profile, as_of=as_of, matcher=matcher).verdicts == full, path.name
            seen |= {status for _, status, _ in full}
    assert seen == {"eligible", "gap", "not_applicable", "insufficient_data", "achieved"}


@pytest.mark.parametrize("matcher", ["compiled", "durable"])
def test_a_score_left_open_by_missing_data_reports_its_range(engine, matcher):
    """derived stays null (unknown, never a guess); derived_ranges gives what is still possible."""
    if matcher == "durable":
        pytest.importorskip("durable.engine")
    profile = profile_from_data({"enterprise": {"name": "x", "province": "浙江省", "industry": "I65",
                                                "employees": 50, "revenue": 3000.0, "rd_expense": 200.0}})
    report = engine.checkup(profile, as_of="2026-11-21", matcher=matcher)
    total = "innovative_sme_total"
    assert report.derived[total] is None
    lo, hi = report.derived_ranges[total]
    assert 0 <= lo < hi <= 100
    assert report.to_json_dict()["derived_ranges"][total] == [lo, hi]
    # a decided score has a value and no range entry
    assert report.derived["sme_size"] == "small" and "sme_size" not in report.derived_ranges
