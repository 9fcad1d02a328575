"""``zhice whatif``: the smallest verified changes that make a program eligible.

The key property: for every example profile and every program with status ``gap``, applying the
first change set (as ``--set`` would) makes the program ``eligible``; a program that profile
changes cannot reach says why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from zhice import Engine, load_profile, profile_from_data
from zhice.cli import cli, parse_sets
from zhice.profile import with_changes
from zhice.whatif import describe_change, set_text, suggest

from conftest import AS_OF, EXAMPLES, GAP_PROFILE



@pytest.fixture(scope="module")
def demo_engine(demo_grant_rulebooks: Path) -> Engine:
    return Engine(demo_grant_rulebooks)


def variant(**changes: object) -> dict:
    data = json.loads(json.dumps(GAP_PROFILE))
    for path, value in changes.items():
        section, name = path.split("__")
        data.setdefault(section, {})[name] = value
    return data


def test_smallest_change_set(demo_engine: Engine) -> None:
    w = suggest(demo_engine, profile_from_data(GAP_PROFILE), "demo_grant", as_of=AS_OF, matcher="compiled")
    assert w.status == "gap" and w.reachable
    best = w.options[0]
    assert len(best.changes) == 3
    assert best.changes["ip.invention_patents"] == 2
    assert best.changes["enterprise.rd_expense"] == 300.0   # ratio: raise the numerator to 5% of 6000
    assert best.changes.get("ip_management.ip_ledger") is True or best.changes.get("ip_management.ip_staff") == 1
    text = best.describe()
    assert "有效发明专利数 +1 件（1 件 → 2 件）" in text
    assert "研发费用提高到 300 万元（当前 150 万元，还差 150 万元）" in text
    assert "--set ip.invention_patents=2" in best.set_args() and "--set enterprise.rd_expense=300" in best.set_args()
    for opt in w.options:   # every option is verified and none contains another
        assert opt.status_after == "eligible"
        assert not any(o is not opt and set(o.changes.items()) <= set(opt.changes.items()) for o in w.options)


def test_fewer_changes_first(demo_engine: Engine) -> None:
    prof = profile_from_data(variant(enterprise__rd_expense=600, ip_management__ip_ledger=True))
    w = suggest(demo_engine, prof, "demo_grant", as_of=AS_OF, matcher="compiled")
    assert [o.changes for o in w.options][0] == {"ip.invention_patents": 2}


def test_unknown_fields_are_filled_in(demo_engine: Engine) -> None:
    data = variant()
    del data["ip_management"]
    w = suggest(demo_engine, profile_from_data(data), "demo_grant", as_of=AS_OF, matcher="compiled")
    assert w.status == "gap" and w.options
    assert any("当前未知" in d for o in w.options for d in o.describe())


def test_scope_failure_is_not_reachable(demo_engine: Engine) -> None:
    w = suggest(demo_engine, profile_from_data(variant(enterprise__province="江苏省")), "demo_grant", as_of=AS_OF)
    assert w.status == "not_applicable" and not w.reachable and not w.options
    assert "不适用" in (w.reason or "")


def test_derived_fact_blocks(demo_engine: Engine) -> None:
    big = variant(enterprise__employees=5000, enterprise__revenue=900000, enterprise__total_assets=900000,
                  enterprise__rd_expense=90000)
    w = suggest(demo_engine, profile_from_data(big), "demo_grant", as_of=AS_OF, matcher="compiled")
    assert w.status == "gap" and not w.reachable and not w.options
    assert any("企业规模" in b and "小微企业" in b for b in w.blockers)   # the derived fact by its title


def test_eligible_and_achieved_need_nothing(demo_engine: Engine) -> None:
    ok = variant(ip__invention_patents=2, enterprise__rd_expense=300, ip_management__ip_ledger=True)
    assert suggest(demo_engine, profile_from_data(ok), "demo_grant", as_of=AS_OF).reason == "已符合，无需调整"
    held = variant(qualifications__jinzhongzi=True)
    assert suggest(demo_engine, profile_from_data(held), "demo_grant", as_of=AS_OF).status == "achieved"


def test_cli_prints_set_arguments_that_work(demo_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(GAP_PROFILE, allow_unicode=True), encoding="utf-8")
    runner = CliRunner()
    books = str(demo_engine.rulebooks.root)
    result = runner.invoke(cli, ["whatif", "demo_grant", str(path), "--rulebooks", books, "--as-of", AS_OF.isoformat(),
                                 "--matcher", "compiled"])
    assert result.exit_code == 0, result.output
    assert "方案 1（3 项调整）→ 符合" in result.output
    line = next(l for l in result.output.splitlines() if "验证：zhice checkup" in l)
    sets = line.split("--program demo_grant ")[1].split()
    args = [a for a in sets if a != "--set"]
    check = runner.invoke(cli, ["checkup", str(path), "--rulebooks", books, "--as-of", AS_OF.isoformat(),
                                "--program", "demo_grant", "--format", "json", "--matcher", "compiled",
                                *[x for a in args for x in ("--set", a)]])
    assert check.exit_code == 0, check.output
    assert json.loads(check.output)["programs"][0]["status"] == "eligible"


def test_value_text() -> None:
    assert set_text(True) == "true" and set_text(312.0) == "312" and set_text(12.5) == "12.5"
    assert describe_change("qualifications.tech_sme", False, True) == "已入库科技型中小企业：否 → 是"


# ---- the property over the shipped catalog and the example profiles ------------------------------

@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_gap_of_every_example(engine: Engine, path: Path) -> None:
    prof = load_profile(path)
    report = engine.checkup(prof, as_of=AS_OF, matcher="compiled")
    for prog in report.programs:
        if prog.status != "gap":
            continue
        w = suggest(engine, prof, prog.id, as_of=AS_OF, matcher="compiled", limit=1)
        if not w.options:
            assert not w.reachable and w.reason, f"{prog.id}: no change set and no reason"
            continue
        changes = w.options[0].changes
        # apply the change set the way a user would: through --set's parser
        typed = parse_sets(tuple(a.removeprefix("--set ") for a in w.options[0].set_args()))
        assert typed == changes
        after = engine.checkup(with_changes(prof, typed), as_of=AS_OF, matcher="compiled", programs=[prog.id])
        assert after.programs[0].status == "eligible", f"{path.name} {prog.id}: {changes}"


def test_whatif_says_the_size_of_each_change_and_choices_in_chinese() -> None:
    assert describe_change("enterprise.rd_expense_3y", 30.0, 60.0) == \
        "近三年研发费用合计提高到 60 万元（当前 30 万元，还差 30 万元）"
    assert describe_change("enterprise.debt_ratio", 80.0, 60.0) == "资产负债率降低到 60%（当前 80%，需减少 20%）"
    assert describe_change("ip_management.gbt29490", "none", "certified_2023") == \
        "贯标状态：未贯标 → 已通过认证（2023 版）"
